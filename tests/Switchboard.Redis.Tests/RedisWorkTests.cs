using Switchboard.Core.Work;

namespace Switchboard.Redis.Tests;

/// <summary>The queue contract against a Redis server (standalone or cluster), on the real clock.</summary>
public abstract class RedisWorkQueueContract(IRedisTestServer redis) : WorkQueueContract
{
    private readonly string _prefix = RedisTestPrefix.New("work");

    protected override TimeSpan Tick => TimeSpan.FromMilliseconds(500);

    protected override TimeProvider Time => TimeProvider.System;

    protected override IWorkQueue CreateQueue() => CreateQueue(redis.Connection);

    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);

    protected IWorkQueue CreateQueue(RedisConnection connection, WorkQueueOptions? options = null) =>
        new RedisWorkQueue(connection, redis.Options(_prefix), options ?? Options, TimeProvider.System);

    [Fact]
    public async Task Queue_ReadThroughANewConnection_KeepsReadyLeasedDelayedAndDeadItems()
    {
        // Long enough that a slow run (a loaded machine) still finds the first enqueue's id remembered at the end.
        var remembering = Options with { IdempotencyWindow = TimeSpan.FromMinutes(5) };
        var before = CreateQueue(redis.Connection, remembering);
        await before.EnqueueAsync(Queue, Item("leased", "conversation:a"), null, None);
        await before.EnqueueAsync(Queue, Item("held-back", "conversation:a"), null, None);
        await before.EnqueueAsync(Queue, Item("ready", "conversation:b", "kept 🖨️"), null, None);
        await before.EnqueueAsync(Queue, Item("later", "conversation:c"), Time.GetUtcNow().AddHours(1), None);
        var leased = Assert.Single(await before.ReceiveAsync(Queue, "worker-1", 1, Lease, None));
        var beforeStats = await before.GetStatsAsync(Queue, None);

        await using var connection = new RedisConnection(redis.Options(_prefix));
        var after = CreateQueue(connection, remembering);

        Assert.Equal(beforeStats with { OldestAge = null, OldestDueAge = null }, (await after.GetStatsAsync(Queue, None)) with { OldestAge = null, OldestDueAge = null });
        Assert.True(await after.AckAsync(Queue, leased, None));
        var next = await after.ReceiveAsync(Queue, "worker-2", 10, Lease, None);
        Assert.Equal(["held-back", "ready"], next.Select(l => l.Item.Id).Order());
        Assert.Equal("kept 🖨️", next.Single(l => l.Item.Id == "ready").Item.Payload);
        Assert.False(await after.EnqueueAsync(Queue, Item("ready", "conversation:b"), null, None));
    }
}

/// <summary>The scheduler contract against a Redis server (standalone or cluster), on the real clock.</summary>
public abstract class RedisSchedulerContract(IRedisTestServer redis) : SchedulerContract
{
    private readonly string _prefix = RedisTestPrefix.New("schedule");

    protected override TimeSpan Tick => TimeSpan.FromMilliseconds(500);

    protected override TimeProvider Time => TimeProvider.System;

    protected override IScheduler CreateScheduler() => new RedisScheduler(redis.Connection, redis.Options(_prefix), TimeProvider.System);

    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);

    [Fact]
    public async Task Schedule_ReadThroughANewConnection_KeepsJobsAndClaims()
    {
        var before = CreateScheduler();
        var overdue = Job("overdue", Time.GetUtcNow().AddHours(-1));
        var later = Job("later", DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds()));
        await before.ScheduleAsync(overdue, None);
        await before.ScheduleAsync(later, None);
        await before.ScheduleAsync(Job("claimed", Time.GetUtcNow()), None);
        var claim = Assert.Single(await before.ClaimDueAsync(1, TimeSpan.FromHours(1), None), l => l.Job.Id == "overdue");

        await using var connection = new RedisConnection(redis.Options(_prefix));
        var after = new RedisScheduler(connection, redis.Options(_prefix), TimeProvider.System);

        Assert.Equal(later, await after.GetAsync("later", None));
        Assert.Equal(["claimed"], (await after.ClaimDueAsync(10, Lease, None)).Select(l => l.Job.Id));
        Assert.True(await after.CompleteAsync(claim, None));
    }
}

[Collection(RedisServerCollection.Name)]
public sealed class RedisWorkQueueTests(RedisServerFixture redis) : RedisWorkQueueContract(redis);

[Collection(RedisServerCollection.Name)]
public sealed class RedisSchedulerTests(RedisServerFixture redis) : RedisSchedulerContract(redis);

/// <summary>Queue and schedule survive a restart of the Redis server itself, read back by a new process's connection.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisWorkRestartTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task QueueAndSchedule_AfterRedisRestart_AreKept()
    {
        var options = redis.Options(RedisTestPrefix.New("work-restart"));
        var queueOptions = new WorkQueueOptions();
        var job = new ScheduledJob("sla:IT-1001", "sla-reminder", "{}", DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()));
        await new RedisWorkQueue(redis.Connection, options, queueOptions, TimeProvider.System)
            .EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{\"text\":\"VPN\"}"), null, None);
        await new RedisScheduler(redis.Connection, options, TimeProvider.System).ScheduleAsync(job, None);

        await redis.RestartAsync(None);
        await using var connection = new RedisConnection(options);

        var lease = Assert.Single(await new RedisWorkQueue(connection, options, queueOptions, TimeProvider.System)
            .ReceiveAsync("inbound", "after-restart", 10, TimeSpan.FromMinutes(1), None));
        Assert.Equal(new WorkItem("d1", "conversation:a", "{\"text\":\"VPN\"}"), lease.Item);
        Assert.Equal(job, Assert.Single(await new RedisScheduler(connection, options, TimeProvider.System).ClaimDueAsync(10, TimeSpan.FromMinutes(1), None)).Job);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IScheduler"/> must do; derive once per implementation.</summary>
public abstract class SchedulerContract
{
    protected static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The unit the tests' leases and due times are made of: with a real clock, long enough for a busy machine.</summary>
    protected abstract TimeSpan Tick { get; }

    /// <summary>The clock the scheduler runs on.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>
    /// A scheduler over this test's backend (for shared backends: under a key prefix no other test uses).
    /// Every call returns another scheduler over the same jobs, as another instance of the app would be.
    /// </summary>
    protected abstract IScheduler CreateScheduler();

    /// <summary>Makes <paramref name="span"/> pass for the scheduler (advance a fake clock, or wait).</summary>
    protected abstract Task LetTimePassAsync(TimeSpan span);

    protected TimeSpan Lease => Tick * 2;

    /// <summary>Now, to the millisecond: what stores keep.</summary>
    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().ToUnixTimeMilliseconds());

    [Fact]
    public async Task Claim_BeforeDue_ReturnsNothing()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now + Tick * 3), None);

        Assert.Empty(await scheduler.ClaimDueAsync(10, Lease, None));
    }

    [Fact]
    public async Task Claim_WhenDue_ReturnsJobOnItsFirstAttempt()
    {
        var scheduler = CreateScheduler();
        var job = Job("sla:IT-1001", Now + Tick);
        await scheduler.ScheduleAsync(job, None);

        await LetTimePassAsync(Tick * 1.5);

        var lease = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));
        Assert.Equal((job, 1), (lease.Job, lease.Attempt));
    }

    [Fact]
    public async Task Claim_WhileClaimed_ReturnsNothing()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        await scheduler.ClaimDueAsync(10, Lease, None);

        Assert.Empty(await CreateScheduler().ClaimDueAsync(10, Lease, None));
    }

    [Fact]
    public async Task Claim_AfterLeaseRunsOut_ReturnsJobAgainWithNextAttempt()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        var first = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));

        await LetTimePassAsync(Lease * 1.5);

        var again = Assert.Single(await CreateScheduler().ClaimDueAsync(10, Lease, None));
        Assert.Equal((first.Job, 2), (again.Job, again.Attempt));
        Assert.NotEqual(first.Token, again.Token);
    }

    [Fact]
    public async Task Complete_WithCurrentClaim_RemovesJob()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        var lease = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));

        Assert.True(await scheduler.CompleteAsync(lease, None));

        Assert.Null(await scheduler.GetAsync("sla:IT-1001", None));
        await LetTimePassAsync(Lease * 1.5);
        Assert.Empty(await scheduler.ClaimDueAsync(10, Lease, None));
        Assert.False(await scheduler.CompleteAsync(lease, None));
    }

    [Fact]
    public async Task Complete_WithClaimThatRanOutAndWasClaimedAgain_IsRefused()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        var stale = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));
        await LetTimePassAsync(Lease * 1.5);
        var current = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));

        Assert.False(await scheduler.CompleteAsync(stale, None));
        Assert.False(await scheduler.ReleaseAsync(stale, Now, None));
        Assert.True(await scheduler.CompleteAsync(current, None));
    }

    [Fact]
    public async Task Schedule_SameIdAgain_ReschedulesAndReplacesJob()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("survey:IT-1001", Now + Tick, "first"), None);
        var moved = new ScheduledJob("survey:IT-1001", "survey-expiry", "second", Now + Tick * 4);

        await scheduler.ScheduleAsync(moved, None);

        Assert.Equal(moved, await scheduler.GetAsync("survey:IT-1001", None));
        await LetTimePassAsync(Tick * 2);
        Assert.Empty(await scheduler.ClaimDueAsync(10, Lease, None));
        await LetTimePassAsync(Tick * 3);
        Assert.Equal(moved, Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None)).Job);
    }

    [Fact]
    public async Task Schedule_SameIdWhileClaimed_OldClaimCannotCompleteNewJob()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("digest:it", Now), None);
        var old = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));
        var next = Job("digest:it", Now + Tick * 100, "tomorrow");

        await scheduler.ScheduleAsync(next, None);

        Assert.False(await scheduler.CompleteAsync(old, None));
        Assert.Equal(next, await scheduler.GetAsync("digest:it", None));
    }

    [Fact]
    public async Task Cancel_RemovesJobSoItNeverFires()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now + Tick), None);

        Assert.True(await scheduler.CancelAsync("sla:IT-1001", None));

        Assert.Null(await scheduler.GetAsync("sla:IT-1001", None));
        await LetTimePassAsync(Tick * 1.5);
        Assert.Empty(await scheduler.ClaimDueAsync(10, Lease, None));
        Assert.False(await scheduler.CancelAsync("sla:IT-1001", None));
    }

    [Fact]
    public async Task Cancel_WhileClaimed_OldClaimCannotComplete()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        var lease = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));

        await scheduler.CancelAsync("sla:IT-1001", None);

        Assert.False(await scheduler.CompleteAsync(lease, None));
        Assert.Null(await scheduler.GetAsync("sla:IT-1001", None));
    }

    [Fact]
    public async Task Claim_JobsThatFellDueWhileNothingRan_AreDueEarliestFirstUpToMax()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("c", Now - TimeSpan.FromHours(1)), None);
        await scheduler.ScheduleAsync(Job("a", Now - TimeSpan.FromDays(2)), None);
        await scheduler.ScheduleAsync(Job("b", Now - TimeSpan.FromDays(1)), None);
        await scheduler.ScheduleAsync(Job("future", Now + Tick * 100), None);

        var first = await CreateScheduler().ClaimDueAsync(2, Lease, None);
        var rest = await CreateScheduler().ClaimDueAsync(10, Lease, None);

        Assert.Equal(["a", "b"], first.Select(l => l.Job.Id));
        Assert.Equal(["c"], rest.Select(l => l.Job.Id));
    }

    [Fact]
    public async Task Claim_ByManySchedulersRacing_FiresEachJobOnce()
    {
        var setup = CreateScheduler();
        var ids = Enumerable.Range(1, 30).Select(i => $"job-{i}").ToList();
        foreach (var id in ids) await setup.ScheduleAsync(Job(id, Now), None);

        var claimed = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateScheduler()).Select(scheduler => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
                foreach (var lease in await scheduler.ClaimDueAsync(3, Lease, None)) claimed.Add(lease.Job.Id);
        })));

        Assert.Equal(ids.Order(), claimed.Order());
    }

    [Fact]
    public async Task Release_MakesJobDueAgainAtRetryTimeKeepingAttempts()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("sla:IT-1001", Now), None);
        var lease = Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None));

        Assert.True(await scheduler.ReleaseAsync(lease, Now + Tick, None));

        Assert.Empty(await scheduler.ClaimDueAsync(10, Lease, None));
        await LetTimePassAsync(Tick * 1.5);
        Assert.Equal(2, Assert.Single(await scheduler.ClaimDueAsync(10, Lease, None)).Attempt);
    }

    [Fact]
    public async Task Stats_CountScheduledAndDueJobs()
    {
        var scheduler = CreateScheduler();
        await scheduler.ScheduleAsync(Job("due-1", Now - Tick), None);
        await scheduler.ScheduleAsync(Job("due-2", Now - Tick), None);
        await scheduler.ScheduleAsync(Job("later", Now + Tick * 100), None);
        await scheduler.ClaimDueAsync(1, Lease, None);

        Assert.Equal(new SchedulerStats(3, 1), await scheduler.GetStatsAsync(None));
    }

    [Fact]
    public async Task Job_WithUnicodePayload_RoundTripsExactly()
    {
        var scheduler = CreateScheduler();
        var job = new ScheduledJob("kudos:ü \"1\"", "kudos-digest", "{\"text\":\"Danke — 🎉\\n\\\"super\\\"\"}\r\n", Now + Tick * 10);

        await scheduler.ScheduleAsync(job, None);

        Assert.Equal(job, await scheduler.GetAsync(job.Id, None));
    }

    [Fact]
    public async Task Runner_TwoInstancesRacing_RunEachJobOnceAndCompleteIt()
    {
        var ids = Enumerable.Range(1, 12).Select(i => $"job-{i}").ToList();
        var setup = CreateScheduler();
        foreach (var id in ids) await setup.ScheduleAsync(Job(id, Now - Tick), None);
        var handler = new CountingHandler(ids.Count);
        var options = new SchedulerRunnerOptions { Lease = Tick * 50, PollInterval = Tick, MaxConcurrency = 3 };
        var runners = Enumerable.Range(0, 2)
            .Select(_ => new SchedulerRunner(CreateScheduler(), [handler], options, Time, NullLogger<SchedulerRunner>.Instance)).ToList();
        using var stop = new CancellationTokenSource();

        var running = runners.Select(r => r.RunAsync(stop.Token)).ToList();
        await handler.AllRan.WaitAsync(Patience);
        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(Patience);

        Assert.Equal(ids.Order(), handler.Runs.Order());
        Assert.Equal(new SchedulerStats(0, 0), await setup.GetStatsAsync(None));
    }

    protected static ScheduledJob Job(string id, DateTimeOffset dueAt, string payload = "{}") => new(id, "sla-reminder", payload, dueAt);

    private sealed class CountingHandler(int expected) : IJobHandler
    {
        private readonly ConcurrentQueue<string> _runs = new();
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => "sla-reminder";

        public Task AllRan => _all.Task;

        public IEnumerable<string> Runs => _runs;

        public Task RunAsync(JobLease job, CancellationToken cancellationToken)
        {
            _runs.Enqueue(job.Job.Id);
            if (_runs.Count == expected) _all.TrySetResult();
            return Task.CompletedTask;
        }
    }
}

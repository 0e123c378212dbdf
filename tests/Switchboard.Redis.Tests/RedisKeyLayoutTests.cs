using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Redis.Tests;

/// <summary>The key layout documented in RedisKeys, checked against what the stores really write.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisKeyLayoutTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = RedisTestPrefix.New("layout");

    [Fact]
    public async Task CreateTicket_WritesHashTaggedTicketAndBothIndexes()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var number = await store.NextNumberAsync("it", None);

        await store.TryCreateAsync(Ticket(number, "IT"), None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        Assert.Equal("1", (string?)await db.HashGetAsync($"{_prefix}:ticket:{{IT-1001}}", "version"));
        Assert.Equal(1, (long)await db.StringGetAsync($"{_prefix}:ticket-seq:{{IT}}"));
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"{_prefix}:team-tickets:{{it}}", "IT-1001"));
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"{_prefix}:requester-tickets:{{slack:UMAYA}}", "IT-1001"));
    }

    [Fact]
    public async Task MoveTicket_RemovesEntryFromOldTeamIndex()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001), "it"), None))!;

        await store.TryUpdateAsync(created with { TeamId = "hr" }, None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        Assert.Equal(0, await db.SortedSetLengthAsync($"{_prefix}:team-tickets:{{it}}"));
        Assert.Equal(1, await db.SortedSetLengthAsync($"{_prefix}:team-tickets:{{hr}}"));
    }

    [Fact]
    public async Task MoveTicket_StoredBeforeTheTeamField_StillLeavesTheOldTeamIndex()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001), "it"), None))!;
        var db = await redis.Connection.GetDatabaseAsync(None);
        await db.HashDeleteAsync($"{_prefix}:ticket:{{IT-1001}}", "team");

        var moved = await store.TryUpdateAsync(created with { TeamId = "hr" }, None);

        Assert.NotNull(moved);
        Assert.Equal("hr", (string?)await db.HashGetAsync($"{_prefix}:ticket:{{IT-1001}}", "team"));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{_prefix}:team-tickets:{{it}}"));
        Assert.Equal(1, await db.SortedSetLengthAsync($"{_prefix}:team-tickets:{{hr}}"));
    }

    [Fact]
    public async Task WriteState_StoresValueAndETagInOneHash()
    {
        var store = new RedisStateStore(redis.Connection, redis.Options(_prefix));

        var etag = await store.TryWriteAsync("conversation:teams:a:1", "{}", null, None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        var fields = await db.HashGetAsync($"{_prefix}:state:{{conversation:teams:a:1}}", ["v", "e"]);
        Assert.Equal(["{}", etag], fields.Select(f => (string?)f));
    }

    [Fact]
    public async Task WriteState_WithTimeToLive_SetsExpiryOnTheHash()
    {
        var store = new RedisStateStore(redis.Connection, redis.Options(_prefix));

        await store.TryWriteAsync("conversation:teams:a:1", "{}", null, TimeSpan.FromDays(30), None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        var ttl = await db.KeyTimeToLiveAsync($"{_prefix}:state:{{conversation:teams:a:1}}");
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task Enqueue_WritesStreamEntryDelayedSetAndExpiringIdUnderTheQueueTag()
    {
        var queue = new RedisWorkQueue(redis.Connection, redis.Options(_prefix), new Core.Work.WorkQueueOptions(), TimeProvider.System);

        await queue.EnqueueAsync("inbound", new Core.Work.WorkItem("Ev1", "conversation:a", "{}"), null, None);
        await queue.EnqueueAsync("inbound", new Core.Work.WorkItem("Ev2", "conversation:a", "{}"), DateTimeOffset.UtcNow.AddHours(1), None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        Assert.Equal(1, await db.StreamLengthAsync($"{_prefix}:work:{{inbound}}:stream"));
        Assert.Equal(1, await db.SortedSetLengthAsync($"{_prefix}:work:{{inbound}}:delayed"));
        var ttl = await db.KeyTimeToLiveAsync($"{_prefix}:work:{{inbound}}:seen:Ev1");
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Schedule_WritesJobAndItsDueTimeUnderTheJobsTag()
    {
        var scheduler = new RedisScheduler(redis.Connection, redis.Options(_prefix), TimeProvider.System);

        await scheduler.ScheduleAsync(new Core.Work.ScheduledJob("sla:IT-1001", "sla-reminder", "{}", Monday), None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"{_prefix}:schedule:{{jobs}}:due", "sla:IT-1001"));
        Assert.True(await db.HashExistsAsync($"{_prefix}:schedule:{{jobs}}:jobs", "sla:IT-1001"));
    }

    [Fact]
    public async Task Claim_SetsKeyThatExpiresWithTheWindow()
    {
        var store = new RedisIdempotencyStore(redis.Connection, redis.Options(_prefix));

        await store.TryClaimAsync("slack:event:Ev1", TimeSpan.FromMinutes(10), None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        var ttl = await db.KeyTimeToLiveAsync($"{_prefix}:claim:{{slack:event:Ev1}}");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Claim_WithZeroWindow_Throws()
    {
        var store = new RedisIdempotencyStore(redis.Connection, redis.Options(_prefix));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryClaimAsync("slack:event:Ev1", TimeSpan.Zero, None));
    }

    private static Ticket Ticket(TicketNumber number, string teamId)
    {
        var maya = new PersonRef(TestPlatforms.Slack, "UMAYA", "Maya");
        return new Ticket(number, teamId, maya, new ConversationAddress(TestPlatforms.Slack, "DMAYA"), "Printer", "",
            Priority.Normal, TicketStatus.New, Confidentiality.Normal, Monday, null, null);
    }
}

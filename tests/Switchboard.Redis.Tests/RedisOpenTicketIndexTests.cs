using StackExchange.Redis;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Redis.Tests;

/// <summary>
/// The requester's open-ticket index in Redis: entries a crash or a lost race leaves behind, and tickets stored
/// before the index existed. (What every store must list is in the ticket store contract.)
/// </summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisOpenTicketIndexTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = RedisTestPrefix.New("open-index");

    private string OpenIndex => $"{_prefix}:requester-open:{{slack:UMAYA}}";

    private string OpenIndexBuilt => $"{_prefix}:requester-open-built:{{slack:UMAYA}}";

    [Fact]
    public async Task CreateAndResolve_AddThenRemoveTheOpenEntry()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var db = await redis.Connection.GetDatabaseAsync(None);

        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(OpenIndex, "IT-1001"));
        Assert.Equal("1", (string?)await db.HashGetAsync($"{_prefix}:ticket:{{IT-1001}}", "open"));

        await store.TryUpdateAsync(created with { Status = TicketStatus.Resolved }, None);

        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex));
        Assert.Equal("0", (string?)await db.HashGetAsync($"{_prefix}:ticket:{{IT-1001}}", "open"));
    }

    [Fact]
    public async Task ListOpenByRequester_WhenAClosedTicketsEntryWasLeftBehind_SkipsItAndRemovesIt()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1002)), None);
        await store.TryUpdateAsync(created with { Status = TicketStatus.Resolved }, None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        // As a process that died between the resolve's compare-and-set and the removal would leave it.
        await db.SortedSetAddAsync(OpenIndex, "IT-1001", Monday.ToUnixTimeMilliseconds());

        var listed = await store.ListOpenByRequesterAsync("slack:UMAYA", None);

        Assert.Equal(["IT-1002"], listed.Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1002"], (await db.SortedSetRangeByRankAsync(OpenIndex)).Select(v => (string)v!));
    }

    [Fact]
    public async Task ListOpenByRequester_WhenAnEntrysTicketDoesNotExistYet_LeavesTheEntry()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        // A creation adds its entries just before it writes the ticket: removing this one could lose that ticket.
        await db.SortedSetAddAsync(OpenIndex, "IT-1002", Monday.ToUnixTimeMilliseconds());

        var listed = await store.ListOpenByRequesterAsync("slack:UMAYA", None);

        Assert.Equal(["IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.NotNull(await db.SortedSetScoreAsync(OpenIndex, "IT-1002"));
    }

    [Fact]
    public async Task ListOpenByRequester_ForTicketsStoredBeforeTheOpenIndex_BuildsItOnceFromAllHerTickets()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)) with { Status = TicketStatus.WaitingOnRequester }, None);
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1002)) with { Status = TicketStatus.Resolved }, None);
        await store.TryCreateAsync(Ticket(new TicketNumber("HR", 1001), Monday.AddHours(1)), None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        await ForgetOpenIndexAsync(db, "IT-1001", "IT-1002", "HR-1001");

        var listed = await store.ListOpenByRequesterAsync("slack:UMAYA", None);

        Assert.Equal(["HR-1001", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1001", "HR-1001"], (await db.SortedSetRangeByRankAsync(OpenIndex)).Select(v => (string)v!));
        Assert.True(await db.KeyExistsAsync(OpenIndexBuilt));
    }

    [Fact]
    public async Task Resolve_OfTicketStoredBeforeTheOpenField_RemovesItsOpenEntry()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        var db = await redis.Connection.GetDatabaseAsync(None);
        await ForgetOpenIndexAsync(db, "IT-1001");
        Assert.Single(await store.ListOpenByRequesterAsync("slack:UMAYA", None));

        await store.TryUpdateAsync(created with { Status = TicketStatus.Resolved }, None);

        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex));
        Assert.Empty(await store.ListOpenByRequesterAsync("slack:UMAYA", None));
    }

    /// <summary>The keys and fields as a version before the open index stored them: none of them.</summary>
    private async Task ForgetOpenIndexAsync(IDatabase db, params string[] tickets)
    {
        await db.KeyDeleteAsync([OpenIndex, OpenIndexBuilt]);
        foreach (var ticket in tickets) await db.HashDeleteAsync($"{_prefix}:ticket:{{{ticket}}}", "open");
    }

    private static Ticket Ticket(TicketNumber number, DateTimeOffset? createdAt = null)
    {
        var maya = new PersonRef(TestPlatforms.Slack, "UMAYA", "Maya");
        return new Ticket(number, number.Prefix.ToLowerInvariant(), maya, new ConversationAddress(TestPlatforms.Slack, "DMAYA"), "Printer", "",
            Priority.Normal, TicketStatus.New, Confidentiality.Normal, createdAt ?? Monday, null, null);
    }
}

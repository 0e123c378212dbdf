using StackExchange.Redis;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Redis.Tests;

/// <summary>
/// The team's open-ticket index in Redis: the entries moves and closes leave and take, entries a crash or a lost
/// race leaves behind, and teams whose tickets were stored before the index existed. (What every store must list
/// is in the ticket store contract.)
/// </summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisOpenTeamTicketIndexTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = RedisTestPrefix.New("team-open-index");

    private string OpenIndex(string team) => $"{_prefix}:team-open:{{{team}}}";

    private string OpenIndexBuilt(string team) => $"{_prefix}:team-open-built:{{{team}}}";

    [Fact]
    public async Task CreateMoveAndResolve_PutTheOpenEntryInTheTeamThatHasTheTicketThenTakeItOut()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var db = await redis.Connection.GetDatabaseAsync(None);

        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(OpenIndex("it"), "IT-1001"));

        var moved = (await store.TryUpdateAsync(MovedTo(created, "HR"), None))!;
        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex("it")));
        Assert.Equal(Monday.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(OpenIndex("hr"), "IT-1001"));

        await store.TryUpdateAsync(moved with { Status = TicketStatus.Resolved }, None);
        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex("hr")));
        Assert.Equal(["IT-1001"], (await db.SortedSetRangeByRankAsync($"{_prefix}:team-tickets:{{hr}}")).Select(v => (string)v!));
    }

    [Fact]
    public async Task Update_ThatMayMoveTheTicket_AddsTheNewTeamsOpenEntryBeforeItsWrite()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        await store.TryUpdateAsync(created with { Status = TicketStatus.Assigned }, None);
        var db = await redis.Connection.GetDatabaseAsync(None);

        // Written from a version that is gone, it loses the compare-and-set: what it added first is what a crash
        // right after a winning compare-and-set would leave, so a move that dies there is still listed in its team.
        Assert.Null(await store.TryUpdateAsync(MovedTo(created, "hr"), None));

        Assert.NotNull(await db.SortedSetScoreAsync(OpenIndex("hr"), "IT-1001"));
        Assert.Empty(await store.ListOpenByTeamAsync("hr", None));
        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex("hr")));
        Assert.Equal(["IT-1001"], (await store.ListOpenByTeamAsync("it", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task Update_OfTicketNeverMovedNorClosed_AddsNoOpenEntryBeforeItsWrite()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        await store.TryUpdateAsync(created with { Status = TicketStatus.Assigned }, None);
        var db = await redis.Connection.GetDatabaseAsync(None);

        // Its team cannot differ from the stored one (no move recorded), so only the full team index is written
        // ahead: a click stays at one ZADD. A lost write shows what went ahead.
        Assert.Null(await store.TryUpdateAsync(created with { TeamId = "hr" }, None));

        Assert.NotNull(await db.SortedSetScoreAsync($"{_prefix}:team-tickets:{{hr}}", "IT-1001"));
        Assert.False(await db.KeyExistsAsync(OpenIndex("hr")));
    }

    [Fact]
    public async Task ListOpenByTeam_WhenAClosedTicketsEntryWasLeftBehind_SkipsItAndRemovesIt()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1002)), None);
        await store.TryUpdateAsync(created with { Status = TicketStatus.Cancelled }, None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        // As a process that died between the cancel's compare-and-set and the removal would leave it.
        await db.SortedSetAddAsync(OpenIndex("it"), "IT-1001", Monday.ToUnixTimeMilliseconds());

        var listed = await store.ListOpenByTeamAsync("it", None);

        Assert.Equal(["IT-1002"], listed.Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1002"], (await db.SortedSetRangeByRankAsync(OpenIndex("it"))).Select(v => (string)v!));
    }

    [Fact]
    public async Task ListOpenByTeam_WhenAMovedTicketsOldEntryWasLeftBehind_RemovesItAndIndexesTheTicketInItsTeam()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        await store.TryUpdateAsync(MovedTo(created, "hr"), None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        // As a process that died between the move's compare-and-set and its removal and re-indexing would leave it,
        // had nothing gone ahead of the write.
        await db.SortedSetAddAsync(OpenIndex("it"), "IT-1001", Monday.ToUnixTimeMilliseconds());
        await db.KeyDeleteAsync(OpenIndex("hr"));
        await db.StringSetAsync(OpenIndexBuilt("hr"), "1");

        Assert.Empty(await store.ListOpenByTeamAsync("it", None));

        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex("it")));
        Assert.NotNull(await db.SortedSetScoreAsync(OpenIndex("hr"), "IT-1001"));
        Assert.Equal(["IT-1001"], (await store.ListOpenByTeamAsync("hr", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByTeam_WhenAnEntrysTicketDoesNotExistYet_LeavesTheEntry()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        // A creation adds its entries just before it writes the ticket: removing this one could lose that ticket.
        await db.SortedSetAddAsync(OpenIndex("it"), "IT-1002", Monday.ToUnixTimeMilliseconds());

        var listed = await store.ListOpenByTeamAsync("it", None);

        Assert.Equal(["IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.NotNull(await db.SortedSetScoreAsync(OpenIndex("it"), "IT-1002"));
    }

    [Fact]
    public async Task ListOpenByTeam_ForTicketsStoredBeforeTheTeamsOpenIndex_BuildsItOnceFromAllTheTeamsTickets()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)) with { Status = TicketStatus.WaitingOnRequester }, None);
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1002)) with { Status = TicketStatus.Resolved }, None);
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1003), Monday.AddHours(1)), None);
        await store.TryCreateAsync(Ticket(new TicketNumber("HR", 1001), Monday.AddHours(2)) with { TeamId = "hr" }, None);
        var db = await redis.Connection.GetDatabaseAsync(None);
        await db.KeyDeleteAsync([OpenIndex("it"), OpenIndexBuilt("it"), OpenIndex("hr"), OpenIndexBuilt("hr")]);

        var listed = await store.ListOpenByTeamAsync("IT", None);

        Assert.Equal(["IT-1003", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1001", "IT-1003"], (await db.SortedSetRangeByRankAsync(OpenIndex("it"))).Select(v => (string)v!));
        Assert.True(await db.KeyExistsAsync(OpenIndexBuilt("it")));
        // Built per team: the other team's is built when it is first listed.
        Assert.False(await db.KeyExistsAsync(OpenIndex("hr")));
        Assert.Equal(["HR-1001"], (await store.ListOpenByTeamAsync("hr", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByTeam_OnceBuilt_DoesNotBuildAgain()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None);
        Assert.Single(await store.ListOpenByTeamAsync("it", None));
        var db = await redis.Connection.GetDatabaseAsync(None);
        // An entry gone (as no write of this version would leave it) stays gone: the full index is not read again.
        await db.SortedSetRemoveAsync(OpenIndex("it"), "IT-1001");

        Assert.Empty(await store.ListOpenByTeamAsync("it", None));
    }

    [Fact]
    public async Task Resolve_OfTicketStoredBeforeTheOpenField_RemovesItsTeamsOpenEntry()
    {
        var store = new RedisTicketStore(redis.Connection, redis.Options(_prefix));
        var created = (await store.TryCreateAsync(Ticket(new TicketNumber("IT", 1001)), None))!;
        var db = await redis.Connection.GetDatabaseAsync(None);
        await db.KeyDeleteAsync([OpenIndex("it"), OpenIndexBuilt("it")]);
        await db.HashDeleteAsync($"{_prefix}:ticket:{{IT-1001}}", "open");
        Assert.Single(await store.ListOpenByTeamAsync("it", None));

        await store.TryUpdateAsync(created with { Status = TicketStatus.Resolved }, None);

        Assert.Equal(0, await db.SortedSetLengthAsync(OpenIndex("it")));
        Assert.Empty(await store.ListOpenByTeamAsync("it", None));
    }

    private static Ticket MovedTo(Ticket ticket, string team) => ticket with
    {
        TeamId = team,
        History = [.. ticket.History, new TicketEvent(Monday.AddHours(1), "slack:UAGENT", "agent", TicketEventKind.Moved) { FromTeamId = ticket.TeamId }],
    };

    private static Ticket Ticket(TicketNumber number, DateTimeOffset? createdAt = null)
    {
        var maya = new PersonRef(TestPlatforms.Slack, "UMAYA", "Maya");
        return new Ticket(number, "it", maya, new ConversationAddress(TestPlatforms.Slack, "DMAYA"), "Printer", "",
            Priority.Normal, TicketStatus.New, Confidentiality.Normal, createdAt ?? Monday, null, null);
    }
}

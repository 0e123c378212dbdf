using Switchboard.Core.Reports;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IReportStore"/> must do; derive once per implementation.</summary>
public abstract class ReportStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Monday = new(2026, 11, 23);

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IReportStore CreateStore();

    private static TicketFacts Facts(string ticket, long version, string team = "it") => new()
    {
        Ticket = ticket,
        Version = version,
        Team = team,
        Department = "Finance",
        OpenedOn = Monday,
        Ratings = [new RatingFact(DateTimeOffset.Parse("2026-11-23T10:00:00Z"), DateTimeOffset.Parse("2026-11-23T11:00:00Z"), team, "alex@contoso.example", "Alex Kim", 2, true)],
    };

    private static ReportChanges Count(string field, long delta = 1, DateOnly? day = null) =>
        new() { Counters = [new CounterChange(day ?? Monday, field, delta)] };

    [Fact]
    public async Task ReplaceTicket_FirstTime_StoresTheFactsAndAppliesTheChanges()
    {
        var store = CreateStore();
        var facts = Facts("IT-1001", 3);

        var replaced = await store.ReplaceTicketAsync(facts, -1, Count("opened\u001fit"), None);
        var stored = await store.GetTicketAsync("IT-1001", None);
        var days = await store.ReadDaysAsync(Monday, Monday, None);

        Assert.True(replaced);
        Assert.NotNull(stored);
        Assert.Equal((facts.Ticket, facts.Version, facts.Team, facts.Department, facts.OpenedOn), (stored.Ticket, stored.Version, stored.Team, stored.Department, stored.OpenedOn));
        Assert.Equal(facts.Ratings, stored.Ratings);
        Assert.Equal(1, days[Monday]["opened\u001fit"]);
    }

    [Fact]
    public async Task GetTicket_WhenNeverRecorded_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetTicketAsync("IT-9999", None));
    }

    [Fact]
    public async Task ReplaceTicket_WithAStaleExpectedVersion_ChangesNothing()
    {
        var store = CreateStore();
        await store.ReplaceTicketAsync(Facts("IT-1001", 3), -1, Count("opened\u001fit"), None);

        var asIfNew = await store.ReplaceTicketAsync(Facts("IT-1001", 4), -1, Count("opened\u001fit"), None);
        var behind = await store.ReplaceTicketAsync(Facts("IT-1001", 5), 2, Count("opened\u001fit"), None);
        var days = await store.ReadDaysAsync(Monday, Monday, None);

        Assert.False(asIfNew);
        Assert.False(behind);
        Assert.Equal(3, (await store.GetTicketAsync("IT-1001", None))!.Version);
        Assert.Equal(1, days[Monday]["opened\u001fit"]);
    }

    [Fact]
    public async Task ReplaceTicket_WithTheStoredVersion_ReplacesAndMovesCounters()
    {
        var store = CreateStore();
        var tuesday = Monday.AddDays(1);
        await store.ReplaceTicketAsync(Facts("IT-1001", 3), -1, Count("resolved\u001fit"), None);

        var replaced = await store.ReplaceTicketAsync(Facts("IT-1001", 7), 3, new ReportChanges
        {
            Counters = [new CounterChange(Monday, "resolved\u001fit", -1), new CounterChange(tuesday, "resolved\u001fit", 1)],
        }, None);
        var days = await store.ReadDaysAsync(Monday, tuesday, None);

        Assert.True(replaced);
        Assert.Equal(7, (await store.GetTicketAsync("IT-1001", None))!.Version);
        Assert.Equal(0, days.GetValueOrDefault(Monday)?.GetValueOrDefault("resolved\u001fit") ?? 0);
        Assert.Equal(1, days[tuesday]["resolved\u001fit"]);
    }

    [Fact]
    public async Task AddOnce_SameIdTwice_AppliesOnce()
    {
        var store = CreateStore();

        var first = await store.AddOnceAsync("kudos:k1", Count("kudos-kind\u001fPeer"), None);
        var second = await store.AddOnceAsync("kudos:k1", Count("kudos-kind\u001fPeer"), None);
        var other = await store.AddOnceAsync("kudos:k2", Count("kudos-kind\u001fPeer"), None);

        Assert.Equal((true, false, true), (first, second, other));
        Assert.Equal(2, (await store.ReadDaysAsync(Monday, Monday, None))[Monday]["kudos-kind\u001fPeer"]);
    }

    [Fact]
    public async Task ReadDays_ReturnsOnlyDaysInTheRangeThatHaveCounters()
    {
        var store = CreateStore();
        await store.AddOnceAsync("a", Count("opened\u001fit", 2, Monday.AddDays(-1)), None);
        await store.AddOnceAsync("b", Count("opened\u001fit", 3, Monday), None);
        await store.AddOnceAsync("c", Count("opened\u001fhr", 4, Monday.AddDays(2)), None);
        await store.AddOnceAsync("d", Count("opened\u001fit", 5, Monday.AddDays(3)), None);

        var days = await store.ReadDaysAsync(Monday, Monday.AddDays(2), None);

        Assert.Equal([Monday, Monday.AddDays(2)], days.Keys.Order());
        Assert.Equal(3, days[Monday]["opened\u001fit"]);
        Assert.Equal(4, days[Monday.AddDays(2)]["opened\u001fhr"]);
    }

    [Fact]
    public async Task CurrentCounters_AreKeptApartFromTheDays()
    {
        var store = CreateStore();

        await store.AddOnceAsync("a", new ReportChanges { Counters = [new CounterChange(null, "open\u001fit\u001fNew", 2), new CounterChange(Monday, "opened\u001fit", 1)] }, None);
        await store.AddOnceAsync("b", new ReportChanges { Counters = [new CounterChange(null, "open\u001fit\u001fNew", -1)] }, None);

        var current = await store.ReadCurrentAsync(None);
        Assert.Equal(1, current["open\u001fit\u001fNew"]);
        Assert.False(current.ContainsKey("opened\u001fit"));
        Assert.False((await store.ReadDaysAsync(Monday, Monday, None))[Monday].ContainsKey("open\u001fit\u001fNew"));
    }

    [Fact]
    public async Task Sets_CountAndRangeByScore_InclusiveAndInOrder()
    {
        var store = CreateStore();
        await store.AddOnceAsync("a", new ReportChanges
        {
            Sets = [new SetChange("open-set\u001fit", "IT-1003", 300), new SetChange("open-set\u001fit", "IT-1001", 100), new SetChange("open-set\u001fit", "IT-1002", 200),
                new SetChange("open-set\u001fhr", "HR-1001", 150)],
        }, None);

        var counts = await store.CountAsync([new ReportRange("open-set\u001fit", 100, 200), new ReportRange("open-set\u001fit", double.NegativeInfinity, double.PositiveInfinity),
            new ReportRange("open-set\u001ffacilities", 0, 1000)], None);
        var ranges = await store.RangeAsync([new ReportRange("open-set\u001fit", double.NegativeInfinity, double.PositiveInfinity, 1),
            new ReportRange("open-set\u001fit", 0, 250, 5, HighestFirst: true)], None);

        Assert.Equal([2L, 3L, 0L], counts);
        Assert.Equal([new ReportMember("IT-1001", 100)], ranges[0]);
        Assert.Equal([new ReportMember("IT-1002", 200), new ReportMember("IT-1001", 100)], ranges[1]);
    }

    [Fact]
    public async Task Sets_AddingAgainMovesTheScore_AndRemovingTakesTheMemberOut()
    {
        var store = CreateStore();
        await store.AddOnceAsync("a", new ReportChanges { Sets = [new SetChange("due-set\u001fit", "IT-1001", 100), new SetChange("due-set\u001fit", "IT-1002", 200)] }, None);

        await store.AddOnceAsync("b", new ReportChanges { Sets = [new SetChange("due-set\u001fit", "IT-1001", 500), new SetChange("due-set\u001fit", "IT-1002", null)] }, None);

        var all = await store.RangeAsync([new ReportRange("due-set\u001fit", double.NegativeInfinity, double.PositiveInfinity)], None);
        Assert.Equal([new ReportMember("IT-1001", 500)], all[0]);
    }

    [Fact]
    public async Task NotesAndLabels_AreWrittenRemovedAndRead()
    {
        var store = CreateStore();
        await store.AddOnceAsync("a", new ReportChanges
        {
            Notes = [new NoteChange("IT-1001\u001f1", "{\"comment\":\"<b>slow</b> @here\"}"), new NoteChange("IT-1002\u001f1", "two")],
            Labels = [new("alex@contoso.example", "Alex")],
        }, None);

        await store.AddOnceAsync("b", new ReportChanges
        {
            Notes = [new NoteChange("IT-1002\u001f1", null)],
            Labels = [new("alex@contoso.example", "Alex Kim"), new("slack:U1", "Priya Nair")],
        }, None);

        Assert.Equal(["{\"comment\":\"<b>slow</b> @here\"}", null, null], await store.GetNotesAsync(["IT-1001\u001f1", "IT-1002\u001f1", "missing"], None));
        var labels = await store.GetLabelsAsync(None);
        Assert.Equal(("Alex Kim", "Priya Nair", 2), (labels["alex@contoso.example"], labels["slack:U1"], labels.Count));
    }

    [Fact]
    public async Task ConcurrentReplaces_OfOneTicket_OnlyOneWinsPerVersion()
    {
        var store = CreateStore();
        await store.ReplaceTicketAsync(Facts("IT-1001", 1), -1, ReportChanges.None, None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.ReplaceTicketAsync(Facts("IT-1001", 2 + i), 1, Count("resolved\u001fit"), None)));

        Assert.Single(attempts, won => won);
        Assert.Equal(1, (await store.ReadDaysAsync(Monday, Monday, None))[Monday]["resolved\u001fit"]);
    }
}

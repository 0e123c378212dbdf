using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IKudosActivityStore"/> must do; derive once per implementation.</summary>
public abstract class KudosActivityStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = TestTime.Start;

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IKudosActivityStore CreateStore();

    [Fact]
    public async Task RecordResolution_First_StoresItScoresItsBoardsAndRemembersTheName()
    {
        var store = CreateStore();
        var resolution = new KudosResolution("IT-1001", "it", "alex", "Alex Kim", Monday);

        var recorded = await store.RecordResolutionAsync(resolution, [new("resolved:agents", "alex", 1), new("resolved:teams", "it", 1)], None);

        Assert.True(recorded);
        Assert.Equal(resolution, await store.GetResolutionAsync("IT-1001", None));
        Assert.Equal(new Dictionary<string, long> { ["alex"] = 1 }, await store.CountsAsync("resolved:agents", None));
        Assert.Equal(new Dictionary<string, long> { ["it"] = 1 }, await store.CountsAsync("resolved:teams", None));
        Assert.Equal(new Dictionary<string, string> { ["alex"] = "Alex Kim" }, await store.AgentNamesAsync(["alex", "priya", "alex"], None));
    }

    [Fact]
    public async Task RecordResolution_SameTicketAgain_KeepsTheFirstAndCountsOnce()
    {
        var store = CreateStore();
        await store.RecordResolutionAsync(new("IT-1001", "it", "alex", "Alex Kim", Monday), [new("resolved", "alex", 1)], None);

        var again = await store.RecordResolutionAsync(new("IT-1001", "it", "priya", "Priya Nair", Monday.AddDays(2)), [new("resolved", "priya", 1)], None);

        Assert.False(again);
        Assert.Equal("alex", (await store.GetResolutionAsync("IT-1001", None))!.AgentId);
        Assert.Equal(new Dictionary<string, long> { ["alex"] = 1 }, await store.CountsAsync("resolved", None));
        Assert.Empty(await store.AgentNamesAsync(["priya"], None));
    }

    [Fact]
    public async Task RecordResolution_WithoutAnAgent_CountsTheTeamOnly()
    {
        var store = CreateStore();

        await store.RecordResolutionAsync(new("IT-1001", "it", null, null, Monday), [new("resolved:teams", "it", 1)], None);

        Assert.Null((await store.GetResolutionAsync("IT-1001", None))!.AgentId);
        Assert.Equal(1, (await store.CountsAsync("resolved:teams", None))["it"]);
        Assert.Null(await store.GetResolutionAsync("IT-1002", None));
    }

    [Fact]
    public async Task RecordThanks_CountsOncePerTicket()
    {
        var store = CreateStore();

        var first = await store.RecordThanksAsync("IT-1001", [new("thanked", "alex", 1)], None);
        var again = await store.RecordThanksAsync("IT-1001", [new("thanked", "alex", 1)], None);
        var other = await store.RecordThanksAsync("IT-1002", [new("thanked", "alex", 1), new("thanked", "priya", 1)], None);

        Assert.Equal((true, false, true), (first, again, other));
        Assert.Equal(new Dictionary<string, long> { ["alex"] = 2, ["priya"] = 1 }, await store.CountsAsync("thanked", None));
        Assert.Empty(await store.CountsAsync("missing", None));
    }

    [Fact]
    public async Task RecordResolution_FromManyTasksAtOnce_CountsEachTicketOnce()
    {
        var store = CreateStore();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var records = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await store.RecordResolutionAsync(new($"IT-{1000 + i % 4}", "it", "alex", "Alex Kim", Monday), [new("resolved", "alex", 1)], None);
        })).ToList();
        start.SetResult();
        var recorded = await Task.WhenAll(records);

        Assert.Equal(4, recorded.Count(r => r));
        Assert.Equal(4, (await store.CountsAsync("resolved", None))["alex"]);
    }

    [Fact]
    public async Task RequesterResolutions_ReturnsTicketsInTheWindowOldestFirst()
    {
        var store = CreateStore();
        var keep = Monday.AddDays(-30);
        await store.AddRequesterResolutionAsync("maya", "IT-1003", Monday.AddDays(3), keep, None);
        await store.AddRequesterResolutionAsync("maya", "IT-1001", Monday.AddDays(1), keep, None);
        await store.AddRequesterResolutionAsync("maya", "IT-1002", Monday.AddDays(8), keep, None);
        await store.AddRequesterResolutionAsync("tom", "HR-1001", Monday.AddDays(2), keep, None);

        Assert.Equal(["IT-1001", "IT-1003"], await store.RequesterResolutionsAsync("maya", Monday, Monday.AddDays(7), None));
        // From is kept, before is left out.
        Assert.Equal(["IT-1001"], await store.RequesterResolutionsAsync("maya", Monday.AddDays(1), Monday.AddDays(3), None));
        Assert.Empty(await store.RequesterResolutionsAsync("nobody", Monday, Monday.AddDays(7), None));
    }

    [Fact]
    public async Task AddRequesterResolution_SaysWhenTheTicketIsNewOrMovedAndDropsOldOnes()
    {
        var store = CreateStore();

        var added = await store.AddRequesterResolutionAsync("maya", "IT-1001", Monday, Monday.AddDays(-30), None);
        var repeated = await store.AddRequesterResolutionAsync("maya", "IT-1001", Monday, Monday.AddDays(-30), None);
        var moved = await store.AddRequesterResolutionAsync("maya", "IT-1001", Monday.AddDays(2), Monday.AddDays(-30), None);
        await store.AddRequesterResolutionAsync("maya", "IT-1002", Monday.AddDays(20), Monday.AddDays(5), None);

        Assert.Equal((true, false, true), (added, repeated, moved));
        // IT-1001 (day 2) is older than the kept window (after day 5) by the time IT-1002 is added.
        Assert.Equal(["IT-1002"], await store.RequesterResolutionsAsync("maya", Monday.AddDays(-60), Monday.AddDays(60), None));
    }

    [Fact]
    public async Task MarkOffered_ReturnsTheTicketsOfferedBeforeAndRemembersThemPerRequester()
    {
        var store = CreateStore();

        var first = await store.MarkOfferedAsync("maya", ["IT-1001", "IT-1002"], None);
        var second = await store.MarkOfferedAsync("maya", ["IT-1002", "IT-1003"], None);

        Assert.Empty(first);
        Assert.Equal(["IT-1002"], second);
        Assert.Equal(new HashSet<string> { "IT-1001", "IT-1003" }, (await store.OfferedAsync("maya", ["IT-1001", "IT-1003", "IT-1004"], None)).ToHashSet());
        Assert.Empty(await store.OfferedAsync("tom", ["IT-1001"], None));
        Assert.Empty(await store.OfferedAsync("maya", [], None));
    }

    [Fact]
    public async Task Reminders_AreOnUntilTurnedOffAndOnAgain()
    {
        var store = CreateStore();

        var initially = await store.GetRemindersAsync("maya", None);
        await store.SetRemindersAsync("maya", KudosReminders.Off, None);
        var off = await store.GetRemindersAsync("maya", None);
        var other = await store.GetRemindersAsync("tom", None);
        await store.SetRemindersAsync("maya", KudosReminders.On, None);

        Assert.Equal((KudosReminders.On, KudosReminders.Off, KudosReminders.On), (initially, off, other));
        Assert.Equal(KudosReminders.On, await store.GetRemindersAsync("maya", None));
    }

    [Fact]
    public async Task LastGiven_KeepsTheLatestTime()
    {
        var store = CreateStore();

        var never = await store.LastGivenAsync("maya", None);
        await store.RecordGivenAsync("maya", Monday.AddHours(2), None);
        await store.RecordGivenAsync("maya", Monday.AddHours(1), None);

        Assert.Null(never);
        Assert.Equal(Monday.AddHours(2), await store.LastGivenAsync("maya", None));
    }

    [Fact]
    public async Task Cards_KeepOnePerConversation()
    {
        var store = CreateStore();
        var slack = new MessageRef(new ConversationAddress(new Platform("slack"), "C0KUDOS", "1700000000.000100"), "1700000000.000100");
        var teams = new MessageRef(new ConversationAddress(new Platform("teams"), "19:kudos@thread.tacv2", null, "https://smba.example/", "tenant"), "m1");

        await store.AddCardAsync("k1", slack, None);
        await store.AddCardAsync("k1", teams, None);
        await store.AddCardAsync("k1", slack, None);

        Assert.Equal([slack, teams], await store.CardsAsync("k1", None));
        Assert.Empty(await store.CardsAsync("k2", None));
    }

    [Fact]
    public async Task Joiners_AreKeptOncePerPersonInTheOrderTheyJoined()
    {
        var store = CreateStore();

        await store.AddJoinerAsync("k1", new KudosJoiner("tom", "Tom <!here>", Monday.AddMinutes(2)), None);
        await store.AddJoinerAsync("k1", new KudosJoiner("lena", "Lena", Monday.AddMinutes(1)), None);
        await store.AddJoinerAsync("k1", new KudosJoiner("tom", "Tom again", Monday.AddMinutes(3)), None);

        Assert.Equal([new KudosJoiner("lena", "Lena", Monday.AddMinutes(1)), new KudosJoiner("tom", "Tom <!here>", Monday.AddMinutes(2))],
            await store.JoinersAsync("k1", None));
        Assert.Empty(await store.JoinersAsync("k2", None));
    }
}

using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IKudosStore"/> must do; derive once per implementation.</summary>
/// <remarks>Every store runs on <see cref="Time"/>, a fake clock, so counters' periods end when a test says.</remarks>
public abstract class KudosStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Platform Slack = new("slack");

    /// <summary>The clock the store's counters expire on.</summary>
    protected FakeTimeProvider Time { get; } = new(TestTime.Start);

    /// <summary>A fresh, empty store on <paramref name="time"/> (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IKudosStore CreateStore(TimeProvider time);

    private IKudosStore CreateStore() => CreateStore(Time);

    private DateTimeOffset PeriodEnd => Time.GetUtcNow().AddDays(7);

    [Fact]
    public async Task Append_New_StoresEveryFieldAndReturnsIt()
    {
        var store = CreateStore();
        var entry = Entry("k1", "maya", "alex", "priya") with
        {
            Values = ["ownership", "care"],
            Kind = KudosKind.PlusOne,
            Joins = "k0",
            Ticket = "IT-1001",
            Reason = "for <b>fixing</b> my laptop @here",
        };

        var appended = await store.AppendAsync(entry, Charge("maya", cost: 2, limit: 5), None);
        var stored = await store.GetAsync("k1", None);

        Assert.Equal(KudosAppendOutcome.Appended, appended.Outcome);
        Assert.Same(entry, appended.Entry);
        Assert.NotNull(stored);
        Assert.Equal(entry.Giver, stored.Giver);
        Assert.Equal(entry.Receivers, stored.Receivers);
        Assert.Equal(entry.Values, stored.Values);
        Assert.Equal((entry.Reason, entry.At, entry.Kind, entry.Joins, entry.Ticket), (stored.Reason, stored.At, stored.Kind, stored.Joins, stored.Ticket));
    }

    [Fact]
    public async Task Get_WhenMissing_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetAsync("missing", None));
    }

    [Fact]
    public async Task Append_SameIdAgain_IsDuplicateWithTheFirstEntryAndCountsOnce()
    {
        var store = CreateStore();
        var first = Entry("k1", "maya", "alex");
        var charge = Charge("maya", cost: 1, limit: 5, pairs: ["pair:maya|alex"], scores: [new("receivers:all", "alex", 1)]);
        await store.AppendAsync(first, charge, None);

        var again = await store.AppendAsync(first with { Reason = "double click" }, charge, None);

        Assert.Equal(KudosAppendOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Reason, again.Entry!.Reason);
        var usage = await store.GetUsageAsync("maya", ["pair:maya|alex"], None);
        Assert.Equal(1, usage.Used);
        Assert.Equal(1, usage.Pairs["pair:maya|alex"]);
        Assert.Equal(1, await store.ScoreAsync("receivers:all", "alex", None));
        Assert.Single(await store.RecentAsync(10, None));
    }

    [Fact]
    public async Task Append_WhenAllowanceIsExhausted_IsRefusedAndStoresNothing()
    {
        var store = CreateStore();
        await store.AppendAsync(Entry("k1", "maya", "alex"), Charge("maya", cost: 1, limit: 2), None);
        await store.AppendAsync(Entry("k2", "maya", "alex"), Charge("maya", cost: 1, limit: 2), None);

        var refused = await store.AppendAsync(Entry("k3", "maya", "alex"),
            Charge("maya", cost: 1, limit: 2, pairs: ["pair:maya|alex"], scores: [new("receivers:all", "alex", 1)]), None);

        Assert.Equal(new KudosAppend(KudosAppendOutcome.OverAllowance, null), refused);
        Assert.Null(await store.GetAsync("k3", None));
        Assert.Equal(2, (await store.RecentAsync(10, None)).Count);
        Assert.Equal(0, await store.ScoreAsync("receivers:all", "alex", None));
        // What the refusal explains: all of the allowance is used, no top-up, no pair charged.
        var usage = await store.GetUsageAsync("maya", ["pair:maya|alex"], None);
        Assert.Equal((2, 0, 0), (usage.Used, usage.TopUp, usage.Pairs["pair:maya|alex"]));
    }

    [Fact]
    public async Task Append_CostingMoreThanIsLeft_IsRefusedWhileACheaperOneFits()
    {
        var store = CreateStore();
        await store.AppendAsync(Entry("k1", "maya", "alex"), Charge("maya", cost: 2, limit: 3), None);

        var tooDear = await store.AppendAsync(Entry("k2", "maya", "alex", "priya"), Charge("maya", cost: 2, limit: 3), None);
        var fits = await store.AppendAsync(Entry("k3", "maya", "alex"), Charge("maya", cost: 1, limit: 3), None);

        Assert.Equal(KudosAppendOutcome.OverAllowance, tooDear.Outcome);
        Assert.Equal(KudosAppendOutcome.Appended, fits.Outcome);
        Assert.Equal(3, (await store.GetUsageAsync("maya", [], None)).Used);
    }

    [Fact]
    public async Task TopUp_AddsToTheAllowanceAndReturnsTheTotal()
    {
        var store = CreateStore();
        await store.AppendAsync(Entry("k1", "maya", "alex"), Charge("maya", cost: 1, limit: 1), None);

        var first = await store.TopUpAsync("maya", 2, PeriodEnd, None);
        var second = await store.TopUpAsync("maya", 1, PeriodEnd, None);
        var appended = await store.AppendAsync(Entry("k2", "maya", "alex", "priya", "sam"), Charge("maya", cost: 3, limit: 1), None);
        var refused = await store.AppendAsync(Entry("k3", "maya", "alex"), Charge("maya", cost: 1, limit: 1), None);

        Assert.Equal((2, 3), (first, second));
        Assert.Equal(KudosAppendOutcome.Appended, appended.Outcome);
        Assert.Equal(KudosAppendOutcome.OverAllowance, refused.Outcome);
        var usage = await store.GetUsageAsync("maya", [], None);
        Assert.Equal((4, 3), (usage.Used, usage.TopUp));
    }

    [Fact]
    public async Task Append_WhenAPairIsAtItsCap_IsRefusedAndChargesNothing()
    {
        var store = CreateStore();
        for (var i = 0; i < 2; i++)
            await store.AppendAsync(Entry($"k{i}", "maya", "alex"), Charge("maya", cost: 1, limit: 10, pairs: ["pair:maya|alex"], cap: 2), None);

        var refused = await store.AppendAsync(Entry("k2", "maya", "alex", "priya"),
            Charge("maya", cost: 2, limit: 10, pairs: ["pair:maya|priya", "pair:maya|alex"], cap: 2), None);
        var other = await store.AppendAsync(Entry("k3", "maya", "priya"), Charge("maya", cost: 1, limit: 10, pairs: ["pair:maya|priya"], cap: 2), None);

        Assert.Equal(new KudosAppend(KudosAppendOutcome.OverPairCap, null), refused);
        Assert.Equal(KudosAppendOutcome.Appended, other.Outcome);
        var usage = await store.GetUsageAsync("maya", ["pair:maya|alex", "pair:maya|priya", "pair:maya|alex"], None);
        Assert.Equal(3, usage.Used);
        Assert.Equal(new Dictionary<string, int> { ["pair:maya|alex"] = 2, ["pair:maya|priya"] = 1 }, usage.Pairs);
    }

    [Fact]
    public async Task Counters_AtTheEndOfTheirPeriod_StartAgainFromZero()
    {
        var store = CreateStore();
        var end = Time.GetUtcNow().AddHours(1);
        await store.AppendAsync(Entry("k1", "maya", "alex"), Charge("maya", cost: 1, limit: 1, pairs: ["pair:maya|alex"], cap: 1, expiresAt: end), None);
        await store.TopUpAsync("maya", 1, end, None);

        Time.Advance(TimeSpan.FromMinutes(59));
        var before = await store.GetUsageAsync("maya", ["pair:maya|alex"], None);
        Time.Advance(TimeSpan.FromMinutes(1));
        var after = await store.GetUsageAsync("maya", ["pair:maya|alex"], None);
        var again = await store.AppendAsync(Entry("k2", "maya", "alex"),
            Charge("maya", cost: 1, limit: 1, pairs: ["pair:maya|alex"], cap: 1, expiresAt: end.AddHours(1)), None);

        Assert.Equal((1, 1, 1), (before.Used, before.TopUp, before.Pairs["pair:maya|alex"]));
        Assert.Equal((0, 0, 0), (after.Used, after.TopUp, after.Pairs["pair:maya|alex"]));
        Assert.Equal(KudosAppendOutcome.Appended, again.Outcome);
        Assert.Equal(1, (await store.GetUsageAsync("maya", [], None)).Used);
    }

    [Fact]
    public async Task Counter_ChargedAgainWithAnEarlierEnd_KeepsTheLaterEnd()
    {
        var store = CreateStore();
        var now = Time.GetUtcNow();
        await store.TopUpAsync("maya", 1, now.AddHours(2), None);
        await store.TopUpAsync("maya", 1, now.AddHours(1), None);

        Time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(2, (await store.GetUsageAsync("maya", [], None)).TopUp);
    }

    [Fact]
    public async Task Append_FreeCharge_ScoresWithoutChargingAnyone()
    {
        var store = CreateStore();

        var appended = await store.AppendAsync(Entry("thanks:IT-1001", "maya", "alex"),
            KudosCharge.Free(PeriodEnd, [new("receivers:all", "alex", 1)]), None);

        Assert.Equal(KudosAppendOutcome.Appended, appended.Outcome);
        Assert.Equal(0, (await store.GetUsageAsync("maya", [], None)).Used);
        Assert.Equal(1, await store.ScoreAsync("receivers:all", "alex", None));
    }

    [Fact]
    public async Task Append_ScoresEveryBoardOfItsPeriods()
    {
        var store = CreateStore();
        var monday = Entry("k1", "maya", "alex", "priya");
        var nextWeek = Entry("k2", "maya", "alex") with { At = monday.At.AddDays(7) };

        await store.AppendAsync(monday, Charge("maya", cost: 2, limit: 10, scores: KudosBoards.For(monday)), None);
        await store.AppendAsync(nextWeek, Charge("maya", cost: 1, limit: 10, scores: KudosBoards.For(nextWeek)), None);

        Assert.Equal([new("alex", 1), new("priya", 1)], await store.TopAsync(Board(KudosBoards.Side.Receivers, KudosBoards.Span.Week, monday.At), 10, None));
        Assert.Equal([new("alex", 1)], await store.TopAsync(Board(KudosBoards.Side.Receivers, KudosBoards.Span.Week, nextWeek.At), 10, None));
        Assert.Equal([new("alex", 2), new("priya", 1)], await store.TopAsync(Board(KudosBoards.Side.Receivers, KudosBoards.Span.Month, monday.At), 10, None));
        Assert.Equal([new("alex", 2), new("priya", 1)], await store.TopAsync(Board(KudosBoards.Side.Receivers, KudosBoards.Span.All, monday.At), 10, None));
        Assert.Equal(2, await store.ScoreAsync(Board(KudosBoards.Side.Givers, KudosBoards.Span.Week, monday.At), "maya", None));
        Assert.Equal(3, await store.ScoreAsync(Board(KudosBoards.Side.Givers, KudosBoards.Span.All, monday.At), "maya", None));
    }

    [Fact]
    public async Task Append_WithValuesAndDepartments_ScoresTheirBoardsOnceAndKeepsTheDepartments()
    {
        var store = CreateStore();
        var entry = Entry("k1", "maya", "alex", "jordan") with
        {
            Giver = Person("maya") with { Department = "Finance" },
            Receivers = [Person("alex") with { Department = "IT" }, Person("jordan")],
            Values = ["ownership"],
        };

        await store.AppendAsync(entry, Charge("maya", cost: 2, limit: 10, scores: KudosBoards.For(entry)), None);
        var again = await store.AppendAsync(entry with { }, Charge("maya", cost: 2, limit: 10, scores: KudosBoards.For(entry)), None);
        var stored = await store.GetAsync("k1", None);

        Assert.Equal(KudosAppendOutcome.Duplicate, again.Outcome);
        Assert.Equal(("Finance", "IT", (string?)null), (stored!.Giver.Department, stored.Receivers[0].Department, stored.Receivers[1].Department));
        var month = KudosBoards.Span.Month;
        Assert.Equal([new("alex", 1), new("jordan", 1)], await store.TopAsync(KudosBoards.ForValue(KudosBoards.Side.Receivers, month, entry.At, "Ownership"), 10, None));
        Assert.Equal([new("maya", 2)], await store.TopAsync(KudosBoards.ForValue(KudosBoards.Side.Givers, month, entry.At, "ownership"), 10, None));
        Assert.Equal([new("IT", 1), new(KudosBoards.UnknownDepartment, 1)], await store.TopAsync(KudosBoards.Departments(KudosBoards.Side.Receivers, month, entry.At), 10, None));
        Assert.Equal([new("Finance", 2)], await store.TopAsync(KudosBoards.Departments(KudosBoards.Side.Givers, month, entry.At), 10, None));
        Assert.Equal([new("alex", 1)], await store.TopAsync(KudosBoards.InDepartment(KudosBoards.Side.Receivers, month, entry.At, "it"), 10, None));
        Assert.Equal([new("maya", 2)], await store.TopAsync(KudosBoards.InDepartment(KudosBoards.Side.Givers, month, entry.At, "Finance"), 10, None));
    }

    [Fact]
    public async Task Top_OrdersByPointsThenMemberAndTakesCount()
    {
        var store = CreateStore();
        var scores = new KudosScore[] { new("b", "cleo", 2), new("b", "bea", 2), new("b", "dan", 1), new("b", "ada", 3), new("b", "abe", 2) };

        await store.AppendAsync(Entry("k1", "maya", "alex"), KudosCharge.Free(PeriodEnd, scores), None);

        Assert.Equal([new("ada", 3), new("abe", 2), new("bea", 2)], await store.TopAsync("b", 3, None));
        Assert.Equal(5, (await store.TopAsync("b", 10, None)).Count);
        Assert.Empty(await store.TopAsync("b", 0, None));
        Assert.Empty(await store.TopAsync("missing", 3, None));
    }

    [Fact]
    public async Task Score_WhenMemberOrBoardIsMissing_IsZero()
    {
        var store = CreateStore();
        await store.AppendAsync(Entry("k1", "maya", "alex"), KudosCharge.Free(PeriodEnd, [new("b", "alex", 1)]), None);

        Assert.Equal(0, await store.ScoreAsync("b", "priya", None));
        Assert.Equal(0, await store.ScoreAsync("missing", "alex", None));
    }

    [Fact]
    public async Task Recent_ReturnsTheLastEntriesNewestFirst()
    {
        var store = CreateStore();
        for (var i = 1; i <= 4; i++)
            await store.AppendAsync(Entry($"k{i}", "maya", "alex"), Charge("maya", cost: 1, limit: 10), None);

        Assert.Equal(["k4", "k3"], (await store.RecentAsync(2, None)).Select(e => e.Id));
        Assert.Equal(["k4", "k3", "k2", "k1"], (await store.RecentAsync(10, None)).Select(e => e.Id));
        Assert.Empty(await store.RecentAsync(0, None));
    }

    [Fact]
    public async Task Append_FromManyTasksAtOnce_NeverOverspendsTheAllowance()
    {
        var store = CreateStore();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var appends = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await store.AppendAsync(Entry($"k{i}", "maya", $"p{i}"),
                Charge("maya", cost: 1, limit: 5, scores: [new("givers:all", "maya", 1)]), None);
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(appends);

        Assert.Equal(5, outcomes.Count(o => o.Outcome == KudosAppendOutcome.Appended));
        Assert.Equal(19, outcomes.Count(o => o.Outcome == KudosAppendOutcome.OverAllowance));
        Assert.Equal(5, (await store.GetUsageAsync("maya", [], None)).Used);
        Assert.Equal(5, await store.ScoreAsync("givers:all", "maya", None));
        Assert.Equal(5, (await store.RecentAsync(100, None)).Count);
    }

    private static string Board(KudosBoards.Side side, KudosBoards.Span span, DateTimeOffset at) => KudosBoards.Name(side, span, at);

    private KudosEntry Entry(string id, string giver, params string[] receivers) => new()
    {
        Id = id,
        Giver = Person(giver),
        Receivers = receivers.Select(Person).ToList(),
        Reason = "for the help",
        At = DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().ToUnixTimeMilliseconds()),
    };

    private static KudosPerson Person(string id) => new(id, new PersonRef(Slack, $"U-{id}", id));

    private KudosCharge Charge(string account, int cost, int limit, IReadOnlyList<string>? pairs = null, int cap = 10,
        DateTimeOffset? expiresAt = null, IReadOnlyList<KudosScore>? scores = null) =>
        new(account, cost, limit, pairs ?? [], cap, expiresAt ?? PeriodEnd, scores ?? []);
}

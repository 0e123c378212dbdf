using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IAnswerStore"/> must do; derive once per implementation.</summary>
public abstract class AnswerStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The clock deflection ids are remembered on.</summary>
    protected FakeTimeProvider Time { get; } = new(TestTime.Start);

    /// <summary>A fresh, empty store on <paramref name="time"/> (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IAnswerStore CreateStore(TimeProvider time);

    private IAnswerStore CreateStore() => CreateStore(Time);

    [Fact]
    public async Task Create_New_StoresEveryFieldAsVersionOne()
    {
        var store = CreateStore();
        var answer = Answer("it.1") with
        {
            Keywords = ["vpn", "remote access"],
            AuthorAccount = new PersonRef(new Platform("slack"), "U1", "Alex Kim", "alex@contoso.example"),
            State = AnswerState.Retired,
            Origin = AnswerOrigin.SavedFromTicket,
            Wording = AnswerWording.QuotesRequest,
            FromTicket = "IT-1001",
            LastChange = new AnswerChange(new PersonId("priya@contoso.example"), "Priya", TestTime.Start.AddHours(1)),
            Text = "Use <b>GlobalProtect</b> @here",
        };

        var created = await store.TryCreateAsync(answer, None);
        var read = await store.GetAsync("it", "it.1", None);

        Assert.Equal(answer with { Version = 1 }, created);
        Assert.Equal(created! with { Keywords = [] }, read! with { Keywords = [] });
        Assert.Equal(answer.Keywords, read.Keywords);
    }

    [Fact]
    public async Task Create_SameIdAgain_ReturnsNullAndKeepsTheFirst()
    {
        var store = CreateStore();
        await store.TryCreateAsync(Answer("it.1"), None);

        var again = await store.TryCreateAsync(Answer("it.1") with { Question = "Other?" }, None);

        Assert.Null(again);
        Assert.Equal("How do I connect to the VPN?", (await store.GetAsync("it", "it.1", None))!.Question);
    }

    [Fact]
    public async Task Get_WhenMissing_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetAsync("it", "it.404", None));
    }

    [Fact]
    public async Task Update_AtTheCurrentVersion_StoresTheNextVersion()
    {
        var store = CreateStore();
        var created = await store.TryCreateAsync(Answer("it.1"), None);

        var updated = await store.TryUpdateAsync(created! with { Text = "New text" }, None);

        Assert.Equal(2, updated!.Version);
        Assert.Equal("New text", (await store.GetAsync("it", "it.1", None))!.Text);
    }

    [Fact]
    public async Task Update_FromAStaleVersion_ReturnsNullAndChangesNothing()
    {
        var store = CreateStore();
        var created = await store.TryCreateAsync(Answer("it.1"), None);
        await store.TryUpdateAsync(created! with { Text = "First" }, None);

        var stale = await store.TryUpdateAsync(created with { Text = "Second" }, None);

        Assert.Null(stale);
        Assert.Equal("First", (await store.GetAsync("it", "it.1", None))!.Text);
    }

    [Fact]
    public async Task Update_OfAnAnswerNotStored_ReturnsNull()
    {
        Assert.Null(await CreateStore().TryUpdateAsync(Answer("it.1") with { Version = 1 }, None));
    }

    [Fact]
    public async Task List_ReturnsOnlyThatTeamsAnswersById()
    {
        var store = CreateStore();
        foreach (var id in new[] { "it.2", "it.1", "hr.1" })
            await store.TryCreateAsync(Answer(id) with { TeamId = id[..2] }, None);

        var it = await store.ListAsync("it", None);

        Assert.Equal(["it.1", "it.2"], it.Select(a => a.Id));
        Assert.Empty(await store.ListAsync("facilities", None));
    }

    [Fact]
    public async Task NextId_CountsUpPerTeam()
    {
        var store = CreateStore();

        var ids = new[] { await store.NextIdAsync("it", None), await store.NextIdAsync("it", None), await store.NextIdAsync("hr", None) };

        Assert.Equal(["it.1", "it.2", "hr.1"], ids);
    }

    [Fact]
    public async Task RecordDeflection_SameIdTwice_CountsOnce()
    {
        var store = CreateStore();

        var first = await store.RecordDeflectionAsync("it", "it.1", "maya:d1", "2026-11", TimeSpan.FromDays(7), None);
        var again = await store.RecordDeflectionAsync("it", "it.1", "maya:d1", "2026-11", TimeSpan.FromDays(7), None);
        await store.RecordDeflectionAsync("it", "it.1", "tom:d2", "2026-11", TimeSpan.FromDays(7), None);
        await store.RecordDeflectionAsync("it", "it.7", "tom:d3", "2026-11", TimeSpan.FromDays(7), None);

        Assert.True(first);
        Assert.False(again);
        var counts = await store.DeflectionsAsync("it", "2026-11", None);
        Assert.Equal(2, counts.Counts["it.1"]);
        Assert.Equal(1, counts.Counts["it.7"]);
    }

    [Fact]
    public async Task Deflections_AreKeptPerTeamAndMonth()
    {
        var store = CreateStore();
        await store.RecordDeflectionAsync("it", "it.1", "a", "2026-11", TimeSpan.FromDays(7), None);
        await store.RecordDeflectionAsync("it", "it.1", "b", "2026-12", TimeSpan.FromDays(7), None);
        await store.RecordDeflectionAsync("hr", "hr.1", "c", "2026-11", TimeSpan.FromDays(7), None);

        var november = await store.DeflectionsAsync("it", "2026-11", None);

        Assert.Equal(new Dictionary<string, long> { ["it.1"] = 1 }, november.Counts);
        Assert.Empty((await store.DeflectionsAsync("facilities", "2026-11", None)).Counts);
    }

    private static Answer Answer(string id) => new()
    {
        Id = id,
        TeamId = "it",
        Question = "How do I connect to the VPN?",
        Text = "Open GlobalProtect.",
        Author = new PersonId("alex@contoso.example"),
        AuthorName = "Alex Kim",
        CreatedAt = TestTime.Start,
    };
}

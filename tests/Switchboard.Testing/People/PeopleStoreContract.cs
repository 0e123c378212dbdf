using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Storage;

namespace Switchboard.Testing;

/// <summary>
/// What every <see cref="IPeopleStore"/> must do, and what the <see cref="PeopleDirectory"/> does over it
/// (sightings, merging by e-mail, compare-and-set between instances); derive once per implementation.
/// </summary>
public abstract class PeopleStoreContract
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 15, 30, 123, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Monday);

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IPeopleStore CreateStore();

    // ---- the store ----

    [Fact]
    public async Task Get_WhenPersonIsMissing_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync(PersonId.ForEmail(MayaEmail), None));
        Assert.Null(await store.FindByPlatformKeyAsync("slack:UMAYA", None));
        Assert.Null(await store.FindByEmailAsync(MayaEmail, None));
    }

    [Fact]
    public async Task Create_RichPerson_RoundTripsEveryFieldAtVersionOne()
    {
        var store = CreateStore();
        var maya = Maya();

        var created = await store.TryCreateAsync(maya, None);

        AssertSamePerson(maya with { Version = 1 }, created!);
        AssertSamePerson(maya with { Version = 1 }, (await store.GetAsync(maya.Id, None))!);
    }

    [Fact]
    public async Task Create_WhenIdExists_FailsAndKeepsStoredPerson()
    {
        var store = CreateStore();
        var maya = Maya();
        await store.TryCreateAsync(maya, None);

        var duplicate = await store.TryCreateAsync(maya with { Name = "Someone Else", Identities = [new PlatformIdentity(TestPlatforms.Slack, "UZOE")] }, None);

        Assert.Null(duplicate);
        AssertSamePerson(maya with { Version = 1 }, (await store.GetAsync(maya.Id, None))!);
        Assert.Null(await store.FindByPlatformKeyAsync("slack:UZOE", None));
    }

    [Fact]
    public async Task Find_ByEachAccountAndByEmailInAnyCase_FindsThePerson()
    {
        var store = CreateStore();
        var maya = Maya();
        await store.TryCreateAsync(maya, None);

        Assert.Equal(maya.Id, (await store.FindByPlatformKeyAsync("slack:UMAYA", None))?.Id);
        Assert.Equal(maya.Id, (await store.FindByPlatformKeyAsync("teams:29:maya", None))?.Id);
        Assert.Equal(maya.Id, (await store.FindByEmailAsync(" Maya.Patel@CONTOSO.example ", None))?.Id);
        Assert.Null(await store.FindByPlatformKeyAsync("slack:umaya", None));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_StoresChangesAndMovesTheIndexes()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(Maya(), None))!;
        var change = created with
        {
            Email = "maya.p@contoso.example",
            Identities = [created.Identities[0], new PlatformIdentity(TestPlatforms.Playground, "maya")],
        };

        var updated = await store.TryUpdateAsync(change, None);

        AssertSamePerson(change with { Version = 2 }, updated!);
        Assert.Null(await store.FindByEmailAsync(MayaEmail, None));
        Assert.Null(await store.FindByPlatformKeyAsync("teams:29:maya", None));
        Assert.Equal(created.Id, (await store.FindByEmailAsync("maya.p@contoso.example", None))?.Id);
        Assert.Equal(created.Id, (await store.FindByPlatformKeyAsync("playground:maya", None))?.Id);
        Assert.Equal(created.Id, (await store.FindByPlatformKeyAsync("slack:UMAYA", None))?.Id);
    }

    [Fact]
    public async Task Update_WithStaleVersion_FailsAndKeepsStoredPerson()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(Maya(), None))!;
        var current = (await store.TryUpdateAsync(created with { Department = "Finance" }, None))!;

        var stale = await store.TryUpdateAsync(created with { Department = "Sales", Email = "other@contoso.example" }, None);

        Assert.Null(stale);
        AssertSamePerson(current, (await store.GetAsync(created.Id, None))!);
        Assert.Null(await store.FindByEmailAsync("other@contoso.example", None));
    }

    [Fact]
    public async Task Update_WhenPersonIsMissing_Fails()
    {
        var store = CreateStore();

        Assert.Null(await store.TryUpdateAsync(Maya() with { Version = 1 }, None));
        Assert.Null(await store.GetAsync(Maya().Id, None));
    }

    [Fact]
    public async Task Delete_WithStaleVersion_FailsAndKeepsThePerson()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(Maya(), None))!;
        await store.TryUpdateAsync(created with { Department = "Finance" }, None);

        Assert.False(await store.TryDeleteAsync(created, None));
        Assert.Equal("Finance", (await store.FindByPlatformKeyAsync("slack:UMAYA", None))?.Department);
    }

    [Fact]
    public async Task Delete_WithCurrentVersion_RemovesThePersonAndTheirIndexes()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(Maya(), None))!;

        Assert.True(await store.TryDeleteAsync(created, None));

        Assert.Null(await store.GetAsync(created.Id, None));
        Assert.Null(await store.FindByPlatformKeyAsync("slack:UMAYA", None));
        Assert.Null(await store.FindByEmailAsync(MayaEmail, None));
    }

    [Fact]
    public async Task Find_AfterAnAccountMovedToAnotherRecord_FindsTheRecordThatHasIt()
    {
        var store = CreateStore();
        var before = (await store.TryCreateAsync(new Person { Id = new PersonId("slack:UMAYA"), Name = "Maya", Identities = [Slack("UMAYA")] }, None))!;
        var after = (await store.TryCreateAsync(new Person { Id = PersonId.ForEmail(MayaEmail), Name = "Maya", Email = MayaEmail, Identities = [Teams("29:maya")] }, None))!;

        await store.TryUpdateAsync(after with { Identities = [.. after.Identities, Slack("UMAYA")] }, None);
        await store.TryDeleteAsync(before, None);

        Assert.Equal(after.Id, (await store.FindByPlatformKeyAsync("slack:UMAYA", None))?.Id);
    }

    // ---- the directory over the store ----

    [Fact]
    public async Task Observe_FirstSightingWithEmail_CreatesThePersonUnderTheirEmail()
    {
        var store = CreateStore();
        var people = Directory(store);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail, dm: "DMAYA") with { TimeZone = "Europe/Berlin" }, None);

        var maya = (await people.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal(PersonId.ForEmail(MayaEmail), maya.Id);
        Assert.Equal("Maya Patel", maya.Name);
        Assert.Equal("Europe/Berlin", maya.TimeZone);
        var slack = Assert.Single(maya.Identities);
        Assert.Equal(new ConversationAddress(TestPlatforms.Slack, "DMAYA", OrganizationId: "T0CONTOSO"), slack.DirectChat);
        Assert.Equal("T0CONTOSO", slack.TenantId);
        Assert.Equal(Monday, slack.LastSeenAt);
    }

    [Fact]
    public async Task Observe_FirstSightingWithoutEmail_CreatesThePersonUnderTheirAccount()
    {
        var store = CreateStore();
        var people = Directory(store);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", null), None);

        var maya = (await people.GetAsync(new PersonId("slack:UMAYA"), None))!;
        Assert.Null(maya.Email);
        Assert.Equal("slack:UMAYA", Assert.Single(maya.Identities).Key);
    }

    [Fact]
    public async Task Observe_SameEmailOnASecondPlatform_IsOnePersonWhoLastUsedTheSecond()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail, dm: "DMAYA"), None);
        _clock.Advance(TimeSpan.FromMinutes(5));

        await people.ObserveAsync(TeamsSighting("29:maya", "Maya P.", "MAYA.PATEL@contoso.example", chat: "a:maya"), None);

        var bySlack = (await people.FindAsync(new PersonRef(TestPlatforms.Slack, "UMAYA", ""), None))!;
        var byTeams = (await people.FindAsync(new PersonRef(TestPlatforms.Teams, "29:maya", ""), None))!;
        Assert.Equal(bySlack.Id, byTeams.Id);
        Assert.Equal(["slack:UMAYA", "teams:29:maya"], bySlack.Identities.Select(i => i.Key));
        Assert.Equal("teams:29:maya", bySlack.LastUsed!.Key);
        Assert.Equal(Monday.AddMinutes(5), bySlack.LastUsed.LastSeenAt);
        Assert.Equal("Maya P.", bySlack.Name);
        Assert.Equal("https://smba.example/amer/", bySlack.Identity("teams:29:maya")!.ServiceUrl);
    }

    [Fact]
    public async Task Observe_AnAccountKnownBeforeItsEmail_JoinsThePersonWithThatEmail()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", null, dm: "DMAYA") with { TimeZone = "Europe/Berlin" }, None);
        await people.ObserveAsync(TeamsSighting("29:maya", "Maya Patel", MayaEmail, chat: "a:maya"), None);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);

        var maya = (await people.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal(PersonId.ForEmail(MayaEmail), maya.Id);
        Assert.Equal(["teams:29:maya", "slack:UMAYA"], maya.Identities.Select(i => i.Key));
        Assert.Equal("DMAYA", maya.Identity("slack:UMAYA")!.DirectChat!.ConversationId);
        Assert.Equal("Europe/Berlin", maya.TimeZone);
        Assert.Null(await store.GetAsync(new PersonId("slack:UMAYA"), None));
        // An id handed out before the merge still finds her.
        Assert.Equal(maya.Id, (await people.GetAsync(new PersonId("slack:UMAYA"), None))?.Id);
    }

    [Fact]
    public async Task Observe_TheSameSightingAgainSoon_IsNotWrittenAgainUntilRefreshAfter()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);
        var soon = (await store.FindByEmailAsync(MayaEmail, None))!;
        _clock.Advance(TimeSpan.FromMinutes(2));
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);
        var later = (await store.FindByEmailAsync(MayaEmail, None))!;

        Assert.Equal(1, soon.Version);
        Assert.Equal(2, later.Version);
        Assert.Equal(Monday.AddMinutes(3), later.LastUsed!.LastSeenAt);
    }

    [Fact]
    public async Task Observe_AChangedSightingSoon_IsWrittenAtOnce()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail, dm: "DMAYA"), None);

        Assert.Equal("DMAYA", (await store.FindByEmailAsync(MayaEmail, None))!.Identity("slack:UMAYA")!.DirectChat!.ConversationId);
    }

    [Fact]
    public async Task Observe_SwitchingPlatformsBackAndForth_AlwaysRecordsTheOneUsedLast()
    {
        var store = CreateStore();
        var people = Directory(store);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await people.ObserveAsync(TeamsSighting("29:maya", "Maya Patel", MayaEmail), None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);

        Assert.Equal("slack:UMAYA", (await people.FindByEmailAsync(MayaEmail, None))!.LastUsed!.Key);
    }

    [Fact]
    public async Task Observe_WithAPlaceholderNameAndNoEmail_KeepsWhatIsKnown()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail) with { TimeZone = "Europe/Berlin" }, None);

        // What the Slack adapter reports when users.info failed: the user id as the name, nothing else.
        await people.ObserveAsync(SlackSighting("UMAYA", "UMAYA", null), None);

        var maya = (await people.FindAsync(new PersonRef(TestPlatforms.Slack, "UMAYA", ""), None))!;
        Assert.Equal("Maya Patel", maya.Name);
        Assert.Equal(MayaEmail, maya.Email);
        Assert.Equal("Europe/Berlin", maya.TimeZone);
    }

    [Fact]
    public async Task Observe_TimeZones_AreKeptAsIanaIdsAndNonsenseIsIgnored()
    {
        var store = CreateStore();
        var people = Directory(store);

        await people.ObserveAsync(SlackSighting("UMAYA", "Maya", null) with { TimeZone = "W. Europe Standard Time" }, None);
        await people.ObserveAsync(SlackSighting("UTOM", "Tom", null) with { TimeZone = "Mars/Olympus_Mons" }, None);

        Assert.Equal("Europe/Berlin", (await people.GetAsync(new PersonId("slack:UMAYA"), None))!.TimeZone);
        Assert.Null((await people.GetAsync(new PersonId("slack:UTOM"), None))!.TimeZone);
    }

    [Fact]
    public async Task Observe_WhenAnotherInstanceWritesBetweenReadAndWrite_KeepsBothWrites()
    {
        var store = CreateStore();
        var interleaving = new InterleavingPeopleStore(store);
        var instanceA = Directory(interleaving);
        var instanceB = Directory(store);
        await instanceB.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail), None);
        interleaving.BeforeNextWrite = () => instanceB.ObserveAsync(TeamsSighting("29:maya", "Maya Patel", MayaEmail), None);

        await instanceA.ObserveAsync(new PersonSighting(new PersonRef(TestPlatforms.Playground, "maya", "Maya Patel", MayaEmail)), None);

        var maya = (await store.FindByEmailAsync(MayaEmail, None))!;
        Assert.True(interleaving.Interleaved);
        Assert.Equal(3, maya.Version);
        Assert.Equal(["playground:maya", "slack:UMAYA", "teams:29:maya"], maya.Identities.Select(i => i.Key).Order());
    }

    [Fact]
    public async Task Observe_ConcurrentFirstSightingsOnEveryPlatform_EndAsOnePersonWithEveryAccount()
    {
        var store = CreateStore();
        var instances = new[] { Directory(store), Directory(store) };
        var sightings = new[]
        {
            SlackSighting("UMAYA", "Maya Patel", MayaEmail),
            TeamsSighting("29:maya", "Maya Patel", MayaEmail),
            new PersonSighting(new PersonRef(TestPlatforms.Playground, "maya", "Maya Patel", MayaEmail)),
            SlackSighting("UMAYA2", "Maya Patel", MayaEmail) with { TenantId = "T0OTHER" },
        };

        await Task.WhenAll(sightings.Select((s, i) => Task.Run(() => instances[i % 2].ObserveAsync(s, None))));

        var maya = (await store.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal(["playground:maya", "slack:UMAYA", "slack:UMAYA2", "teams:29:maya"], maya.Identities.Select(i => i.Key).Order());
        foreach (var key in maya.Identities.Select(i => i.Key))
            Assert.Equal(maya.Id, (await store.FindByPlatformKeyAsync(key, None))?.Id);
    }

    [Fact]
    public async Task Read_WithAPeopleSectionEntry_TakesDepartmentManagerAndTimeZoneFromIt()
    {
        var store = CreateStore();
        var people = Directory(store, new PeopleOptions
        {
            Profiles =
            [
                new ProfileOptions { Email = "MAYA.PATEL@contoso.example", Department = "Finance", Manager = "tom.becker@contoso.example", TimeZone = "America/New_York" },
            ],
        });
        await people.ObserveAsync(SlackSighting("UMAYA", "Maya Patel", MayaEmail) with { TimeZone = "Europe/Berlin", Department = "Sales" }, None);
        await people.ObserveAsync(SlackSighting("UTOM", "Tom Becker", "tom.becker@contoso.example") with { TimeZone = "Europe/Berlin" }, None);

        var maya = (await people.FindAsync(new PersonRef(TestPlatforms.Slack, "UMAYA", ""), None))!;
        var tom = (await people.FindByEmailAsync("tom.becker@contoso.example", None))!;

        Assert.Equal(("Finance", "tom.becker@contoso.example", "America/New_York"), (maya.Department, maya.Manager, maya.TimeZone));
        Assert.Equal((null, null, "Europe/Berlin"), (tom.Department, tom.Manager, tom.TimeZone));
        // The store keeps what the platform said; the configuration is laid over it on every read.
        var stored = (await store.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal(("Sales", "Europe/Berlin"), (stored.Department, stored.TimeZone));
        Assert.Equal("Finance", (await people.GetAsync(maya.Id, None))!.Department);
    }

    [Fact]
    public async Task RememberDirectChat_ForOneAccount_KeepsItWithoutChangingWhenTheyWereSeen()
    {
        var store = CreateStore();
        var people = Directory(store);
        await people.ObserveAsync(TeamsSighting("29:maya", "Maya Patel", MayaEmail), None);
        _clock.Advance(TimeSpan.FromHours(1));

        var chat = new ConversationAddress(TestPlatforms.Teams, "a:opened", "thread-ignored", "https://smba.example/amer/", "tenant-1");
        await people.RememberDirectChatAsync(PersonId.ForEmail(MayaEmail), "teams:29:maya", chat, None);

        var teams = (await people.FindByEmailAsync(MayaEmail, None))!.Identity("teams:29:maya")!;
        Assert.Equal(chat.TopLevel(), teams.DirectChat);
        Assert.Equal(Monday, teams.LastSeenAt);
    }

    // ---- helpers ----

    private PeopleDirectory Directory(IPeopleStore store, PeopleOptions? options = null) =>
        new(store, options ?? new PeopleOptions(), _clock, NullLogger<PeopleDirectory>.Instance);

    private static PersonSighting SlackSighting(string id, string name, string? email, string? dm = null) =>
        new(new PersonRef(TestPlatforms.Slack, id, name, email))
        {
            TenantId = "T0CONTOSO",
            DirectChat = dm is null ? null : new ConversationAddress(TestPlatforms.Slack, dm, OrganizationId: "T0CONTOSO"),
        };

    private static PersonSighting TeamsSighting(string id, string name, string? email, string? chat = null) =>
        new(new PersonRef(TestPlatforms.Teams, id, name, email))
        {
            TenantId = "tenant-1",
            ServiceUrl = "https://smba.example/amer/",
            DirectChat = chat is null ? null : new ConversationAddress(TestPlatforms.Teams, chat, null, "https://smba.example/amer/", "tenant-1"),
        };

    private static PlatformIdentity Slack(string id) => new(TestPlatforms.Slack, id);

    private static PlatformIdentity Teams(string id) => new(TestPlatforms.Teams, id);

    private static Person Maya() => new()
    {
        Id = PersonId.ForEmail(MayaEmail),
        Name = "Maya Patel — Ünïcode",
        Email = MayaEmail,
        TimeZone = "Europe/Berlin",
        Department = "Finance",
        Manager = "tom.becker@contoso.example",
        Identities =
        [
            Slack("UMAYA") with
            {
                TenantId = "T0CONTOSO",
                DirectChat = new ConversationAddress(TestPlatforms.Slack, "DMAYA", OrganizationId: "T0CONTOSO"),
                LastSeenAt = Monday,
            },
            Teams("29:maya") with
            {
                TenantId = "tenant-1",
                ServiceUrl = "https://smba.example/amer/",
                DirectChat = new ConversationAddress(TestPlatforms.Teams, "a:maya", null, "https://smba.example/amer/", "tenant-1"),
                LastSeenAt = Monday.AddHours(-2),
            },
        ],
    };

    private static void AssertSamePerson(Person expected, Person actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, SwitchboardJsonContext.Default.Person),
            JsonSerializer.Serialize(actual, SwitchboardJsonContext.Default.Person));
}

/// <summary>Lets another writer in between a directory's read and its write, once, as a second instance would.</summary>
public sealed class InterleavingPeopleStore(IPeopleStore inner) : IPeopleStore
{
    public Func<Task>? BeforeNextWrite { get; set; }

    public bool Interleaved { get; private set; }

    public Task<Person?> GetAsync(PersonId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<Person?> FindByPlatformKeyAsync(string platformKey, CancellationToken cancellationToken) =>
        inner.FindByPlatformKeyAsync(platformKey, cancellationToken);

    public Task<Person?> FindByEmailAsync(string email, CancellationToken cancellationToken) => inner.FindByEmailAsync(email, cancellationToken);

    public async Task<Person?> TryCreateAsync(Person person, CancellationToken cancellationToken)
    {
        await InterleaveAsync();
        return await inner.TryCreateAsync(person, cancellationToken);
    }

    public async Task<Person?> TryUpdateAsync(Person person, CancellationToken cancellationToken)
    {
        await InterleaveAsync();
        return await inner.TryUpdateAsync(person, cancellationToken);
    }

    public async Task<bool> TryDeleteAsync(Person person, CancellationToken cancellationToken)
    {
        await InterleaveAsync();
        return await inner.TryDeleteAsync(person, cancellationToken);
    }

    private async Task InterleaveAsync()
    {
        if (BeforeNextWrite is not { } other) return;
        BeforeNextWrite = null;
        await other();
        Interleaved = true;
    }
}

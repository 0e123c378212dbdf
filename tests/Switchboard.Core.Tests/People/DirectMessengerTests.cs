using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Core.Tests.People;

public sealed class DirectMessengerTests
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _clock = new(TestTime.Start);
    private readonly MemoryPeopleStore _store = new();
    private readonly RecordingGateway _slack = new(TestPlatforms.Slack);
    private readonly RecordingGateway _teams = new(TestPlatforms.Teams);
    private readonly FakeOpener _slackOpener = new(TestPlatforms.Slack);
    private readonly FakeOpener _teamsOpener = new(TestPlatforms.Teams);
    private readonly PeopleDirectory _people;

    public DirectMessengerTests() => _people = new PeopleDirectory(_store, new PeopleOptions(), _clock, NullLogger<PeopleDirectory>.Instance);

    [Fact]
    public async Task Send_ToSomeoneWithDirectChatsOnTwoPlatforms_GoesToTheOneTheyUsedLast()
    {
        await SeeOnSlackAsync(dm: "DMAYA");
        _clock.Advance(TimeSpan.FromMinutes(3));
        await SeeOnTeamsAsync(chat: "a:maya");

        var result = await Messenger().SendAsync(PersonId.ForEmail(MayaEmail), "Tom says thanks!", null, None);

        Assert.True(result.Sent);
        Assert.Equal(TestPlatforms.Teams, result.Platform);
        var (sent, message) = Assert.Single(_teams.Sent);
        Assert.Equal(new ConversationAddress(TestPlatforms.Teams, "a:maya", null, "https://smba.example/amer/", "tenant-1"), message.To);
        Assert.Equal("Tom says thanks!", message.Text);
        Assert.Equal(sent, result.Message);
        Assert.Empty(_slack.Sent);
        Assert.Empty(_teamsOpener.Opened);
    }

    [Fact]
    public async Task Send_WhenOnlyTheirAccountIsKnown_OpensTheChatOnceAndRemembersIt()
    {
        await SeeOnTeamsAsync(chat: null);
        var messenger = Messenger();

        await messenger.SendAsync(PersonId.ForEmail(MayaEmail), "first", null, None);
        await messenger.SendAsync(PersonId.ForEmail(MayaEmail), "second", null, None);

        var opened = Assert.Single(_teamsOpener.Opened);
        Assert.Equal(("29:maya", "tenant-1", "https://smba.example/amer/"), (opened.UserId, opened.TenantId, opened.ServiceUrl));
        Assert.All(_teams.Sent, s => Assert.Equal("opened:29:maya", s.Message.To.ConversationId));
        Assert.Equal(2, _teams.Sent.Count);
        Assert.Equal("opened:29:maya", (await _people.FindByEmailAsync(MayaEmail, None))!.Identity("teams:29:maya")!.DirectChat!.ConversationId);
    }

    [Fact]
    public async Task Send_ToAnIdNobodyHas_SaysTheyAreUnknown()
    {
        var result = await Messenger().SendAsync(PersonId.ForEmail("nobody@contoso.example"), "hello", null, None);

        Assert.Equal(DirectMessageOutcome.UnknownPerson, result.Outcome);
        Assert.Contains("nobody@contoso.example", result.Problem);
        Assert.Empty(_slack.Sent);
    }

    [Fact]
    public async Task Send_ToSomeoneOnlyOnAPlatformThatIsNotEnabled_SaysWhichPlatform()
    {
        await SeeOnSlackAsync(dm: "DMAYA");

        var result = await Messenger(slack: false).SendAsync(PersonId.ForEmail(MayaEmail), "hello", null, None);

        Assert.Equal(DirectMessageOutcome.NoReachablePlatform, result.Outcome);
        Assert.Equal("I can't reach Maya Patel directly: they use Switchboard only on slack, which isn't enabled here.", result.Problem);
        Assert.Empty(_teams.Sent);
    }

    [Fact]
    public async Task Send_WhenTheirLastPlatformRefusesToOpenAChat_UsesTheNextOne()
    {
        await SeeOnSlackAsync(dm: null);
        _clock.Advance(TimeSpan.FromMinutes(3));
        await SeeOnTeamsAsync(chat: null);
        _teamsOpener.Refusal = "Teams refused to open a chat: the app is not installed for them.";

        var result = await Messenger().SendAsync(PersonId.ForEmail(MayaEmail), "hello", null, None);

        Assert.True(result.Sent);
        Assert.Equal(TestPlatforms.Slack, result.Platform);
        Assert.Equal("opened:UMAYA", Assert.Single(_slack.Sent).Message.To.ConversationId);
        Assert.Single(_teamsOpener.Opened);
    }

    [Fact]
    public async Task Send_WhenEveryPlatformRefuses_SaysWhyForEach()
    {
        await SeeOnSlackAsync(dm: null);
        _clock.Advance(TimeSpan.FromMinutes(3));
        await SeeOnTeamsAsync(chat: null);
        _teamsOpener.Refusal = "Teams refused to open a chat: the app is not installed for them.";
        _slackOpener.Refusal = "Slack refused to open a direct message (user_disabled).";

        var result = await Messenger().SendAsync(PersonId.ForEmail(MayaEmail), "hello", null, None);

        Assert.Equal(DirectMessageOutcome.Refused, result.Outcome);
        Assert.Equal("I can't reach Maya Patel directly: Teams refused to open a chat: the app is not installed for them. " +
                     "Slack refused to open a direct message (user_disabled).", result.Problem);
        Assert.Empty(_slack.Sent);
        Assert.Empty(_teams.Sent);
    }

    [Fact]
    public async Task SendToAccount_OfSomeoneKnownElsewhere_GoesWhereTheyWereLast()
    {
        await SeeOnSlackAsync(dm: "DMAYA");
        _clock.Advance(TimeSpan.FromMinutes(3));
        await SeeOnTeamsAsync(chat: "a:maya");

        var result = await Messenger().SendAsync(new PersonRef(TestPlatforms.Slack, "UMAYA", "Maya Patel", MayaEmail), "hello", null, None);

        Assert.Equal(TestPlatforms.Teams, result.Platform);
        Assert.Single(_teams.Sent);
    }

    [Fact]
    public async Task SendToAccount_TheDirectoryHasNotMet_OpensAChatOnThatAccountsPlatform()
    {
        var card = new Card("A survey", "How did we do?", [], [], []);

        var result = await Messenger().SendAsync(new PersonRef(TestPlatforms.Slack, "UNEW", "New Person"), null, card, None);

        Assert.True(result.Sent);
        var message = Assert.Single(_slack.Sent).Message;
        Assert.Equal("opened:UNEW", message.To.ConversationId);
        Assert.Same(card, message.Card);
        Assert.Null(await _people.FindAsync(new PersonRef(TestPlatforms.Slack, "UNEW", ""), None));
    }

    private DirectMessenger Messenger(bool slack = true)
    {
        IPlatformGateway[] gateways = slack ? [_slack, _teams] : [_teams];
        return new DirectMessenger(_people, new PlatformGateways(gateways), [_slackOpener, _teamsOpener], NullLogger<DirectMessenger>.Instance);
    }

    private Task SeeOnSlackAsync(string? dm) =>
        _people.ObserveAsync(new PersonSighting(new PersonRef(TestPlatforms.Slack, "UMAYA", "Maya Patel", MayaEmail))
        {
            TenantId = "T0CONTOSO",
            DirectChat = dm is null ? null : new ConversationAddress(TestPlatforms.Slack, dm, OrganizationId: "T0CONTOSO"),
        }, None);

    private Task SeeOnTeamsAsync(string? chat) =>
        _people.ObserveAsync(new PersonSighting(new PersonRef(TestPlatforms.Teams, "29:maya", "Maya Patel", MayaEmail))
        {
            TenantId = "tenant-1",
            ServiceUrl = "https://smba.example/amer/",
            DirectChat = chat is null ? null : new ConversationAddress(TestPlatforms.Teams, chat, null, "https://smba.example/amer/", "tenant-1"),
        }, None);

    private sealed class FakeOpener(Platform platform) : IDirectChatOpener
    {
        public Platform Platform => platform;

        public List<PlatformIdentity> Opened { get; } = [];

        public string? Refusal { get; set; }

        public Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken)
        {
            Opened.Add(identity);
            if (Refusal is { } reason) throw new DirectChatRefusedException(reason);
            return Task.FromResult(new ConversationAddress(platform, $"opened:{identity.UserId}", null, identity.ServiceUrl, identity.TenantId));
        }
    }
}

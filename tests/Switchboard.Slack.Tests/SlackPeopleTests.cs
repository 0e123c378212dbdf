using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>The Slack adapter fills the people directory, and direct messages reach Slack users (Web API faked).</summary>
public sealed class SlackPeopleTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private SlackAdapterHost _host = null!;

    public async Task InitializeAsync() => _host = await SlackAdapterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private PeopleDirectory People => _host.Services.GetRequiredService<PeopleDirectory>();

    private DirectMessenger Messenger() => new(People, new PlatformGateways(_host.Services.GetServices<IPlatformGateway>()),
        _host.Services.GetServices<IDirectChatOpener>(), NullLogger<DirectMessenger>.Instance);

    [Fact]
    public async Task DirectMessageTurn_RecordsThePersonWithProfileWorkspaceAndDm()
    {
        await DirectMessageAsync("U0REQUESTER", "Ev0PEOPLE1");

        var maya = (await People.FindAsync(new PersonRef(SlackPlatform.Id, "U0REQUESTER", ""), None))!;
        Assert.Equal(PersonId.ForEmail("maya.patel@contoso.example"), maya.Id);
        Assert.Equal(("Maya Patel", "maya.patel@contoso.example", "Europe/Berlin"), (maya.Name, maya.Email, maya.TimeZone));
        var slack = Assert.Single(maya.Identities);
        Assert.Equal("T0CONTOSO", slack.TenantId);
        Assert.Equal(new ConversationAddress(SlackPlatform.Id, "D0MAYADM", null, null, "T0CONTOSO"), slack.DirectChat);
    }

    [Fact]
    public async Task UsersInfoAnsweringWithoutAUser_StillServesTheTurnUnderTheUserId()
    {
        _host.Api.AnswerNext("users.info", new JsonObject { ["ok"] = true });

        await DirectMessageAsync("U0REQUESTER", "Ev0NOUSER1");

        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal(new PersonRef(SlackPlatform.Id, "U0REQUESTER", "U0REQUESTER"), turn.From);
        Assert.Single(_host.Api.CallsTo("users.info"));
        var person = (await People.FindAsync(turn.From, None))!;
        Assert.Equal(("U0REQUESTER", null, null), (person.Name, person.Email, person.TimeZone));
        Assert.Equal("D0MAYADM", person.Identity("slack:U0REQUESTER")!.DirectChat!.ConversationId);
    }

    [Fact]
    public async Task DirectMessage_ToSomeoneWhoWroteInTheirDm_GoesThereWithoutOpeningOne()
    {
        await DirectMessageAsync("U0REQUESTER", "Ev0PEOPLE2");

        var result = await Messenger().SendAsync(PersonId.ForEmail("maya.patel@contoso.example"), "Alex says thanks!", null, None);

        Assert.True(result.Sent);
        var post = Assert.Single(_host.Api.CallsTo("chat.postMessage"));
        Assert.Equal(("D0MAYADM", "Alex says thanks!"), (post.Str("channel"), post.Str("text")));
        Assert.Empty(_host.Api.CallsTo("conversations.open"));
    }

    [Fact]
    public async Task DirectMessage_ToSomeoneSeenOnlyInAChannel_OpensTheirDmOnce()
    {
        await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", Payload.Load("event-app-mention.json",
            ("user", "UAGENT"), ("text", "status IT-1001"), ("channel", "C0ITDESK"), ("event_id", "Ev0PEOPLE3")), DateTimeOffset.UtcNow));
        await _host.Engine.WaitForTurnAsync();
        var messenger = Messenger();

        var first = await messenger.SendAsync(new PersonRef(SlackPlatform.Id, "UAGENT", "Alex Kim"), "Your survey is ready", null, None);
        var second = await messenger.SendAsync(PersonId.ForEmail("alex.kim@contoso.example"), "Reminder", null, None);

        Assert.True(first.Sent && second.Sent);
        var open = Assert.Single(_host.Api.CallsTo("conversations.open"));
        Assert.Equal("UAGENT", open.Str("users"));
        Assert.All(_host.Api.CallsTo("chat.postMessage"), c => Assert.Equal("DUAGENT", c.Str("channel")));
        Assert.Equal(2, _host.Api.CallsTo("chat.postMessage").Count());
    }

    [Fact]
    public async Task DirectMessage_WhenSlackRefusesToOpenTheDm_SaysWhyAndSendsNothing()
    {
        _host.Api.FailNext("conversations.open", "user_disabled");

        var result = await Messenger().SendAsync(new PersonRef(SlackPlatform.Id, "UGONE", "Former Colleague"), "hello", null, None);

        Assert.Equal(DirectMessageOutcome.Refused, result.Outcome);
        Assert.Equal("I can't reach Former Colleague directly: Slack refused to open a direct message with them (user_disabled).", result.Problem);
        Assert.Empty(_host.Api.CallsTo("chat.postMessage"));
    }

    private async Task DirectMessageAsync(string user, string eventId)
    {
        await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", user), ("text", "hello"), ("event_id", eventId)), DateTimeOffset.UtcNow));
        await _host.Engine.WaitForTurnAsync();
    }
}

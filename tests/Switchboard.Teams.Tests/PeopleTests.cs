using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// The Teams adapter fills the people directory from activities and installs, member look-ups that fail don't
/// lock anyone out, and direct messages reach Teams users through the (fake) Connector.
/// </summary>
public sealed class PeopleTests : IAsyncLifetime
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private const string AlexEmail = "alex.kim@contoso.example";
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBotFramework _fake = null!;
    private TeamsTestApp? _app;
    private TestTokens _tokens = null!;

    private TeamsTestApp App => _app ?? throw new InvalidOperationException("Start the app first.");

    private PeopleDirectory People => App.Services.GetRequiredService<PeopleDirectory>();

    private DirectMessenger Messenger => App.Services.GetRequiredService<DirectMessenger>();

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _fake.MemberEmails[TeamsPayloads.RequesterId] = MayaEmail;
        _fake.MemberEmails[TeamsPayloads.AgentId] = AlexEmail;
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private async Task StartAsync(TestEngine engine = TestEngine.Recording, Action<Dictionary<string, string?>>? configure = null) =>
        _app = await TeamsTestApp.StartAsync(_fake, engine, configure);

    [Fact]
    public async Task PersonalMessage_RecordsThePersonWithTheirChatTenantServiceUrlAndTimeZone()
    {
        await StartAsync();

        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "hello"));

        var maya = (await People.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal((PersonId.ForEmail(MayaEmail), TeamsPayloads.RequesterName, "Europe/Berlin"), (maya.Id, maya.Name, maya.TimeZone));
        var teams = Assert.Single(maya.Identities);
        Assert.Equal(TeamsPayloads.RequesterId, teams.UserId);
        Assert.Equal((TeamsPayloads.TenantId, _fake.ServiceUrl), (teams.TenantId, teams.ServiceUrl));
        Assert.Equal(new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.PersonalConversationId, null, _fake.ServiceUrl, TeamsPayloads.TenantId), teams.DirectChat);
    }

    [Fact]
    public async Task ChannelMention_RecordsThePersonWithoutADirectChat()
    {
        await StartAsync();

        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1001"));

        var alex = (await People.FindAsync(new PersonRef(TeamsPlatform.Id, TeamsPayloads.AgentId, ""), None))!;
        Assert.Equal(AlexEmail, alex.Email);
        Assert.Null(Assert.Single(alex.Identities).DirectChat);
    }

    [Fact]
    public async Task PersonalInstall_RecordsTheInstallersPersonalChat()
    {
        await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(PersonalInstall())).StatusCode);

        var maya = (await People.FindByEmailAsync(MayaEmail, None))!;
        Assert.Equal(TeamsPayloads.PersonalConversationId, Assert.Single(maya.Identities).DirectChat?.ConversationId);
    }

    [Fact]
    public async Task MemberLookupThatFails_IsNotRemembered_TheNextActivityHasTheEmail()
    {
        // No repeats in the HTTP client, so each failure below fails a whole look-up.
        await StartAsync(configure: settings => settings["Teams:MaxRetryAttempts"] = "0");
        // Both look-ups of the first activity (directory and turn) fail.
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");

        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1001"));
        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1002"));

        Assert.Equal([null, AlexEmail], App.Engine.Turns.Select(t => t.From.Email));
        Assert.Equal(3, _fake.ConnectorRequests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task MemberLookupThatFails_ForSomeoneTheDirectoryKnows_KeepsTheirEmail()
    {
        // No repeats in the HTTP client, so each failure below fails a whole look-up.
        await StartAsync(configure: settings => settings["Teams:MaxRetryAttempts"] = "0");
        // Another instance (or this one before a restart) saw Alex with his e-mail.
        await People.ObserveAsync(new PersonSighting(new PersonRef(TeamsPlatform.Id, TeamsPayloads.AgentId, TeamsPayloads.AgentName, AlexEmail)), None);
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");

        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1001"));

        Assert.Equal(AlexEmail, Assert.Single(App.Engine.Turns).From.Email);
    }

    [Fact]
    public async Task AgentByEmail_WhoseMemberLookupFails_StillWorksTheTeamsCards()
    {
        await StartAsync(TestEngine.Real, settings =>
        {
            settings.TeamChannel(_fake, "it", TeamsPayloads.ItChannelId);
        });
        var (rootId, teamCard) = await FileVpnRequestAsync();
        await People.ObserveAsync(new PersonSighting(new PersonRef(TeamsPlatform.Id, TeamsPayloads.AgentId, TeamsPayloads.AgentName, AlexEmail)), None);
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");
        _fake.FailNext(HttpStatusCode.InternalServerError, code: "InternalServerError");

        var response = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "ticket.assign-me", CardReader.ClickData(teamCard, "ticket.assign-me"), rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, title: "Assign to me"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains(TeamsPayloads.AgentName, CardReader.Text(body["value"]));
    }

    [Fact]
    public async Task DirectMessage_ToSomeoneWhoWroteInPersonalChat_GoesToThatChat()
    {
        await StartAsync();
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "hello"));
        _fake.ClearRequests();

        var result = await Messenger.SendAsync(PersonId.ForEmail(MayaEmail), "Alex sent you kudos!", null, None);

        Assert.True(result.Sent);
        var sent = Assert.Single(_fake.ConnectorWrites);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities", sent.Path);
        Assert.Equal("Alex sent you kudos!", sent.Json!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task DirectMessage_ToSomeoneSeenOnlyInAChannel_CreatesTheirChatOnceThroughTheConnector()
    {
        await StartAsync();
        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1001"));
        _fake.ClearRequests();

        var first = await Messenger.SendAsync(new PersonRef(TeamsPlatform.Id, TeamsPayloads.AgentId, TeamsPayloads.AgentName), "Your survey", null, None);
        var second = await Messenger.SendAsync(PersonId.ForEmail(AlexEmail), "A reminder", null, None);

        Assert.True(first.Sent && second.Sent);
        var create = Assert.Single(_fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        var body = create.Json!;
        Assert.False(body["isGroup"]!.GetValue<bool>());
        Assert.Equal(TeamsPayloads.BotId, body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.AgentId, Assert.Single(body["members"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.TenantId, body["tenantId"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.TenantId, body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        var chat = create.Response!["id"]!.GetValue<string>();
        var sends = _fake.ConnectorWrites.Where(r => r.Path == $"/amer/v3/conversations/{chat}/activities").ToList();
        Assert.Equal(["Your survey", "A reminder"], sends.Select(s => s.Json!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DirectMessage_WhenTeamsRefusesToCreateTheChat_SaysTheAppMustBeInstalled()
    {
        await StartAsync();
        await PostAsync(TeamsPayloads.ChannelMention(_fake.ServiceUrl, "status IT-1001"));
        _fake.ClearRequests();
        _fake.FailNext(HttpStatusCode.Forbidden, code: "BotNotInConversationRoster");

        var result = await Messenger.SendAsync(PersonId.ForEmail(AlexEmail), "Your survey", null, None);

        Assert.Equal(DirectMessageOutcome.Refused, result.Outcome);
        Assert.Contains("Teams refused to open a chat with them (403 BotNotInConversationRoster)", result.Problem);
        Assert.Contains("installed", result.Problem);
        Assert.DoesNotContain(_fake.ConnectorWrites, r => r.Path.EndsWith("/activities", StringComparison.Ordinal));
    }

    private async Task<(string RootId, JsonNode TeamCard)> FileVpnRequestAsync()
    {
        var personalActivities = $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities";
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "My VPN drops every call since this morning"));
        var confirmation = Assert.Single(_fake.ConnectorWrites, r => r.Path == personalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"), confirmation.ResponseId!));
        await App.Services.WaitForOutboxAsync();
        var thread = Assert.Single(_fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        return (thread.ResponseId!, CardReader.CardOf(thread.Json)!);
    }

    private string PersonalInstall() => $$"""
        {
          "action": "add",
          "type": "installationUpdate",
          "timestamp": "{{DateTimeOffset.UtcNow:O}}",
          "id": "f:{{TeamsPayloads.NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{_fake.ServiceUrl}}",
          "from": { "id": "{{TeamsPayloads.RequesterId}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TeamsPayloads.TenantId}}", "id": "{{TeamsPayloads.PersonalConversationId}}" },
          "recipient": { "id": "{{TeamsPayloads.BotId}}", "name": "{{TeamsPayloads.BotName}}" },
          "channelData": { "tenant": { "id": "{{TeamsPayloads.TenantId}}" }, "source": { "name": "message" } },
          "locale": "en-US"
        }
        """;

    private Task<HttpResponseMessage> PostAsync(string activity) => App.PostAsync(activity, _tokens.Channel());
}

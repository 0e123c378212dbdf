using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Teams.Inbound;
using Switchboard.Teams.Rendering;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>What the adapter makes of each kind of Teams activity (engine scripted, Connector faked).</summary>
public sealed class ActivityHandlingTests : IAsyncLifetime
{
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, _) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
            fake.MemberEmails[TeamsPayloads.AgentId] = "alex.kim@contoso.example";
        }, TestEngine.Recording);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PersonalMessage_BecomesPersonalTurnWithTheSendersEmail()
    {
        var id = TeamsPayloads.NewId();

        var response = await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "My VPN drops every call", id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal(id, turn.DeliveryId);
        Assert.Equal(ConversationScope.Personal, turn.Scope);
        Assert.Equal("My VPN drops every call", turn.Text);
        Assert.Null(turn.Action);
        Assert.Equal(new PersonRef(TeamsPlatform.Id, TeamsPayloads.RequesterId, TeamsPayloads.RequesterName, "maya.patel@contoso.example"), turn.From);
        Assert.Equal(new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.PersonalConversationId, null, _host.Fake.ServiceUrl, TeamsPayloads.TenantId), turn.Conversation);
    }

    [Fact]
    public async Task MemberEmail_IsLookedUpOnceAndThenCached()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "first"));
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "second"));

        var lookups = _host.Fake.ConnectorRequests.Where(r => r.Method == "GET").ToList();
        var lookup = Assert.Single(lookups);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/members/{TeamsPayloads.RequesterId}", lookup.Path);
        Assert.All(_host.App.Engine.Turns, t => Assert.Equal("maya.patel@contoso.example", t.From.Email));
    }

    [Fact]
    public async Task ChannelMention_StripsTheMentionAndAddressesThePostsThread()
    {
        var id = TeamsPayloads.NewId();

        await _host.PostAsync(TeamsPayloads.ChannelMention(_host.Fake.ServiceUrl, "link it", id));

        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal("link it", turn.Text);
        Assert.Equal(ConversationScope.Channel, turn.Scope);
        Assert.Equal(TeamsPayloads.ItChannelId, turn.Conversation.ConversationId);
        Assert.Equal(id, turn.Conversation.ThreadId);
        Assert.Equal("alex.kim@contoso.example", turn.From.Email);
    }

    [Fact]
    public async Task ChannelMentionInsideAThread_AddressesThatThread()
    {
        await _host.PostAsync(TeamsPayloads.ChannelMention(_host.Fake.ServiceUrl, "status IT-1001", threadRoot: "1699999999999"));

        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal("status IT-1001", turn.Text);
        Assert.Equal(TeamsPayloads.ItChannelId, turn.Conversation.ConversationId);
        Assert.Equal("1699999999999", turn.Conversation.ThreadId);
    }

    [Fact]
    public async Task GroupChatMention_BecomesGroupTurnWithoutTheMention()
    {
        await _host.PostAsync(TeamsPayloads.GroupChatMention(_host.Fake.ServiceUrl, "my requests"));

        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal(ConversationScope.Group, turn.Scope);
        Assert.Equal("my requests", turn.Text);
        Assert.Equal(TeamsPayloads.GroupChatId, turn.Conversation.ConversationId);
        Assert.Null(turn.Conversation.ThreadId);
    }

    [Fact]
    public async Task CardActionInvoke_BecomesActionTurnAndAnswersWithTheReplacementCard()
    {
        _host.App.Engine.Answer = _ => TurnResult.Handled(new Card("IT-1001 · VPN drops", "Assigned to Alex Kim", [new CardFact("Status", "Assigned")], [], []));
        var data = new JsonObject { ["ticket"] = "IT-1001", ["note"] = "Rebooted the router" };

        var response = await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.resolve", data, replyToId: "1700000000123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Equal("1.5", body["value"]!["version"]!.GetValue<string>());
        Assert.Contains("IT-1001 · VPN drops", body["value"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal("ticket.resolve", turn.Action!.Verb);
        Assert.Equal("IT-1001", turn.Action.Get("ticket"));
        Assert.Equal("Rebooted the router", turn.Action.Get("note"));
        Assert.Null(turn.Text);
        Assert.Equal("1700000000123", turn.SourceMessage!.MessageId);
    }

    [Fact]
    public async Task CardActionInvoke_RefusedWithNotice_AnswersWithAMessage()
    {
        _host.App.Engine.Answer = _ => TurnResult.Refused("Only IT Support agents can do that.");

        var response = await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.assign-me", new JsonObject { ["ticket"] = "IT-1001" }, "1700000000123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Equal("Only IT Support agents can do that.", body["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task CardActionInvoke_WithoutAVerb_AnswersWithAnErrorAndCallsNoEngine()
    {
        var activity = JsonNode.Parse(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "x", new JsonObject(), "1700000000123"))!;
        activity["value"]!["action"]!.AsObject().Remove("verb");

        var response = await _host.PostAsync(activity.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["value"]!["code"]!.GetValue<string>());
        Assert.Empty(_host.App.Engine.Turns);
    }

    [Fact]
    public async Task UnknownInvoke_IsAnsweredWithHttp501AndCallsNoEngine()
    {
        var activity = JsonNode.Parse(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "x", new JsonObject(), "1700000000123"))!;
        activity["name"] = "application/search";

        var response = await _host.PostAsync(activity.ToJsonString());

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(_host.App.Engine.Turns);
    }

    public enum Click
    {
        /// <summary>Action.Execute: an adaptiveCard/action invoke.</summary>
        Execute,
        /// <summary>Its Action.Submit fallback: a message whose value is the data.</summary>
        Submit,
    }

    [Theory]
    [InlineData(Click.Execute)]
    [InlineData(Click.Submit)]
    public async Task FormOnATeamCard_SubmittedWhileAnotherFormAlsoAsksForANote_SendsItsOwnNoteUnderItsOwnId(Click click)
    {
        // The team card of an assigned ticket has two forms with a "note" (Waiting on requester and Resolve).
        var card = AdaptiveCardRenderer.Render(SampleCards.Cards.ForTeam(SampleCards.Ticket(Core.Requests.TicketStatus.Assigned), ChannelPrivacy.Private));
        var forms = card["actions"]!.AsArray().Where(a => a!["type"]!.GetValue<string>() == "Action.ShowCard").ToDictionary(a => a!["title"]!.GetValue<string>(), a => a!["card"]!);
        var resolve = forms["Resolve"]["actions"]![0]!;
        // What Teams sends: the button's data merged with the inputs (a host may send every form's inputs).
        var data = (click == Click.Execute ? resolve["data"]! : resolve["fallback"]!["data"]!).DeepClone().AsObject();
        data[InputId(forms["Resolve"])] = "Reinstalled the VPN client";
        data[InputId(forms["Waiting on requester"])] = "Which client version?";

        var response = await _host.PostAsync(click == Click.Execute
            ? TeamsPayloads.CardAction(_host.Fake.ServiceUrl, resolve["verb"]!.GetValue<string>(), data, "1700000000123")
            : TeamsPayloads.SubmitAction(_host.Fake.ServiceUrl, data, "1700000000123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal("ticket.resolve", turn.Action!.Verb);
        Assert.Equal(new Dictionary<string, string> { ["ticket"] = "IT-1001", ["note"] = "Reinstalled the VPN client" }, turn.Action.Values);
    }

    private static string InputId(JsonNode form) =>
        form["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal))!["id"]!.GetValue<string>();

    [Fact]
    public async Task ActionSubmit_BecomesActionTurnWithoutTheVerbField()
    {
        var value = new JsonObject { ["sbVerb"] = "intake.submit", ["draft"] = "d-42", ["priority"] = "High", ["msteams"] = new JsonObject { ["type"] = "messageBack" } };

        var response = await _host.PostAsync(TeamsPayloads.SubmitAction(_host.Fake.ServiceUrl, value, replyToId: "1700000000456"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(_host.App.Engine.Turns);
        Assert.Equal("intake.submit", turn.Action!.Verb);
        Assert.Equal(new Dictionary<string, string> { ["draft"] = "d-42", ["priority"] = "High" }, turn.Action.Values);
        Assert.Equal("1700000000456", turn.SourceMessage!.MessageId);
    }

    [Fact]
    public async Task UnknownActivityType_IsAcknowledgedAndIgnored()
    {
        var response = await _host.PostAsync(TeamsPayloads.MessageReaction(_host.Fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(_host.App.Engine.Turns);
        Assert.Empty(_host.Fake.ConnectorRequests);
        Assert.Empty(_host.App.State.Writes);
    }

    [Fact]
    public async Task BotAddedToTeam_StoresTheTeamAndWelcomesOnceDespiteBothEventsAndRedelivery()
    {
        var conversationUpdate = TeamsPayloads.BotAddedToTeam(_host.Fake.ServiceUrl, id: "f:added-1");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(conversationUpdate)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.InstallationAdd(_host.Fake.ServiceUrl))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(conversationUpdate)).StatusCode);

        var welcome = Assert.Single(_host.Fake.ConnectorWrites);
        Assert.Equal("POST", welcome.Method);
        Assert.Equal("/amer/v3/conversations", welcome.Path);
        Assert.Equal(TeamsPayloads.TeamId, welcome.Json!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var text = welcome.Json!["activity"]!["text"]!.GetValue<string>();
        Assert.Contains("link", text);
        Assert.Contains("finance, it, legal, hr, security, facilities", text);

        var installation = await _host.Services.GetRequiredService<TeamsInstallations>().GetAsync(TeamsPayloads.TeamId, CancellationToken.None);
        Assert.NotNull(installation);
        Assert.Equal(TeamsPayloads.TeamId, installation.TeamId);
        Assert.Equal("Contoso IT", installation.TeamName);
        Assert.Equal(TeamsPayloads.TenantId, installation.TenantId);
        Assert.Equal(_host.Fake.ServiceUrl, installation.ServiceUrl);
        Assert.Equal(InstallationStatus.Active, installation.Status);
        Assert.Empty(_host.App.Engine.Turns);
    }

    [Fact]
    public async Task BotRemovedAndAddedAgain_WelcomesAgain()
    {
        await _host.PostAsync(TeamsPayloads.InstallationAdd(_host.Fake.ServiceUrl));
        await _host.PostAsync(TeamsPayloads.InstallationAdd(_host.Fake.ServiceUrl, action: "remove"));
        var removed = await _host.Services.GetRequiredService<TeamsInstallations>().GetAsync(TeamsPayloads.TeamId, CancellationToken.None);
        Assert.Equal(InstallationStatus.Removed, removed!.Status);

        await _host.PostAsync(TeamsPayloads.InstallationAdd(_host.Fake.ServiceUrl));

        Assert.Equal(2, _host.Fake.ConnectorWrites.Count);
    }
}

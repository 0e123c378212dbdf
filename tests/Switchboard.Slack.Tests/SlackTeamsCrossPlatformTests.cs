using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Teams;
using Switchboard.Core.Requests;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Slack and Teams together: a Slack requester served by a team that works in Teams, and a Teams requester
/// served by a team that works in Slack, against both fakes (Slack Web API, Bot Framework Connector).
/// Teams runs without an app id, which the Teams channel allows in Development only.
/// </summary>
public sealed class SlackTeamsCrossPlatformTests : IAsyncLifetime
{
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ItTeamsChannel = "19:it-helpdesk@thread.tacv2";
    private const string TeamsAgent = "29:agent";
    private const string TeamsRequester = "29:1requester-maya";
    private const string PersonalConversation = "a:1personal-maya";

    private FakeBotFramework _connector = null!;
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotFramework.StartAsync();
        _connector.AddMember(TeamsAgent, "Alex Kim", "alex.kim@contoso.example");
        _connector.AddMember(TeamsRequester, "Maya Patel", "maya.patel@contoso.example");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private Task StartAsync(bool itWorksInSlack) =>
        SlackApp.StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "",
            ["Teams:TrustedServiceHosts:0"] = _connector.BaseUrl,
            ["Slack:ServiceTeamChannels:it:ChannelId"] = itWorksInSlack ? SlackApp.ItChannel : "",
            ["Teams:ServiceTeamChannels:it:ChannelId"] = itWorksInSlack ? "" : ItTeamsChannel,
            ["Teams:ServiceTeamChannels:it:ServiceUrl"] = _connector.ServiceUrl,
            ["Teams:ServiceTeamChannels:it:TenantId"] = TenantId,
        }).ContinueWith(t => _app = t.Result, TaskScheduler.Default);

    [Fact]
    public async Task SlackRequester_TeamWorkingInTeams_GetsTheTeamsAgentsWorkInSlack()
    {
        await StartAsync(itWorksInSlack: false);
        await _app.CommandAsync("/request", "", "trigger.teams.1");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "VPN drops every call")), "team", "it"), "priority", "High"), "V0TEAMS");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync("slack:U0REQUESTER", t => t.Count == 1 && t[0].TeamCards.Any(c => c.Address.Platform == TeamsPlatform.Id) && t[0].RequesterCard is not null, "the Teams card"));
        var teamsCard = ticket.TeamCards.Single(c => c.Address.Platform == TeamsPlatform.Id);
        var created = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal), "the new thread in IT's Teams channel");
        Assert.Equal(ItTeamsChannel, created.Json!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.Str("channel")!.StartsWith('C'));

        // Alex clicks "Assign to me" on the card in Teams.
        var invoke = CardAction(TeamsAgent, "Alex Kim", "ticket.assign-me", new JsonObject { ["ticket"] = ticket.Number.ToString() },
            $"{ItTeamsChannel};messageid={teamsCard.MessageId}", "channel", teamsCard.MessageId);
        var response = await PostActivityAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var assigned = Assert.Single(await _app.WaitForTicketsAsync("slack:U0REQUESTER", t => t[0].Status == TicketStatus.Assigned, "the assignment"));
        Assert.Equal("alex.kim@contoso.example", assigned.Assignee!.Email);
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == "DU0REQUESTER" && c.Str("ts") == ticket.RequesterCard!.MessageId && c.AllText.Contains("Alex"));
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "DU0REQUESTER" && c.Body["blocks"] is null && c.AllText.Contains("Alex"));
    }

    [Fact]
    public async Task TeamsRequester_TeamWorkingInSlack_GetsTheSlackAgentsWorkInTeams()
    {
        await StartAsync(itWorksInSlack: true);
        await PostActivityAsync(PersonalMessage("My laptop won't charge and the VPN drops"));

        // Confirm on the Teams card (picking IT first if the router asks).
        var card = await _connector.WaitForAsync(c => c.Method == "POST" && c.ResponseId is not null && c.Body.Contains("intake."), "the intake card in Teams");
        var activityId = card.ResponseId!;
        if (FindAction(card.Json!, "intake.set-team") is { } setTeam)
        {
            setTeam["team"] = "it";
            await PostActivityAsync(CardAction(TeamsRequester, "Maya Patel", "intake.set-team", setTeam, PersonalConversation, "personal", activityId));
            await _connector.WaitForAsync(c => c.Method == "PUT" && c.Body.Contains("intake.submit"), "the confirmation in Teams");
        }
        var confirmation = _connector.Requests.Last(c => c.Body.Contains("intake.submit"));
        var submit = FindAction(confirmation.Json!, "intake.submit")!;
        await PostActivityAsync(CardAction(TeamsRequester, "Maya Patel", "intake.submit", submit, PersonalConversation, "personal", activityId));

        var requesterKey = "teams:" + TeamsRequester;
        await _app.WaitForTicketsAsync(requesterKey, t => t.Count == 1, "the ticket");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");

        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(requesterKey, t => t[0].Status == TicketStatus.Assigned, "the assignment"));
        Assert.Equal("slack:UAGENT", ticket.Assignee!.Key);
        await _connector.WaitForAsync(c => c.Method == "PUT" && c.Path.Contains(PersonalConversation, StringComparison.Ordinal) && c.Body.Contains("Alex"), "the requester's card updated in Teams");
        await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.Contains(PersonalConversation, StringComparison.Ordinal) && c.Body.Contains("Alex") && !c.Body.Contains("AdaptiveCard"), "the requester told in Teams");
        Assert.DoesNotContain(_app.Api.Calls, c => c.Str("channel") is { } channel && channel.StartsWith('D'));
    }

    private Task<HttpResponseMessage> PostActivityAsync(string activity)
    {
        var content = new StringContent(activity, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _app.Client.PostAsync("/api/messages", content);
    }

    /// <summary>The data of the Adaptive Card action with <paramref name="verb"/>, wherever it sits in the activity.</summary>
    private static JsonObject? FindAction(JsonNode node, string verb)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["verb"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && obj["verb"]!.GetValue<string>() == verb)
                    return obj["data"]?.DeepClone() as JsonObject ?? [];
                foreach (var (_, child) in obj)
                    if (child is not null && FindAction(child, verb) is { } found) return found;
                return null;
            case JsonArray array:
                foreach (var child in array)
                    if (child is not null && FindAction(child, verb) is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    private string PersonalMessage(string text) => $$"""
        {
          "text": {{System.Text.Json.JsonSerializer.Serialize(text)}},
          "textFormat": "plain",
          "type": "message",
          "timestamp": "{{DateTimeOffset.UtcNow:O}}",
          "id": "{{Guid.NewGuid():N}}",
          "channelId": "msteams",
          "serviceUrl": "{{_connector.ServiceUrl}}",
          "from": { "id": "{{TeamsRequester}}", "name": "Maya Patel", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{PersonalConversation}}" },
          "recipient": { "id": "28:switchboard", "name": "Switchboard" },
          "channelData": { "tenant": { "id": "{{TenantId}}" } },
          "locale": "en-US"
        }
        """;

    private string CardAction(string fromId, string fromName, string verb, JsonObject data, string conversationId, string conversationType, string replyToId) => $$"""
        {
          "name": "adaptiveCard/action",
          "type": "invoke",
          "timestamp": "{{DateTimeOffset.UtcNow:O}}",
          "id": "f:{{Guid.NewGuid():N}}",
          "channelId": "msteams",
          "serviceUrl": "{{_connector.ServiceUrl}}",
          "from": { "id": "{{fromId}}", "name": "{{fromName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000004" },
          "conversation": { {{(conversationType == "personal" ? "" : "\"isGroup\": true, ")}}"conversationType": "{{conversationType}}", "tenantId": "{{TenantId}}", "id": "{{conversationId}}" },
          "recipient": { "id": "28:switchboard", "name": "Switchboard" },
          "replyToId": "{{replyToId}}",
          "value": {
            "action": { "type": "Action.Execute", "title": "Go", "verb": "{{verb}}", "data": {{data.ToJsonString()}} },
            "trigger": "manual"
          },
          "channelData": { "tenant": { "id": "{{TenantId}}" }, "source": { "name": "message" } },
          "locale": "en-US"
        }
        """;
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
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
    private const string ItTeamsChannel = TeamsPayloads.ItChannelId;
    private const string TeamsAgent = TeamsPayloads.AgentId;
    private const string TeamsRequester = TeamsPayloads.RequesterId;
    private const string PersonalConversation = TeamsPayloads.PersonalConversationId;

    private SlackApp _app = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private async Task StartAsync(bool itWorksInSlack) =>
        _app = await SlackApp.StartWithTeamsAsync(teams =>
            {
                teams.AddMember(TeamsAgent, "Alex Kim", "alex.kim@contoso.example");
                teams.AddMember(TeamsRequester, "Maya Patel", "maya.patel@contoso.example");
            },
            (settings, teams) =>
            {
                settings["Slack:ServiceTeamChannels:it:ChannelId"] = itWorksInSlack ? SlackApp.ItChannel : "";
                settings.TeamChannel(teams, "it", itWorksInSlack ? "" : ItTeamsChannel);
            });

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
        var created = await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal), "the new thread in IT's Teams channel");
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
        var card = await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.ResponseId is not null && c.Body.Contains("intake."), "the intake card in Teams");
        var activityId = card.ResponseId!;
        if (FindAction(card.Json!, "intake.set-team") is { } setTeam)
        {
            setTeam["team"] = "it";
            await PostActivityAsync(CardAction(TeamsRequester, "Maya Patel", "intake.set-team", setTeam, PersonalConversation, "personal", activityId));
            await _app.Teams.WaitForAsync(c => c.Method == "PUT" && c.Body.Contains("intake.submit"), "the confirmation in Teams");
        }
        var confirmation = _app.Teams.Requests.Last(c => c.Body.Contains("intake.submit"));
        var submit = FindAction(confirmation.Json!, "intake.submit")!;
        await PostActivityAsync(CardAction(TeamsRequester, "Maya Patel", "intake.submit", submit, PersonalConversation, "personal", activityId));

        var requesterKey = "teams:" + TeamsRequester;
        await _app.WaitForTicketsAsync(requesterKey, t => t.Count == 1, "the ticket");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");

        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(requesterKey, t => t[0].Status == TicketStatus.Assigned, "the assignment"));
        Assert.Equal("slack:UAGENT", ticket.Assignee!.Key);
        await _app.Teams.WaitForAsync(c => c.Method == "PUT" && c.Path.Contains(PersonalConversation, StringComparison.Ordinal) && c.Body.Contains("Alex"), "the requester's card updated in Teams");
        await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.Contains(PersonalConversation, StringComparison.Ordinal) && c.Body.Contains("Alex") && !c.Body.Contains("AdaptiveCard"), "the requester told in Teams");
        Assert.DoesNotContain(_app.Api.Calls, c => c.Str("channel") is { } channel && channel.StartsWith('D'));
    }

    [Fact]
    public async Task SlackRequester_OfferedAnAnswerSavedByATeamsAgent_SolvingItFilesNothingAndCreditsTheAgentInTeams()
    {
        await StartAsync(itWorksInSlack: false);
        await _app.CommandAsync("/request", "", "trigger.teams.answers");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "The label printer software on my laptop jams on every sheet")), "team", "it"), "priority", "Normal"), "V0TEAMSANS");
        var ticket = Assert.Single(await _app.WaitForTicketsAsync("slack:U0REQUESTER", t => t.Count == 1 && t[0].TeamCards.Any(c => c.Address.Platform == TeamsPlatform.Id), "the Teams card"));
        var teamsCard = ticket.TeamCards.Single(c => c.Address.Platform == TeamsPlatform.Id);
        var thread = $"{ItTeamsChannel};messageid={teamsCard.MessageId}";
        var created = await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal), "the new thread in IT's Teams channel");

        // Alex resolves it from the card in Teams, then saves it as an answer from the resolved card's form.
        var resolve = FindAction(created.Json!, "ticket.resolve")!;
        resolve["note"] = "Cleaned the rollers with the kit in the drawer.";
        var resolved = await PostActivityAsync(CardAction(TeamsAgent, "Alex Kim", "ticket.resolve", resolve, thread, "channel", teamsCard.MessageId));
        var resolvedCard = JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!;
        var save = FindAction(resolvedCard, AnswerVerbs.Save) ?? throw new InvalidOperationException("The resolved card in Teams has no Save as an answer.");
        save[FormInputId(resolvedCard, AnswerVerbs.Save, AnswerVerbs.Keys.Question)] = "The label printer jams. What do I do?";
        save[FormInputId(resolvedCard, AnswerVerbs.Save, AnswerVerbs.Keys.Text)] = "Clean the rollers with the cleaning kit in the top drawer.";
        Assert.Equal(HttpStatusCode.OK, (await PostActivityAsync(CardAction(TeamsAgent, "Alex Kim", AnswerVerbs.Save, save, thread, "channel", teamsCard.MessageId))).StatusCode);
        var answer = await _app.Services.GetRequiredService<AnswerService>().FindAsync("it.1", CancellationToken.None);
        Assert.Equal(("The label printer jams. What do I do?", "alex.kim@contoso.example"), (answer!.Question, answer.Author.Value));

        // Maya asks again in Slack: Alex's answer solves it.
        await _app.DirectMessageAsync("label printer jams again", "Ev0XANS01");
        var offer = await _app.WaitForCardAsync(SlackApp.RequesterDm, AnswerVerbs.Solved, c => c.Text.Contains("cleaning kit"));
        await _app.ClickAsync(offer, AnswerVerbs.Solved, "U0REQUESTER");

        await _app.WaitForCardAsync(SlackApp.RequesterDm, c => c.Ts == offer.Ts && c.Text.Contains("Glad that solved it"), "the solved card");
        var credit = Assert.Single(await _app.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("it.1", 1L), (credit.AnswerId, credit.Solved));
        var told = await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Body.Contains("solved a request", StringComparison.Ordinal), "the credit to Alex in Teams");
        Assert.Contains("The label printer jams. What do I do?", told.Body);
        Assert.Contains(_app.Teams.Requests, c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && c.Json!["members"]?[0]?["id"]?.GetValue<string>() == TeamsAgent);
        Assert.DoesNotContain(_app.Api.Calls, c => c.AllText.Contains("solved a request"));
        Assert.Single(await _app.Tickets.ListByRequesterAsync("slack:U0REQUESTER", CancellationToken.None));
        Assert.Single(_app.Teams.Requests, c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) && c.Json!["channelData"]?["channel"] is not null);
    }

    private Task<HttpResponseMessage> PostActivityAsync(string activity) => _app.PostTeamsAsync(activity);

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

    /// <summary>
    /// The id on the card of input <paramref name="input"/> of the form (a show-card) submitted with <paramref name="verb"/>:
    /// Teams sends a form's inputs under their ids on the card, which end in the input's own id.
    /// </summary>
    private static string FormInputId(JsonNode node, string verb, string input)
    {
        IEnumerable<JsonObject> ShowCards(JsonNode? n) => n switch
        {
            JsonObject o when o["type"]?.GetValue<string>() == "Action.ShowCard" => [o],
            JsonObject o => o.SelectMany(p => ShowCards(p.Value)),
            JsonArray a => a.SelectMany(ShowCards),
            _ => [],
        };
        var form = ShowCards(node).First(s => FindAction(s["card"]!, verb) is not null);
        return form["card"]!["body"]!.AsArray().Select(e => e?["id"]?.GetValue<string>())
            .First(id => id == input || id?.EndsWith("." + input, StringComparison.Ordinal) == true)!;
    }

    private string PersonalMessage(string text) => TeamsPayloads.PersonalMessage(_app.Teams.ServiceUrl, text);

    private string CardAction(string fromId, string fromName, string verb, JsonObject data, string conversationId, string conversationType, string replyToId) =>
        TeamsPayloads.CardAction(_app.Teams.ServiceUrl, verb, data, replyToId, conversationId, conversationType, fromId, fromName, title: "Go");
}

using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Core.Requests;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The whole host with the real engine and in-memory stores, Slack played by signed recorded payloads and a
/// fake Web API: what a Slack user does, what reaches Slack, and what is stored.
/// </summary>
public sealed class SlackEndToEndTests : IAsyncLifetime
{
    private const string Requester = "slack:U0REQUESTER";
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DirectMessageRequest_SubmittedAssignedAndResolvedFromSlackCards_KeepsEveryoneInformed()
    {
        // Maya DMs the bot; it proposes IT on a confirmation card.
        Assert.Equal(HttpStatusCode.OK, (await _app.DirectMessageAsync("My laptop won't boot after the update", "Ev0FLOW01")).StatusCode);
        var confirmation = await _app.WaitForConfirmationAsync(SlackApp.RequesterDm, "U0REQUESTER");
        Assert.Contains("IT Support", confirmation.Text);

        // She edits the summary on the card and submits.
        var state = SlackApp.WithSelect(SlackApp.TextState(("summary", "Laptop won't boot")), "priority", "High");
        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER", state.ToJsonString())).StatusCode);

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));
        Assert.Equal("it", ticket.TeamId);
        Assert.Equal("Laptop won't boot", ticket.Summary);
        Assert.Equal(Priority.High, ticket.Priority);
        Assert.Equal("maya.patel@contoso.example", ticket.Requester.Email);

        // The team card is a top-level post in IT's channel; its thread is where the work is discussed.
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        Assert.Null(teamCard.Call.Body["thread_ts"]);
        Assert.Contains(ticket.Number.ToString(), teamCard.Text);
        // The confirmation card became Maya's ticket card, in place.
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == SlackApp.RequesterDm && c.Str("ts") == confirmation.Ts && c.AllText.Contains(ticket.Number.ToString()));

        // An agent (configured as slack:UAGENT) takes it from the card.
        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT")).StatusCode);
        await _app.WaitForTicketsAsync(Requester, t => t[0].Status == TicketStatus.Assigned, "the assignment");
        var assigned = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.resolve", c => c.Call.Method == "chat.update" && c.Ts == teamCard.Ts);
        Assert.Contains("Alex", assigned.Text);

        // Resolve asks for a note in a modal first.
        await _app.ClickAsync(assigned, "ticket.resolve", "UAGENT");
        var modal = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        Assert.Equal("sb_action", modal["callback_id"]!.GetValue<string>());
        var submitted = await _app.SubmitViewAsync(modal, "UAGENT", SlackApp.TextState(("note", "Rolled back the BIOS update")), "V0RESOLVE");
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("", await submitted.Content.ReadAsStringAsync());

        var resolved = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t[0].Status == TicketStatus.Resolved, "the resolution"));
        Assert.Equal("Rolled back the BIOS update", resolved.Resolution);
        Assert.Equal("slack:UAGENT", resolved.Assignee!.Key);
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == SlackApp.ItChannel && c.Str("ts") == teamCard.Ts && c.AllText.Contains("Rolled back the BIOS update"));
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == SlackApp.RequesterDm && c.Str("ts") == confirmation.Ts && c.AllText.Contains("Resolved"));
        // Maya is told in her DM (a new message, not only the card changing): one card that asks whether it fixed it.
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.RequesterDm && c.AllText.Contains("Rolled back the BIOS update"));
        var survey = await _app.WaitForCardAsync(SlackApp.RequesterDm, "survey.fixed");

        // She answers with four stars and a comment; the rating is stored and her card says thanks.
        var answer = SlackApp.WithSelect(SlackApp.TextState(("comment", "Fast <!channel> fix")), "rating", "4");
        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(survey, "survey.fixed", "U0REQUESTER", answer.ToJsonString())).StatusCode);
        var rated = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t[0].Survey?.State == SurveyState.Answered, "the rating"));
        Assert.Equal((true, 4, "Fast <!channel> fix"), (rated.Survey!.Fixed, rated.Survey.Rating, rated.Survey.Comment));
        // What she wrote is shown literally in the team's thread: no channel-wide ping.
        var thread = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.ItChannel && c.Str("thread_ts") == teamCard.Ts && c.AllText.Contains("rated 4/5"));
        Assert.DoesNotContain("<!channel>", thread.Body.ToJsonString());
    }

    [Fact]
    public async Task AgentQuestion_AnsweredInPlainWords_LandsOnTheTicket()
    {
        await _app.DirectMessageAsync("My laptop won't boot after the update", "Ev0ASK01");
        var confirmation = await _app.WaitForConfirmationAsync(SlackApp.RequesterDm, "U0REQUESTER");
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER", SlackApp.TextState(("summary", "Laptop won't boot")).ToJsonString());
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");
        var assigned = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.wait", c => c.Call.Method == "chat.update" && c.Ts == teamCard.Ts);
        await _app.ClickAsync(assigned, "ticket.wait", "UAGENT");
        var modal = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(modal, "UAGENT", SlackApp.TextState(("note", "Does it show the BitLocker screen?")), "V0ASK");

        // The question reaches her with a Reply button; she answers in plain words instead.
        var question = await _app.WaitForCardAsync(SlackApp.RequesterDm, "ticket.add-info", c => c.Text.Contains("Does it show the BitLocker screen?"));
        Assert.Contains("Reply", question.Text);
        await _app.DirectMessageAsync("Yes, it asks for a recovery key", "Ev0ASK02");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t[0].History[^1].Kind == TicketEventKind.InfoAdded, "her answer"));
        Assert.Equal("Yes, it asks for a recovery key", ticket.History[^1].Note);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.ItChannel && c.Str("thread_ts") == teamCard.Ts && c.AllText.Contains("recovery key"));
        // No new request was proposed for her answer.
        Assert.Single(_app.Api.Calls, c => c.Method == "chat.postMessage" && c.AllText.Contains("intake.submit"));
    }

    [Fact]
    public async Task RequesterAddsInfoFromHerCard_TheTeamReadsItInTheCardsThread()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.info");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "Docking station flickers")), "team", "it"), "priority", "Normal"), "V0INFO");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        var requesterCard = await _app.WaitForCardAsync("DU0REQUESTER", "ticket.add-info");

        await _app.ClickAsync(requesterCard, "ticket.add-info", "U0REQUESTER");
        var form = (await _app.Api.WaitForCallAsync("views.open", c => c.Body["view"]!["callback_id"]!.GetValue<string>() == "sb_action")).Body["view"]!;
        var response = await _app.SubmitViewAsync(form, "U0REQUESTER", SlackApp.TextState(("note", "It happens only with the HDMI port")), "V0INFOFORM");

        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var reply = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.ItChannel && c.Str("thread_ts") == teamCard.Ts);
        Assert.Contains("It happens only with the HDMI port", reply.AllText);
    }

    [Fact]
    public async Task AgentMention_InTheTicketThread_IsRelayedToTheRequestersDm()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.thread");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "VPN drops every call")), "team", "it"), "priority", "Normal"), "V0THREAD");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");

        await _app.ThreadMentionAsync("Can you try the wired network?", SlackApp.ItChannel, teamCard.Ts, "Ev0THREAD", "UAGENT");

        var relayed = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "DU0REQUESTER" && c.AllText.Contains("writes: Can you try the wired network?"));
        Assert.Contains("Alex", relayed.AllText);
        await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.Str("channel") == SlackApp.ItChannel && c.Str("thread_ts") == teamCard.Ts && c.AllText.Contains("Sent to"));
        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t[0].FirstRespondedAt is not null, "the first response"));
        Assert.Equal(TicketEventKind.AgentReplied, ticket.History[^1].Kind);
    }

    [Fact]
    public async Task RedeliveredEvent_WithRetryHeader_HasItsEffectOnce()
    {
        await _app.DirectMessageAsync("The printer on floor 3 is jammed", "Ev0TWICE");
        await _app.DirectMessageAsync("The printer on floor 3 is jammed", "Ev0TWICE", retry: 1);
        var confirmation = await _app.WaitForConfirmationAsync(SlackApp.RequesterDm, "U0REQUESTER");
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER");
        await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket");

        await _app.DirectMessageAsync("The printer on floor 3 is jammed", "Ev0TWICE", retry: 2);
        await WhenSettledAsync();

        Assert.Single(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
        Assert.Single(_app.Api.CallsTo("chat.postMessage"), c => c.Str("channel") == SlackApp.RequesterDm && c.Body["blocks"] is not null && c.AllText.Contains("intake."));
    }

    [Fact]
    public async Task RequestCommandWithText_ContinuesInTheDirectMessage()
    {
        var response = await _app.CommandAsync("/request", "my VPN drops every call", "trigger.e2e.1");

        Assert.Contains("DM", await response.Content.ReadAsStringAsync());
        var confirmation = await _app.WaitForConfirmationAsync("DU0REQUESTER", "U0REQUESTER");
        Assert.Contains("IT Support", confirmation.Text);
    }

    [Fact]
    public async Task RequestCommand_WithTextShapedLikeACommand_FilesItAsARequest_NotParsedAgain()
    {
        await _app.CommandAsync("/request", "my requests", "trigger.e2e.typed");

        var card = await _app.WaitForCardAsync("DU0REQUESTER", c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team"), "the intake card");
        Assert.Contains("my requests", card.Text);
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("You have no requests"));
    }

    [Theory]
    [InlineData("status IT-١٠٠١", "Ev0DIGITS1")]
    [InlineData("IT-１００１", "Ev0DIGITS2")]
    public async Task TicketNumberInDigitsOfAnotherScript_IsReadAndAnsweredInTheDm(string text, string eventId)
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.DirectMessageAsync(text, eventId)).StatusCode);

        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.RequesterDm && c.AllText.Contains("find IT-1001."));
    }

    [Fact]
    public async Task RequestModal_ValidSubmission_FilesTheTicketAndPostsTheTeamCard()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.modal");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;

        var state = SlackApp.WithSelect(SlackApp.WithSelect(
            SlackApp.TextState(("summary", "Monitor flickers"), ("details", "Since Monday, the left one")), "team", "it"), "priority", "Low");
        var response = await _app.SubmitViewAsync(view, "U0REQUESTER", state, "V0MODALOK");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));
        Assert.Equal(("it", "Monitor flickers", "Since Monday, the left one", Priority.Low), (ticket.TeamId, ticket.Summary, ticket.Details, ticket.Priority));
        Assert.Equal("DU0REQUESTER", ticket.RequesterAddress.ConversationId);
        await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
    }

    [Fact]
    public async Task RequestModal_InvalidSubmission_ReturnsFieldErrorsAndFilesNothing()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.bad");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;

        var missing = await _app.SubmitViewAsync(view, "U0REQUESTER", SlackApp.WithSelect(SlackApp.TextState(("summary", "")), "priority", "Normal"), "V0BAD1");
        var errors = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.NotNull(errors["errors"]!["team"]);
        Assert.NotNull(errors["errors"]!["summary"]);

        // Details over the engine's limit: the engine refuses and the refusal lands on the details field.
        var tooLong = SlackApp.WithSelect(SlackApp.WithSelect(
            SlackApp.TextState(("summary", "Printer"), ("details", new string('x', RequestText.MaxLength + 1))), "team", "it"), "priority", "Normal");
        var refused = JsonNode.Parse(await (await _app.SubmitViewAsync(view, "U0REQUESTER", tooLong, "V0BAD2")).Content.ReadAsStringAsync())!;
        Assert.Equal("errors", refused["response_action"]!.GetValue<string>());
        Assert.NotNull(refused["errors"]!["details"]);

        Assert.Empty(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
    }

    [Fact]
    public async Task RequestModal_CorrectedAfterARefusal_IsFiledOnceWhenSubmittedAgain()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.fix");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        JsonObject Form(string details) => SlackApp.WithSelect(SlackApp.WithSelect(
            SlackApp.TextState(("summary", "Printer"), ("details", details)), "team", "it"), "priority", "Normal");

        // Same view (same id and hash): refused, corrected, then the corrected form arrives twice.
        var refused = await _app.SubmitViewAsync(view, "U0REQUESTER", Form(new string('x', RequestText.MaxLength + 1)), "V0FIX");
        Assert.Contains("errors", await refused.Content.ReadAsStringAsync());
        var accepted = await _app.SubmitViewAsync(view, "U0REQUESTER", Form("Jams on every page"), "V0FIX");
        var again = await _app.SubmitViewAsync(view, "U0REQUESTER", Form("Jams on every page"), "V0FIX");

        Assert.Equal("", await accepted.Content.ReadAsStringAsync());
        Assert.Equal("", await again.Content.ReadAsStringAsync());
        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));
        Assert.Equal("Jams on every page", ticket.Details);
        await WhenSettledAsync();
        Assert.Single(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
    }

    [Fact]
    public async Task MessageShortcut_PrefilledModal_FilesTheMessageAsARequest()
    {
        var shortcut = Payload.Load("message-action.json", ("user", "U0REQUESTER"), ("text", "Badge reader at door B is dead"));
        await _app.Client.SendAsync(SlackSigner.Interaction(shortcut, DateTimeOffset.UtcNow));
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var details = view["blocks"]![2]!["element"]!["initial_value"]!.GetValue<string>();
        Assert.Contains("https://contoso.slack.com/archives/C0GENERAL/p1763810250000700", details);

        var state = SlackApp.WithSelect(SlackApp.WithSelect(
            SlackApp.TextState(("summary", "Badge reader at door B is dead"), ("details", details)), "team", "facilities"), "priority", "High");
        await _app.SubmitViewAsync(view, "U0REQUESTER", state, "V0SHORTCUT");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));
        Assert.Equal("facilities", ticket.TeamId);
        Assert.Contains("/archives/C0GENERAL/p1763810250000700", ticket.Details);
    }

    [Fact]
    public async Task RequestsCommand_ListsTheCallersOpenRequests()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.list0");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "New keyboard")), "team", "it"), "priority", "Low"), "V0LIST");
        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));

        var response = await _app.CommandAsync("/requests", "", "trigger.e2e.list1");

        Assert.Contains("ephemeral", await response.Content.ReadAsStringAsync());
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "DU0REQUESTER" && c.AllText.Contains("open requests") && c.AllText.Contains(ticket.Number.ToString()));
    }

    [Fact]
    public async Task AdminMention_LinksTheChannelAndNewRequestsArePostedThere()
    {
        await _app.MentionAsync("link hr", "C0PEOPLE", "Ev0LINK", "UADMIN");
        var reply = await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.Str("channel") == "C0PEOPLE");
        Assert.Equal("UADMIN", reply.Str("user"));
        Assert.Equal("1763810100.000300", reply.Str("thread_ts"));
        Assert.Contains("Linked", reply.Str("text"));

        await _app.CommandAsync("/request", "", "trigger.e2e.hr");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "Question about parental leave")), "team", "hr"), "priority", "Normal"), "V0HR");

        await _app.WaitForCardAsync("C0PEOPLE", "ticket.assign-me");
    }

    [Fact]
    public async Task MentionFromANonAdmin_CannotLinkAChannel()
    {
        await _app.MentionAsync("link hr", "C0PEOPLE", "Ev0NOLINK", "U0REQUESTER");

        var reply = await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.Str("channel") == "C0PEOPLE");
        Assert.Contains("admins", reply.Str("text"));
    }

    [Fact]
    public async Task TeamCardPost_RateLimitedBySlack_IsRetriedAfterRetryAfter()
    {
        _app.Api.RateLimitNext("chat.postMessage", retryAfterSeconds: 1);

        await _app.DirectMessageAsync("My laptop fan is very loud", "Ev0LIMIT");

        await _app.WaitForCardAsync(SlackApp.RequesterDm, c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team"), "the intake card");
        var posts = _app.Api.CallsTo("chat.postMessage").Take(2).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body.ToJsonString(), posts[1].Body.ToJsonString());
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {(posts[1].At - posts[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CardClick_FromSomeoneWhoIsNotAnAgent_IsRefusedOnlyToThem()
    {
        await _app.CommandAsync("/request", "", "trigger.e2e.refuse");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "Wi-Fi is slow")), "team", "it"), "priority", "Normal"), "V0REFUSE");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");

        await _app.ClickAsync(teamCard, "ticket.assign-me", "U0REQUESTER");

        var notice = await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.Str("channel") == SlackApp.ItChannel);
        Assert.Equal("U0REQUESTER", notice.Str("user"));
        Assert.Equal(TicketStatus.New, (await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None))[0].Status);
    }
    /// <summary>Waits until every event, click and submission Slack sent so far has run, and what it left in the outbox is delivered.</summary>
    private async Task WhenSettledAsync()
    {
        await _app.Services.WaitForQueueAsync(SlackInboundQueue.Name);
        await _app.Services.WaitForOutboxAsync();
    }
}

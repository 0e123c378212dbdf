using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Requests;

public sealed class ResolutionSurveyTests
{
    private readonly EngineHarness _h = new();

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private async Task<(Ticket Ticket, MessageRef Survey)> ResolvedAsync(PersonRef? requester = null)
    {
        var ticket = await _h.FileAsync(requester);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Reinstalled the VPN client")));
        ticket = await _h.ReloadAsync(ticket);
        return (ticket, ticket.Survey?.Card!);
    }

    [Fact]
    public async Task Resolve_AsksTheRequesterAloneInHerDirectChat_WithTheResolution()
    {
        var (ticket, survey) = await ResolvedAsync();

        Assert.Equal(SurveyState.Pending, ticket.Survey!.State);
        Assert.Equal("dm:maya", survey.Address.ConversationId);
        var card = _h.CardOf(survey);
        Assert.Equal(["Yes, it's fixed", "No, still broken"], card.Actions.Select(a => a.Title));
        Assert.Equal([Verbs.Keys.Rating, Verbs.Keys.Comment], card.Inputs.Select(i => i.Id));
        Assert.Equal(ticket.Survey.SentAt + TimeSpan.FromDays(7), ticket.Survey.ExpiresAt);
        // One card says it is resolved: no separate notice besides it.
        Assert.DoesNotContain(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("IT-1001 is resolved by"));
        Assert.DoesNotContain(_h.Gateway.Sent, s => s.Message.Card?.Actions.Any(a => a.Verb == Verbs.SurveyFixed) == true && s.Message.To.ConversationId != "dm:maya");
    }

    [Fact]
    public async Task Yes_WithARatingAndComment_IsStoredForTheTicketAgentAndTeam_AndTheCardSaysThanks()
    {
        var (_, survey) = await ResolvedAsync();

        var result = await _h.ClickAsync(Maya, survey, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "4"), (Verbs.Keys.Comment, "Quick & friendly")));

        var ticket = await _h.ReloadAsync((await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single());
        Assert.Equal((SurveyState.Answered, true, 4, "Quick & friendly"), (ticket.Survey!.State, ticket.Survey.Fixed, ticket.Survey.Rating, ticket.Survey.Comment));
        Assert.Equal(("it", Alex.Key), (ticket.Survey.TeamId, ticket.Survey.Agent.Key));
        Assert.Equal(TicketEventKind.Rated, ticket.History[^1].Kind);
        Assert.Equal("Thank you for your answer.", result.ReplacementCard!.Subtitle);
        Assert.Equal(["Thank Alex Kim"], _h.CardOf(survey).Actions.Select(a => a.Title));
        Assert.Contains(_h.Gateway.TextsTo("team:it"), t => t == "Maya Patel says IT-1001 is fixed, rated 4/5.\n\"Quick & friendly\"");
        // A good rating doesn't bother the lead.
        Assert.Empty(_h.Gateway.SentTo("dm:lena"));
    }

    [Fact]
    public async Task Yes_ClickedTwice_CountsOnce()
    {
        var (_, survey) = await ResolvedAsync();
        await _h.ClickAsync(Maya, survey, new CardAction("Yes", Verbs.SurveyFixed, new Dictionary<string, string> { [Verbs.Keys.Ticket] = "IT-1001" }),
            Inputs((Verbs.Keys.Rating, "5")), deliveryId: "click-1");

        var again = await _h.ClickAsync(Maya, survey, new CardAction("Yes", Verbs.SurveyFixed, new Dictionary<string, string> { [Verbs.Keys.Ticket] = "IT-1001" }),
            Inputs((Verbs.Keys.Rating, "1")), deliveryId: "click-2");

        Assert.Equal(TurnOutcome.Refused, again.Outcome);
        Assert.Equal("You already answered about IT-1001. Thank you!", again.Notice);
        var ticket = (await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single();
        Assert.Equal(5, ticket.Survey!.Rating);
        Assert.Single(ticket.History, e => e.Kind == TicketEventKind.Rated);
    }

    [Fact]
    public async Task LowRating_ReachesTheTeamLeads_WhoCanFollowUpWithTheRequester()
    {
        var (_, survey) = await ResolvedAsync();

        await _h.ClickAsync(Maya, survey, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "2"), (Verbs.Keys.Comment, "Took three days")));

        var note = _h.LastCardIn("dm:lena");
        var card = _h.CardOf(note);
        Assert.Equal("Low rating on IT-1001", card.Title);
        Assert.Contains("Maya Patel rated IT-1001 (My VPN drops every call) 2/5 after Alex Kim resolved it.\n\"Took three days\"", card.Text);
        await _h.ClickAsync(Lena, note, "Follow up", Inputs((Verbs.Keys.Note, "Sorry about the wait, can we talk?")));
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("IT-1001 · Lena Fischer (team lead) writes: Sorry about the wait, can we talk?"));
        Assert.Contains(_h.Gateway.TextsTo("dm:lena"), t => t == "Sent to Maya Patel.");
    }

    [Fact]
    public async Task FollowUp_BySomeoneWhoIsNoLead_IsRefused()
    {
        var (_, survey) = await ResolvedAsync();
        await _h.ClickAsync(Maya, survey, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "1")));
        var note = _h.LastCardIn("dm:lena");

        var result = await _h.ClickAsync(Alex, note, "Follow up", Inputs((Verbs.Keys.Note, "hi")));

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal("Only IT Support leads can do that.", result.Notice);
    }

    [Fact]
    public async Task No_ReopensWithTheReason_AndCountsAsNotFixed()
    {
        var (ticket, survey) = await ResolvedAsync();

        await _h.ClickAsync(Maya, survey, "No, still broken", Inputs((Verbs.Keys.Note, "Still drops on Teams calls")));

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        Assert.Equal((SurveyState.Answered, false), (ticket.Survey!.State, ticket.Survey.Fixed));
        Assert.Contains(_h.Gateway.TextsTo("team:it"), t => t == "Maya Patel reopened IT-1001: Still drops on Teams calls");
        Assert.Null(await _h.Scheduler.GetAsync(TicketTimers.JobId(TicketTimerKinds.SurveyExpiry, ticket.Number), CancellationToken.None));
    }

    [Fact]
    public async Task AgentResolvingTheirOwnRequest_IsNotAsked()
    {
        var ticket = await _h.FileAsync(Alex);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Fixed it myself")));

        ticket = await _h.ReloadAsync(ticket);
        Assert.Null(ticket.Survey);
        Assert.Contains(_h.Gateway.TextsTo("dm:alex"), t => t.StartsWith("IT-1001 is resolved by Alex Kim: Fixed it myself"));
    }

    [Fact]
    public async Task Survey_ExpiresAfterSevenDays_OnceEvenIfTheJobRunsTwice()
    {
        var (ticket, survey) = await ResolvedAsync();
        var job = await _h.Scheduler.GetAsync(TicketTimers.JobId(TicketTimerKinds.SurveyExpiry, ticket.Number), CancellationToken.None);
        Assert.Equal(ticket.Survey!.ExpiresAt, job!.DueAt);

        _h.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, await _h.RunDueJobsAsync());
        _h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await _h.RunDueJobsAsync());
        // A job that ran but whose completion was lost runs again: it changes nothing the second time.
        var handler = _h.Services.GetServices<Switchboard.Core.Work.IJobHandler>().Single(h => h.Kind == TicketTimerKinds.SurveyExpiry);
        await handler.RunAsync(new Switchboard.Core.Work.JobLease(job, 2, "again"), CancellationToken.None);
        await _h.DrainOutboxAsync();

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(SurveyState.Expired, ticket.Survey!.State);
        Assert.Single(ticket.History, e => e.Kind == TicketEventKind.Timer);
        Assert.StartsWith("This question has expired.", _h.CardOf(survey).Subtitle);
        var late = await _h.ClickAsync(Maya, survey, new CardAction("Yes", Verbs.SurveyFixed, new Dictionary<string, string> { [Verbs.Keys.Ticket] = "IT-1001" }));
        Assert.Equal(TurnOutcome.Refused, late.Outcome);
        Assert.StartsWith("This question about IT-1001 has expired.", late.Notice);
    }

    [Fact]
    public async Task Reopen_WithdrawsTheSurvey_AndCancelsItsExpiry()
    {
        var (ticket, survey) = await ResolvedAsync();

        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Reopen");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(SurveyState.Withdrawn, ticket.Survey!.State);
        Assert.Equal("Reopened, so this question no longer applies.", _h.CardOf(survey).Subtitle);
        Assert.Null(await _h.Scheduler.GetAsync(TicketTimers.JobId(TicketTimerKinds.SurveyExpiry, ticket.Number), CancellationToken.None));
        Assert.DoesNotContain(ticket.Timers, t => t.Kind == TicketTimerKinds.SurveyExpiry);
        _h.Clock.Advance(TimeSpan.FromDays(8));
        await _h.RunDueJobsAsync();
        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(SurveyState.Withdrawn, ticket.Survey!.State);
        Assert.DoesNotContain(ticket.History, e => e.Note == TicketTimerKinds.SurveyExpiry);
    }

    [Fact]
    public async Task ResolvedAgain_AsksAgain()
    {
        var (ticket, first) = await ResolvedAsync();
        await _h.ClickAsync(Maya, first, "No, still broken", Inputs((Verbs.Keys.Note, "Not fixed")));

        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Replaced the router")));

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(SurveyState.Pending, ticket.Survey!.State);
        Assert.NotEqual(first.MessageId, ticket.Survey.Card!.MessageId);
        Assert.Contains("Replaced the router", _h.CardOf(ticket.Survey.Card).Text);
    }

    [Fact]
    public async Task ConfidentialRating_CommentStaysOutOfTheTeamsSharedChannel()
    {
        var ticket = await _h.FileAsync(text: "Please update my bank details for payroll");
        await _h.ClickAsync(Jordan, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Updated")));
        ticket = await _h.ReloadAsync(ticket);

        await _h.ClickAsync(Maya, ticket.Survey!.Card!, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "5"), (Verbs.Keys.Comment, "my new IBAN works")));

        var thread = _h.Gateway.TextsTo("team:hr").ToList();
        Assert.Contains("Maya Patel says HR-1001 is fixed, rated 5/5. (Their comment is hidden here: confidential.)", thread);
        Assert.DoesNotContain(thread, t => t.Contains("IBAN"));
    }
}

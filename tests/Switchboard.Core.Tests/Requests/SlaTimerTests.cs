using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Requests;

/// <summary>
/// SLA reminders and escalations, the waiting nudge and auto-resolve, fired by the scheduler on the harness's
/// clock. IT's Normal targets (around the clock): first response in 4 hours, resolution in 3 days; at risk with
/// 20 % left.
/// </summary>
public sealed class SlaTimerTests
{
    private readonly EngineHarness _h = new();

    private static Dictionary<string, string> Note(string text) => new() { [Verbs.Keys.Note] = text };

    private IEnumerable<string> ThreadNotes() => _h.Gateway.TextsTo("team:it");

    [Fact]
    public async Task UnassignedTicket_AtRiskThenBreached_TellsTheThreadThenTheLeads_EachOnce()
    {
        var ticket = await _h.FileAsync();

        _h.Clock.Advance(TimeSpan.FromHours(3));
        await _h.RunDueJobsAsync();
        Assert.DoesNotContain(ThreadNotes(), t => t.StartsWith("⏰"));

        _h.Clock.Advance(TimeSpan.FromMinutes(15));
        await _h.RunDueJobsAsync();
        Assert.Single(ThreadNotes(), t => t.StartsWith("⏰ IT-1001 is unassigned and at risk: first response due"));
        var card = _h.CardOf(ticket.TeamCards.Single());
        Assert.StartsWith("At risk: first response due", card.Facts.Single(f => f.Label == "SLA").Value);
        Assert.Equal(CardAccent.Warning, card.Accent);

        _h.Clock.Advance(TimeSpan.FromMinutes(45));
        await _h.RunDueJobsAsync();
        await _h.RunDueJobsAsync();
        Assert.Single(ThreadNotes(), t => t.StartsWith("🚨 IT-1001 missed its first response target"));
        var escalation = Assert.Single(_h.Gateway.TextsTo("dm:lena"));
        Assert.StartsWith("🚨 IT-1001 (My VPN drops every call) missed its first response target", escalation);
        Assert.EndsWith("Nobody has picked it up yet.", escalation);
        Assert.StartsWith("Breached: first response was due", _h.CardOf(ticket.TeamCards.Single()).Facts.Single(f => f.Label == "SLA").Value);
        // Each fired once: one history entry per reminder.
        Assert.Equal(2, (await _h.ReloadAsync(ticket)).History.Count(e => e.Kind == TicketEventKind.Timer));
    }

    [Fact]
    public async Task AssignedTicket_AtRisk_RemindsTheAssigneeDirectly()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");

        // The first response is met by the assignment; the resolution clock (3 days) runs on.
        _h.Clock.Advance(TimeSpan.FromDays(2.5));
        await _h.RunDueJobsAsync();

        var reminder = Assert.Single(_h.Gateway.TextsTo("dm:alex"), t => t.StartsWith("⏰"));
        Assert.StartsWith("⏰ IT-1001 (My VPN drops every call) is at risk: its resolution is due", reminder);
        Assert.DoesNotContain(ThreadNotes(), t => t.StartsWith("⏰"));
    }

    [Fact]
    public async Task TicketResolvedInTime_FiresNothing()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Note("Done"));
        var timers = (await _h.ReloadAsync(ticket)).Timers;
        Assert.Equal([TicketTimerKinds.SurveyExpiry], timers.Select(t => t.Kind));

        _h.Clock.Advance(TimeSpan.FromDays(4));
        await _h.RunDueJobsAsync();

        Assert.DoesNotContain(_h.Gateway.Sent, s => s.Message.Text?.StartsWith("⏰", StringComparison.Ordinal) == true || s.Message.Text?.StartsWith("🚨", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task WaitingOnTheRequester_PausesTheClock_NudgesHerOnce_ThenClosesTheTicket()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");
        var wait = _h.CardOf(ticket.TeamCards.Single()).Actions.Single(a => a.Verb == Verbs.WaitOnRequester);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), wait, Note("Which VPN client version?"));
        Assert.Equal("Paused while waiting on the requester", _h.CardOf(ticket.TeamCards.Single()).Facts.Single(f => f.Label == "SLA").Value);

        _h.Clock.Advance(TimeSpan.FromHours(8));
        await _h.RunDueJobsAsync();
        await _h.RunDueJobsAsync();
        var nudge = _h.LastCardIn("dm:maya");
        Assert.Contains("Reminder: IT-1001 (My VPN drops every call) is waiting on your answer to: Which VPN client version?", _h.CardOf(nudge).Text);
        Assert.Equal("Reply", Assert.Single(_h.CardOf(nudge).Actions).Title);
        Assert.Single(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Reminder:"));
        // The resolution clock stood still while she was asked: no reminder about it.
        Assert.DoesNotContain(_h.Gateway.TextsTo("dm:alex"), t => t.StartsWith("⏰"));

        _h.Clock.Advance(TimeSpan.FromDays(7));
        await _h.RunDueJobsAsync();

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("IT-1001 (My VPN drops every call) was closed because the team's question got no answer."));
        Assert.Null(ticket.Survey);
    }

    [Fact]
    public async Task HerAnswer_CancelsTheNudge()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");
        var wait = _h.CardOf(ticket.TeamCards.Single()).Actions.Single(a => a.Verb == Verbs.WaitOnRequester);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), wait, Note("Which VPN client version?"));

        await _h.SayAsync(Maya, "Version 5.2");
        _h.Clock.Advance(TimeSpan.FromHours(9));
        await _h.RunDueJobsAsync();

        Assert.DoesNotContain(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Reminder:"));
        Assert.Null(await _h.Scheduler.GetAsync(TicketTimers.JobId(TicketTimerKinds.WaitingNudge, ticket.Number), CancellationToken.None));
    }
}

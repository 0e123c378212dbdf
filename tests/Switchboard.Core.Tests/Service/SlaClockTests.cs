using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;

namespace Switchboard.Core.Tests.Service;

/// <summary>
/// The SLA clock over tickets driven through <see cref="TicketWorkflow"/> on a fake clock. IT works Mon–Fri
/// 09:00–17:30 in London; Normal: respond within 4 h, resolve within 24 h of business time.
/// </summary>
public sealed class SlaClockTests
{
    private static readonly Platform Playground = new("playground");
    private static readonly PersonRef Maya = new(Playground, "maya", "Maya Patel", "maya@contoso.example");
    private static readonly PersonRef Alex = new(Playground, "alex", "Alex Kim", "alex@contoso.example");

    private static readonly ServiceTeam It = Team("it", new CalendarOptions
    {
        TimeZone = "Europe/London",
        WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        Hours = "09:00-17:30",
    });

    // Monday 23 November 2026, 09:00 in London (UTC in winter).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T09:00:00+00:00"));

    [Fact]
    public void NewTicket_RunsTowardsBothTargets_AndSaysWhenItBecomesAtRisk()
    {
        At("2026-11-23T10:00");
        var ticket = File();
        At("2026-11-23T11:00");

        var status = SlaClock.Evaluate(ticket, It, Now);

        var response = status.FirstResponse!;
        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(1), TimeSpan.FromHours(3)), (response.State, response.Used, response.Left));
        Assert.Equal(Utc("2026-11-23T14:00"), response.Due);
        // At risk with a fifth (48 minutes) of the four hours left.
        Assert.Equal(Utc("2026-11-23T13:12"), response.AtRiskAt);
        Assert.Equal(Utc("2026-11-23T13:12"), status.NextChangeAt);
        // 24 business hours: 7.5 on Monday, 8.5 on Tuesday, 8 on Wednesday.
        Assert.Equal(Utc("2026-11-25T17:00"), status.Resolution!.Due);
        Assert.Equal(SlaState.OnTrack, status.Worst);
    }

    [Theory]
    [InlineData("2026-11-23T13:11", SlaState.OnTrack)]
    [InlineData("2026-11-23T13:12", SlaState.AtRisk)]
    [InlineData("2026-11-23T13:59", SlaState.AtRisk)]
    [InlineData("2026-11-23T14:00", SlaState.Breached)]
    [InlineData("2026-11-24T09:00", SlaState.Breached)]
    public void FirstResponse_NotGiven_MovesFromOnTrackToAtRiskToBreached(string now, SlaState expected)
    {
        At("2026-11-23T10:00");
        var ticket = File();
        At(now);

        Assert.Equal(expected, SlaClock.Evaluate(ticket, It, Now).FirstResponse!.State);
    }

    [Fact]
    public void AtRisk_NextChangeIsTheBreach_AndBreachedHasNone()
    {
        At("2026-11-23T10:00");
        var ticket = File();

        At("2026-11-23T13:30");
        Assert.Equal(Utc("2026-11-23T14:00"), SlaClock.Evaluate(ticket, It, Now).FirstResponse!.NextChangeAt);
        At("2026-11-23T14:30");
        var breached = SlaClock.Evaluate(ticket, It, Now).FirstResponse!;
        Assert.Null(breached.NextChangeAt);
        Assert.Equal(TimeSpan.FromMinutes(-30), breached.Left);
        Assert.Equal(Utc("2026-11-23T14:00"), breached.Due);
    }

    [Fact]
    public void FiledOnFridayAfternoon_FirstResponseIsDueOnMonday()
    {
        At("2026-11-27T16:00");
        var ticket = File();

        Assert.Equal(Utc("2026-11-30T11:30"), ticket.FirstResponseDue);
        At("2026-11-28T12:00");
        var status = SlaClock.Evaluate(ticket, It, Now);
        // Over the weekend it is still on track: only Friday's 1.5 h were used.
        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(1.5)), (status.FirstResponse!.State, status.FirstResponse.Used));
    }

    [Fact]
    public void FirstResponse_GivenInTime_IsMetAndStopsCounting()
    {
        At("2026-11-23T10:00");
        var ticket = File();
        At("2026-11-23T11:30");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        At("2026-11-24T16:00");

        var response = SlaClock.Evaluate(ticket, It, Now).FirstResponse!;

        Assert.Equal((SlaState.Met, TimeSpan.FromHours(1.5)), (response.State, response.Used));
        Assert.Null(response.Due);
        Assert.Null(response.NextChangeAt);
    }

    [Fact]
    public void FirstResponse_GivenExactlyAtTheDueInstant_IsMet()
    {
        At("2026-11-23T10:00");
        var ticket = File();
        At("2026-11-23T14:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);

        Assert.Equal(SlaState.Met, SlaClock.Evaluate(ticket, It, Now).FirstResponse!.State);
    }

    [Fact]
    public void FirstResponse_OnSaturdayAfterAFridayDeadline_IsBreachedThoughNoBusinessTimePassed()
    {
        At("2026-11-27T13:30");
        var ticket = File();
        At("2026-11-28T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);

        var response = SlaClock.Evaluate(ticket, It, Now).FirstResponse!;

        Assert.Equal((SlaState.Breached, Utc("2026-11-27T17:30")), (response.State, response.Due));
        Assert.Equal(TimeSpan.Zero, response.Left);
    }

    [Fact]
    public void WaitingOnRequester_PausesTheResolutionClock_AndHerReplyResumesIt()
    {
        var ticket = File();                                     // Mon 09:00
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        At("2026-11-23T11:00");
        ticket = Apply(ticket, Verbs.WaitOnRequester, Alex, "Which laptop?");

        At("2026-11-24T12:00");
        var paused = SlaClock.Evaluate(ticket, It, Now).Resolution!;
        Assert.Equal((SlaState.Paused, TimeSpan.FromHours(2)), (paused.State, paused.Used));
        Assert.Null(paused.Due);
        Assert.Null(paused.NextChangeAt);

        At("2026-11-25T11:00");
        ticket = Apply(ticket, Verbs.AddInfo, Maya, "The ThinkPad");
        At("2026-11-25T12:00");
        var resumed = SlaClock.Evaluate(ticket, It, Now).Resolution!;

        // Two hours before the pause, so 22 from her reply: 6.5 on Wednesday, 8.5 on Thursday, 7 on Friday.
        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(3)), (resumed.State, resumed.Used));
        Assert.Equal(Utc("2026-11-27T16:00"), resumed.Due);
    }

    [Fact]
    public void WaitingOnRequester_AnAgentTakingItUpAgain_ResumesTheClock()
    {
        var ticket = File();
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        ticket = Apply(ticket, Verbs.WaitOnRequester, Alex);
        At("2026-11-23T15:00");
        ticket = Apply(ticket, Verbs.Start, Alex);
        At("2026-11-23T16:00");

        Assert.Equal(TimeSpan.FromHours(2), SlaClock.Evaluate(ticket, It, Now).Resolution!.Used);
    }

    [Fact]
    public void WaitingOnRequester_AfterTheTargetPassed_StaysBreached()
    {
        var ticket = File(Priority.High);                        // High: resolve within 8 h, by Monday 17:00.
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        At("2026-11-24T10:00");
        ticket = Apply(ticket, Verbs.WaitOnRequester, Alex);
        At("2026-11-24T12:00");

        var resolution = SlaClock.Evaluate(ticket, It, Now).Resolution!;

        Assert.Equal((SlaState.Breached, Utc("2026-11-23T17:00")), (resolution.State, resolution.Due));
    }

    [Fact]
    public void Resolution_ResolvedInTime_IsMet_AndLateIsBreached()
    {
        var ticket = File();
        At("2026-11-24T10:00");
        var inTime = Apply(Apply(ticket, Verbs.AssignToMe, Alex), Verbs.Resolve, Alex, "Done");
        At("2026-11-27T10:00");
        var late = Apply(Apply(ticket, Verbs.AssignToMe, Alex), Verbs.Resolve, Alex, "Done");
        At("2026-12-01T10:00");

        Assert.Equal((SlaState.Met, TimeSpan.FromHours(9.5)), (SlaClock.Evaluate(inTime, It, Now).Resolution!.State, SlaClock.Evaluate(inTime, It, Now).Resolution!.Used));
        var breached = SlaClock.Evaluate(late, It, Now).Resolution!;
        Assert.Equal((SlaState.Breached, Utc("2026-11-25T16:00")), (breached.State, breached.Due));
    }

    [Fact]
    public void Reopened_CountsOnFromTheReopening_NotTheTimeItWasResolved()
    {
        var ticket = File();
        At("2026-11-23T12:00");
        ticket = Apply(ticket, Verbs.Resolve, Alex, "Restarted it");
        At("2026-11-25T09:00");
        ticket = Apply(ticket, Verbs.Reopen, Maya);
        At("2026-11-25T10:00");

        var resolution = SlaClock.Evaluate(ticket, It, Now).Resolution!;

        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(4)), (resolution.State, resolution.Used));
        // 20 h left from Wednesday 10:00: 7.5, 8.5, then 4 on Friday.
        Assert.Equal(Utc("2026-11-27T13:00"), resolution.Due);
    }

    [Fact]
    public void Cancelled_StopsTheClocks()
    {
        var ticket = File();
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.Cancel, Maya);
        At("2026-12-23T10:00");

        var status = SlaClock.Evaluate(ticket, It, Now);

        Assert.Equal((SlaState.Met, SlaState.Met), (status.FirstResponse!.State, status.Resolution!.State));
        Assert.Null(status.NextChangeAt);
    }

    [Fact]
    public void PriorityRaised_KeepsTheTimeUsed_AgainstTheNewTarget()
    {
        var ticket = File();
        At("2026-11-23T14:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);

        // Five business hours in, it turns out to be urgent (resolve within 4 h): breached an hour ago.
        var urgent = SlaClock.Evaluate(ticket with { Priority = Priority.Urgent }, It, Now).Resolution!;
        Assert.Equal((SlaState.Breached, Utc("2026-11-23T13:00"), TimeSpan.FromHours(4)), (urgent.State, urgent.Due, urgent.Allowed));

        // Lowered instead (resolve within 80 h): the same five hours against the longer target.
        var low = SlaClock.Evaluate(ticket with { Priority = Priority.Low }, It, Now).Resolution!;
        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(5)), (low.State, low.Used));
    }

    [Fact]
    public void Moved_RestartsBothClocksOnTheNewTeamsCalendar_AndAFirstResponseGivenStaysGiven()
    {
        // Security in Kolkata works Mon–Fri 09:30–18:00 IST (04:00–12:30Z); Normal: respond 4 h, resolve 24 h.
        var security = Team("security", new CalendarOptions { TimeZone = "Asia/Kolkata", WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], Hours = "09:30-18:00" });
        var ticket = File();
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        At("2026-11-23T11:00");
        ticket = Apply(ticket, new TicketChange(Verbs.Move, Alex, TargetTeam: security));
        At("2026-11-23T12:00");

        var status = SlaClock.Evaluate(ticket, security, Now);

        Assert.Equal(Utc("2026-11-23T11:00"), status.ClockStartedAt);
        Assert.Equal(SlaState.Met, status.FirstResponse!.State);
        // From the move at 11:00Z: 1.5 h to 18:00 IST on Monday, 8.5 on Tuesday and Wednesday, 5.5 on Thursday.
        Assert.Equal(TimeSpan.FromHours(1), status.Resolution!.Used);
        Assert.Equal(Utc("2026-11-26T09:30"), status.Resolution.Due);
        Assert.Equal(status.Resolution.Due, ticket.ResolutionDue);
    }

    [Fact]
    public void Moved_BeforeAnyResponse_TheNewTeamHasItsOwnFirstResponseTarget()
    {
        var around = Team("facilities", new CalendarOptions());
        var ticket = File();
        At("2026-11-23T16:00");
        ticket = Apply(ticket, new TicketChange(Verbs.Move, Alex, TargetTeam: around));
        At("2026-11-23T17:00");

        var response = SlaClock.Evaluate(ticket, around, Now).FirstResponse!;

        // Around the clock: four elapsed hours from the move.
        Assert.Equal((SlaState.OnTrack, TimeSpan.FromHours(1), Utc("2026-11-23T20:00")), (response.State, response.Used, response.Due));
    }

    [Fact]
    public void AtRiskThreshold_IsTheTeams()
    {
        var cautious = new ServiceTeam(It.Options with { Sla = It.Options.Sla with { AtRiskThreshold = 0.5 } });
        var ticket = File();

        Assert.Equal(Utc("2026-11-23T11:00"), SlaClock.Evaluate(ticket, cautious, Now).FirstResponse!.AtRiskAt);
    }

    [Fact]
    public void NoTargetForThePriority_HasNoStatus()
    {
        var none = new ServiceTeam(It.Options with { Sla = new SlaOptions() });

        var status = SlaClock.Evaluate(File(), none, Now);

        Assert.Null(status.FirstResponse);
        Assert.Null(status.Resolution);
        Assert.Null(status.Worst);
        Assert.Null(status.NextChangeAt);
    }

    [Fact]
    public void Worst_PutsBreachedBeforeAtRiskBeforeOnTrack()
    {
        At("2026-11-23T10:00");
        var ticket = File();
        At("2026-11-23T13:30");
        Assert.Equal(SlaState.AtRisk, SlaClock.Evaluate(ticket, It, Now).Worst);
        At("2026-11-23T15:00");
        Assert.Equal(SlaState.Breached, SlaClock.Evaluate(ticket, It, Now).Worst);
    }

    [Fact]
    public void Refresh_PausedClearsTheResolutionDue_AndTheReplySetsTheLaterOne()
    {
        var ticket = File();
        var filedDue = ticket.ResolutionDue;
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        var respondedBy = ticket.FirstResponseDue;
        ticket = Apply(ticket, Verbs.WaitOnRequester, Alex);
        Assert.Null(ticket.ResolutionDue);

        At("2026-11-24T10:00");
        ticket = Apply(ticket, Verbs.AddInfo, Maya, "The ThinkPad");

        // Paused a whole business day (8.5 h): due that much later.
        Assert.Equal(It.Calendar.Add(filedDue!.Value, TimeSpan.FromHours(8.5)), ticket.ResolutionDue);
        // The met first-response target keeps the instant it was measured against.
        Assert.Equal(respondedBy, ticket.FirstResponseDue);
        Assert.Equal(Utc("2026-11-23T13:00"), ticket.FirstResponseDue);
    }

    [Fact]
    public void Waiting_NudgesAfterBusinessHours_AndAutoResolvesAfterElapsedDays()
    {
        var team = new ServiceTeam(It.Options with { Sla = It.Options.Sla with { WaitingNudgeAfter = TimeSpan.FromHours(8), AutoResolveAfter = TimeSpan.FromDays(7) } });
        var ticket = File();
        Assert.Null(SlaClock.Waiting(ticket, team));
        At("2026-11-27T14:00");
        ticket = Apply(Apply(ticket, Verbs.AssignToMe, Alex), Verbs.WaitOnRequester, Alex, "Which laptop?");

        var waiting = SlaClock.Waiting(ticket, team)!;

        // 3.5 business hours on Friday, 4.5 on Monday; a week of calendar time.
        Assert.Equal((Utc("2026-11-27T14:00"), Utc("2026-11-30T13:30"), Utc("2026-12-04T14:00")), (waiting.Since, waiting.NudgeAt, waiting.AutoResolveAt));
        At("2026-11-30T10:00");
        Assert.Null(SlaClock.Waiting(Apply(ticket, Verbs.AddInfo, Maya, "The ThinkPad"), team));
    }

    [Fact]
    public void RunningSpans_FollowTheHistory()
    {
        var ticket = File();
        At("2026-11-23T10:00");
        ticket = Apply(ticket, Verbs.AssignToMe, Alex);
        ticket = Apply(ticket, Verbs.WaitOnRequester, Alex);
        At("2026-11-23T11:00");
        ticket = Apply(ticket, Verbs.Assign, Alex, assignee: new PersonRef(Playground, "priya", "Priya Nair", "priya@contoso.example"));
        At("2026-11-23T12:00");
        ticket = Apply(ticket, Verbs.AddInfo, Maya, "More");

        var spans = SlaClock.RunningSpans(ticket, ticket.CreatedAt);

        // Reassigning while waiting keeps it waiting.
        Assert.Equal([(Utc("2026-11-23T09:00"), (DateTimeOffset?)Utc("2026-11-23T10:00")), (Utc("2026-11-23T12:00"), null)], spans);
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void At(string londonWinterTime) => _clock.SetUtcNow(Utc(londonWinterTime));

    private static DateTimeOffset Utc(string time) => DateTimeOffset.Parse(time + ":00+00:00");

    private Ticket File(Priority priority = Priority.Normal) =>
        new(new TicketNumber("IT", 1001), It.Id, Maya, new ConversationAddress(Playground, "dm:maya"), "Laptop", "Laptop won't boot",
            priority, TicketStatus.New, Confidentiality.Normal, Now, It.FirstResponseDue(priority, Now), It.ResolutionDue(priority, Now))
        {
            History = [new TicketEvent(Now, Maya.Key, Maya.Name, TicketEventKind.Created)],
        };

    private Ticket Apply(Ticket ticket, string verb, PersonRef actor, string? note = null, PersonRef? assignee = null) =>
        Apply(ticket, new TicketChange(verb, actor, note, assignee));

    // As TicketService does: the workflow's change, then the due instants recomputed.
    private Ticket Apply(Ticket ticket, TicketChange change)
    {
        var result = TicketWorkflow.Apply(ticket, change, Now);
        Assert.False(result.IsRefused, result.Error);
        var team = change.TargetTeam ?? It;
        return SlaClock.Refresh(result.Ticket!, team, Now);
    }

    private static ServiceTeam Team(string id, CalendarOptions calendar) => new(new ServiceTeamOptions
    {
        Id = id,
        Name = id,
        TicketPrefix = id.ToUpperInvariant()[..2],
        Description = id,
        Calendar = calendar,
        Sla = new SlaOptions
        {
            FirstResponse = new() { [Priority.Urgent] = TimeSpan.FromMinutes(30), [Priority.High] = TimeSpan.FromHours(1), [Priority.Normal] = TimeSpan.FromHours(4), [Priority.Low] = TimeSpan.FromHours(8) },
            Resolution = new() { [Priority.Urgent] = TimeSpan.FromHours(4), [Priority.High] = TimeSpan.FromHours(8), [Priority.Normal] = TimeSpan.FromHours(24), [Priority.Low] = TimeSpan.FromHours(80) },
        },
    });
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Service;

/// <summary>The ticket's stored due instants, as the service files and changes tickets (the harness's teams work around the clock).</summary>
public sealed class SlaDueDatesTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task ChangeAsync_WaitingThenHerReply_ClearsAndThenPushesBackTheResolutionDue()
    {
        var ticket = await _h.FileAsync();
        var filed = _h.Clock.GetUtcNow();
        Assert.Equal((filed.AddHours(4), filed.AddDays(3)), (ticket.FirstResponseDue, ticket.ResolutionDue));

        _h.Clock.Advance(TimeSpan.FromHours(1));
        await ChangeAsync(ticket, new TicketChange(Verbs.AssignToMe, Alex));
        var waiting = await ChangeAsync(ticket, new TicketChange(Verbs.WaitOnRequester, Alex, "Which VPN client?"));
        Assert.Null(waiting.ResolutionDue);

        _h.Clock.Advance(TimeSpan.FromHours(5));
        var answered = await ChangeAsync(ticket, new TicketChange(Verbs.AddInfo, Maya, "Cisco"));

        Assert.Equal(filed.AddDays(3).AddHours(5), answered.ResolutionDue);
        Assert.Equal(filed.AddHours(4), answered.FirstResponseDue);
    }

    [Fact]
    public void ServiceTeam_DueInstants_AreInBusinessTime()
    {
        var team = new ServiceTeam(new ServiceTeamOptions
        {
            Id = "it",
            Calendar = new CalendarOptions { TimeZone = "Europe/London", WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], Hours = "08:00-18:00" },
            Sla = new SlaOptions
            {
                FirstResponse = new() { [Priority.Normal] = TimeSpan.FromHours(4) },
                Resolution = new() { [Priority.Normal] = TimeSpan.FromDays(1) },
            },
        });
        var fridayAfternoon = DateTimeOffset.Parse("2026-11-27T16:00:00+00:00");

        Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:00:00+00:00"), team.FirstResponseDue(Priority.Normal, fridayAfternoon));
        // A day of business time is 24 working hours: two on Friday, ten on Monday and Tuesday, two on Wednesday.
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T10:00:00+00:00"), team.ResolutionDue(Priority.Normal, fridayAfternoon));
        Assert.Null(team.FirstResponseDue(Priority.Urgent, fridayAfternoon));
    }

    private async Task<Ticket> ChangeAsync(Ticket ticket, TicketChange change)
    {
        var outcome = await _h.Service.ChangeAsync(ticket.Number, change, CancellationToken.None);
        Assert.Null(outcome.Refusal);
        return outcome.Ticket!;
    }
}

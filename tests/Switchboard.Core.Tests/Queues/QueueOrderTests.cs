using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Queues;

/// <summary>How pressing a ticket is, and the order queues list tickets in.</summary>
public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset Filed = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, QueueUrgency.OnTrack)]
    [InlineData(3.3, QueueUrgency.AtRisk)]
    [InlineData(4, QueueUrgency.Overdue)]
    public void Rank_BeforeTheFirstResponse_MeasuresTheFirstResponseTarget(double hoursLater, QueueUrgency expected)
    {
        var rank = QueueOrder.Rank(Ticket(Filed.AddHours(4), Filed.AddDays(3)), Filed.AddHours(hoursLater));

        Assert.Equal(expected, rank.Urgency);
        Assert.Equal(Filed.AddHours(4), rank.Due);
    }

    [Fact]
    public void Rank_AfterTheFirstResponse_MeasuresTheResolutionTarget()
    {
        var ticket = Ticket(Filed.AddHours(4), Filed.AddDays(3)) with { FirstRespondedAt = Filed.AddHours(1) };

        var rank = QueueOrder.Rank(ticket, Filed.AddHours(5));

        Assert.Equal(new QueueRank(QueueUrgency.OnTrack, Filed.AddDays(3)), rank);
    }

    [Fact]
    public void Rank_WithoutTargets_HasNone()
    {
        Assert.Equal(new QueueRank(QueueUrgency.NoTarget, null), QueueOrder.Rank(Ticket(null, null), Filed));
    }

    [Fact]
    public void Sort_PutsOverdueFirstThenEarliestDueThenUntargeted()
    {
        var late = Ticket(Filed.AddHours(1), Filed.AddDays(1), 1);
        var soon = Ticket(Filed.AddHours(3), Filed.AddDays(1), 2);
        var later = Ticket(Filed.AddHours(8), Filed.AddDays(1), 3);
        var none = Ticket(null, null, 4);

        var sorted = QueueOrder.Sort([none, later, soon, late], Filed.AddHours(2));

        Assert.Equal([late, soon, later, none], sorted);
    }

    [Fact]
    public void Rank_WithTheTeam_ReadsTheSlaClock_WhichStopsWhileWaitingOnTheRequester()
    {
        var team = new ServiceTeam(new ServiceTeamOptions
        {
            Id = "it",
            Name = "IT Support",
            TicketPrefix = "IT",
            Sla = new SlaOptions { FirstResponse = new() { [Priority.Normal] = TimeSpan.FromHours(4) }, Resolution = new() { [Priority.Normal] = TimeSpan.FromHours(8) } },
        });
        var agent = EngineHarness.Alex;
        var waiting = Ticket(null, Filed.AddHours(8)) with
        {
            Status = TicketStatus.WaitingOnRequester,
            FirstRespondedAt = Filed.AddHours(1),
            History =
            [
                new TicketEvent(Filed, EngineHarness.Maya.Key, "Maya Patel", TicketEventKind.Created),
                new TicketEvent(Filed.AddHours(1), agent.Key, agent.Name, TicketEventKind.WaitingOnRequester, "Which version?"),
            ],
        };

        // By its stored instant it looks overdue; on the clock, which stopped an hour in, it waits on her.
        Assert.Equal(QueueUrgency.Overdue, QueueOrder.Rank(waiting, Filed.AddHours(9)).Urgency);
        Assert.Equal(QueueUrgency.NoTarget, QueueOrder.Rank(waiting, team, Filed.AddHours(9)).Urgency);
        Assert.Equal(QueueUrgency.AtRisk, QueueOrder.Rank(Ticket(Filed.AddHours(4), Filed.AddHours(8)), team, Filed.AddHours(3.5)).Urgency);
    }

    private static Ticket Ticket(DateTimeOffset? respondBy, DateTimeOffset? resolveBy, int n = 1) =>
        new(new TicketNumber("IT", 1000 + n), "it", EngineHarness.Maya, EngineHarness.Dm(EngineHarness.Maya), "Summary", "Details",
            Priority.Normal, TicketStatus.New, Confidentiality.Normal, Filed, respondBy, resolveBy);
}

/// <summary>The day in "away until ...".</summary>
public sealed class AwayDatesTests
{
    // Monday 23 November 2026, 09:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("until Friday", "2026-11-27")]
    [InlineData("till fri", "2026-11-27")]
    [InlineData("tomorrow", "2026-11-24")]
    [InlineData("until Monday", "2026-11-30")]
    [InlineData("next monday", "2026-11-30")]
    [InlineData("until 4 Dec", "2026-12-04")]
    [InlineData("Dec 4th", "2026-12-04")]
    [InlineData("until 2027-01-04", "2027-01-04")]
    [InlineData("until 3 Jan", "2027-01-03")]
    public void Parse_ReadsTheDayTheAgentIsBack(string text, string expected)
    {
        var until = AwayDates.Parse(text, Now, TimeZoneInfo.Utc);

        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), until);
    }

    [Theory]
    [InlineData("until yesterday")]
    [InlineData("today")]
    [InlineData("2026-11-20")]
    [InlineData("soon")]
    public void Parse_WithNoDayAfterToday_IsNull(string text) => Assert.Null(AwayDates.Parse(text, Now, TimeZoneInfo.Utc));

    [Fact]
    public void Parse_InAZoneAheadOfUtc_CountsDaysThere()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // 23:30 on Monday in UTC is already Tuesday in Tokyo: "tomorrow" is Wednesday there.
        var until = AwayDates.Parse("tomorrow", new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero), tokyo);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.FromHours(9)), until);
    }

    [Fact]
    public void Show_WritesTheDayShort_WithTheYearOnlyWhenItIsNotThisYears()
    {
        Assert.Equal("Fri 4 Dec", AwayDates.Show(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), Now, TimeZoneInfo.Utc));
        Assert.Equal("Mon 4 Jan 2027", AwayDates.Show(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), Now, TimeZoneInfo.Utc));
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Reports;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Reports;

/// <summary>
/// A scripted week of requests, ratings and kudos through the engine; the reports read from the read model equal
/// what a naive computation over the same tickets and kudos gives.
/// </summary>
public sealed class ReportsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly KudosValueOptions Ownership = new() { Name = "ownership" };
    private static readonly KudosValueOptions Care = new() { Name = "care" };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new KudosOptions { Values = [Ownership, Care] }));
    private readonly ReportQuery _week = new(Monday, Monday.AddDays(6), []);

    private ReportReader Reader => _h.Services.GetRequiredService<ReportReader>();

    private ReportWriter Writer => _h.Services.GetRequiredService<ReportWriter>();

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private void At(int day, int hour, int minute = 0) =>
        _h.Clock.SetUtcNow(new DateTimeOffset(Monday.AddDays(day).ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero));

    private async Task ObserveAsync(PersonRef person, string? department) =>
        await _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(person) { Department = department }, None);

    private async Task ClickAsync(PersonRef who, Ticket ticket, string title, params (string Key, string Value)[] inputs) =>
        await _h.ClickAsync(who, (await _h.ReloadAsync(ticket)).TeamCards.Single(), title, Inputs(inputs));

    private async Task RateAsync(PersonRef requester, Ticket ticket, int rating, string? comment = null)
    {
        var survey = (await _h.ReloadAsync(ticket)).Survey!.Card!;
        var inputs = comment is null ? Inputs((Verbs.Keys.Rating, $"{rating}")) : Inputs((Verbs.Keys.Rating, $"{rating}"), (Verbs.Keys.Comment, comment));
        await _h.ClickAsync(requester, survey, "Yes, it's fixed", inputs);
    }

    private async Task<KudosGiveResult> GiveAsync(string id, PersonRef from, PersonRef[] to, params KudosValueOptions[] values)
    {
        var kudos = _h.Services.GetRequiredService<KudosService>();
        return await kudos.GiveAsync(id, from, new KudosDraft(to.Select(p => new Mention(p, "@" + p.Name)).ToList(), values, "for all the help this week"), None);
    }

    /// <summary>
    /// Mon 23 Nov to Fri 27 Nov. IT: IT-1001 (Maya) answered in 30 min, resolved in 2 h, rated 5; IT-1002 (Tom) first
    /// answered after 5.5 h (target 4 h: breached), resolved Friday (target 3 days: breached), rated 1 with a comment;
    /// IT-1003 (Maya) cancelled; IT-1004 (Tom) waiting on him. HR (confidential): HR-1001 (Maya) resolved in an hour,
    /// rated 2 with a comment. Facilities: FAC-1001 (Tom) untouched, overdue by Friday. Kudos: Maya to Alex #ownership,
    /// Tom to Priya and Alex #care #ownership, Jordan (HR, no department) to Maya, and Maya's thank-you for IT-1001.
    /// </summary>
    private async Task<Ticket> ScriptedWeekAsync()
    {
        await ObserveAsync(Maya, "Finance");
        await ObserveAsync(Tom, "Sales");
        await ObserveAsync(Alex, "IT");
        await ObserveAsync(Priya, "IT");
        await ObserveAsync(Jordan, null);

        At(0, 9);
        var vpn = await _h.FileAsync(Maya, "My VPN drops every call");
        At(0, 9, 30);
        await ClickAsync(Alex, vpn, "Assign to me");
        At(0, 10);
        var laptop = await _h.FileAsync(Tom, "My laptop won't boot");
        At(0, 10, 30);
        var payroll = await _h.FileAsync(Maya, "Please update my bank details for payroll");
        At(0, 11);
        await ClickAsync(Alex, vpn, "Resolve", (Verbs.Keys.Note, "Reinstalled the VPN client"));
        await RateAsync(Maya, vpn, 5);
        At(0, 11, 30);
        await ClickAsync(Jordan, payroll, "Resolve", (Verbs.Keys.Note, "Updated"));
        await RateAsync(Maya, payroll, 2, "Took a while, and my new IBAN is 123");
        At(0, 15, 30);
        await ClickAsync(Priya, laptop, "Assign to me");

        At(1, 9);
        await _h.FileAsync(Tom, "The air conditioning is broken");
        At(1, 10);
        var screen = await _h.FileAsync(Maya, "My laptop screen flickers");
        At(1, 10, 15);
        await _h.SayAsync(Maya, $"cancel {screen.Number}");
        At(1, 11);
        var token = await _h.FileAsync(Tom, "VPN token expired");
        At(1, 11, 10);
        await ClickAsync(Alex, token, "Assign to me");
        At(1, 11, 20);
        await ClickAsync(Alex, token, "Waiting on requester", (Verbs.Keys.Note, "Which token do you have?"));

        At(4, 12);
        await ClickAsync(Priya, laptop, "Resolve", (Verbs.Keys.Note, "New SSD"));
        await RateAsync(Tom, laptop, 1, "=Took all week <b>really</b>");
        At(4, 12, 5);
        Assert.Equal(KudosGiveOutcome.Sent, (await GiveAsync("k1", Maya, [Alex], Ownership)).Outcome);
        Assert.Equal(KudosGiveOutcome.Sent, (await GiveAsync("k2", Tom, [Priya, Alex], Care, Ownership)).Outcome);
        Assert.Equal(KudosGiveOutcome.Sent, (await GiveAsync("k3", Jordan, [Maya])).Outcome);
        var thanks = await _h.Services.GetRequiredService<KudosService>().ThankForTicketAsync(TicketThanks.KudosId(vpn.Number), await _h.ReloadAsync(vpn), Maya, [Alex],
            "for resolving IT-1001", None);
        Assert.Equal(KudosGiveOutcome.Sent, thanks.Outcome);
        await _h.DrainQueueAsync(KudosService.QueueName);
        await _h.DrainOutboxAsync();
        return vpn;
    }

    private async Task<IReadOnlyList<Ticket>> AllTicketsAsync()
    {
        var all = new List<Ticket>();
        foreach (var team in _h.Teams.All) all.AddRange(await _h.Tickets.ListByTeamAsync(team.Id, None));
        return all;
    }

    [Fact]
    public async Task Requests_PerDayAndTeam_CountWhatWasFiledResolvedAndCancelled()
    {
        await ScriptedWeekAsync();
        var tickets = await AllTicketsAsync();

        var report = await Reader.RequestsAsync(_week, None);

        Assert.Equal(7 * 3, report.Rows.Count);
        foreach (var row in report.Rows)
        {
            var team = tickets.Where(t => t.TeamId == row.Team).ToList();
            var expected = (
                team.Count(t => TicketFacts.Day(t.CreatedAt) == row.Date),
                team.Count(t => t.Status == TicketStatus.Resolved && TicketFacts.Day(t.ResolvedAt!.Value) == row.Date),
                team.Count(t => t.Status == TicketStatus.Cancelled && TicketFacts.Day(t.History.Last(e => e.Kind == TicketEventKind.Cancelled).At) == row.Date));
            Assert.Equal(expected, (row.Opened, row.Resolved, row.Cancelled));
        }
        Assert.Equal([("facilities", 1L, 0L, 0L), ("hr", 1, 1, 0), ("it", 4, 2, 1)], report.Totals.Select(t => (t.Team, t.Opened, t.Resolved, t.Cancelled)));
        var itMonday = report.Rows.Single(r => r.Team == "it" && r.Date == Monday);
        Assert.Equal((2L, 1L, 0L, "IT Support"), (itMonday.Opened, itMonday.Resolved, itMonday.Cancelled, itMonday.TeamName));
    }

    [Fact]
    public async Task ServiceLevels_EqualTheSlaClockOverEveryTicket_MedianAndP90AsBucketBounds()
    {
        await ScriptedWeekAsync();
        var tickets = await AllTicketsAsync();
        var now = _h.Clock.GetUtcNow();

        var report = await Reader.ServiceLevelsAsync(_week, None);

        foreach (var team in _h.Teams.All)
        {
            var statuses = tickets.Where(t => t.TeamId == team.Id).Select(t => (Ticket: t, Sla: SlaClock.Evaluate(t, team, now))).ToList();
            var responded = statuses.Where(s => s.Ticket.FirstRespondedAt is not null).Select(s => s.Sla.FirstResponse!).ToList();
            var resolved = statuses.Where(s => s.Ticket.Status == TicketStatus.Resolved).Select(s => s.Sla.Resolution!).ToList();
            AssertRow(report.Rows.Single(r => r.Team == team.Id && r.Measure == "firstResponse"), responded);
            AssertRow(report.Rows.Single(r => r.Team == team.Id && r.Measure == "resolution"), resolved);
        }
        var it = report.Rows.Where(r => r.Team == "it").ToList();
        // IT-1001 in 30 min, IT-1004 in 10, IT-1002 in 330 (over 4 h); resolved: IT-1001 in 120 min, IT-1002 in 4 days 2 h.
        Assert.Equal((3L, 30, 360, 2L, 1L, 66.7), (it[0].Count, it[0].MedianMinutes, it[0].P90Minutes, it[0].Met, it[0].Breached, it[0].MetPercent));
        Assert.Equal((2L, 120, 7200, 1L, 1L, 50.0), (it[1].Count, it[1].MedianMinutes, it[1].P90Minutes, it[1].Met, it[1].Breached, it[1].MetPercent));
        var facilities = report.Rows.Where(r => r.Team == "facilities").ToList();
        Assert.All(facilities, r => Assert.Equal((0L, null, null, null), (r.Count, r.MedianMinutes, r.P90Minutes, r.MetPercent)));

        static void AssertRow(ServiceLevelRow row, IReadOnlyList<SlaTargetStatus> targets)
        {
            var minutes = targets.Select(t => t.Used.TotalMinutes).Order().ToList();
            Assert.Equal(minutes.Count, row.Count);
            Assert.Equal(NaivePercentile(minutes, 0.5), row.MedianMinutes);
            Assert.Equal(NaivePercentile(minutes, 0.9), row.P90Minutes);
            Assert.Equal(targets.Count(t => t.State == SlaState.Met), row.Met);
            Assert.Equal(targets.Count(t => t.State == SlaState.Breached), row.Breached);
        }
    }

    // The ⌈p·n⌉-th smallest value, reported as the upper bound of its bucket.
    private static int? NaivePercentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : LatencyHistogram.Bounds.First(b => sorted[(int)Math.Ceiling(p * sorted.Count) - 1] <= b);

    [Fact]
    public async Task Backlog_CountsOpenTicketsByStatusAgeAndDue_AndNamesTheOldest()
    {
        await ScriptedWeekAsync();

        var report = await Reader.BacklogAsync(_week, None);

        var it = report.Rows.Single(r => r.Team == "it");
        var facilities = report.Rows.Single(r => r.Team == "facilities");
        var hr = report.Rows.Single(r => r.Team == "hr");
        // IT-1004 waits on Tom (no due instant while paused); FAC-1001 was due Friday 09:00 (3 days after filing).
        Assert.Equal((1L, 0L, 1L, 0L, 1L, 0L, "IT-1004"), (it.Open, it.New, it.Assigned + it.InProgress + it.WaitingOnRequester, it.Overdue, it.Age3To7Days, it.AgeUnder1Day, it.OldestTicket));
        Assert.Equal(1, it.WaitingOnRequester);
        Assert.Equal((1L, 1L, 1L, 1L, "FAC-1001"), (facilities.Open, facilities.New, facilities.Overdue, facilities.Age3To7Days, facilities.OldestTicket));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), facilities.OldestOpenedAt);
        Assert.Equal((0L, (string?)null), (hr.Open, hr.OldestTicket));
    }

    [Fact]
    public async Task Satisfaction_PerTeamAndAgent_WithTheLatestLowRatingComments_ConfidentialWithheld()
    {
        await ScriptedWeekAsync();
        var tickets = await AllTicketsAsync();

        var report = await Reader.SatisfactionAsync(_week, None);

        foreach (var team in _h.Teams.All)
        {
            var ratings = tickets.Where(t => t.Survey is { State: SurveyState.Answered, Rating: not null } && t.Survey.TeamId == team.Id).Select(t => t.Survey!.Rating!.Value).ToList();
            var row = report.Rows.Single(r => r.Team == team.Id && r.Agent is null);
            Assert.Equal(Enumerable.Range(1, 5).Select(r => (long)ratings.Count(x => x == r)), row.Ratings);
            Assert.Equal(ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2), row.Average);
        }
        var agents = report.Rows.Where(r => r.Agent is not null).Select(r => (r.Team, r.AgentName, r.Count, r.Average)).ToList();
        Assert.Equal([("hr", "Jordan Lee", 1L, 2.0), ("it", "Alex Kim", 1, 5.0), ("it", "Priya Nair", 1, 1.0)], agents);
        Assert.Equal("alex@contoso.example", report.Rows.Single(r => r.AgentName == "Alex Kim").Agent);

        Assert.Equal([("IT-1002", 1, "=Took all week <b>really</b>", false), ("HR-1001", 2, null, true)],
            report.Comments.Select(c => (c.Ticket, c.Rating, c.Comment, c.Withheld)));
        var weekly = Assert.Single(report.Weekly, w => w.Team == "it");
        Assert.Equal((Monday, "2026-W48", 2L, 3.0), (weekly.WeekStart, weekly.Week, weekly.Count, weekly.Average));
    }

    [Fact]
    public async Task Kudos_ByTeamDepartmentAndValue_EqualACountOverTheLedger()
    {
        await ScriptedWeekAsync();
        var ledger = await _h.Services.GetRequiredService<IKudosStore>().RecentAsync(100, None);

        var report = await Reader.KudosAsync(_week, None);

        Assert.Equal(4, ledger.Count);
        var total = report.Rows.Single(r => r.Dimension == "total" && r.Value is null);
        Assert.Equal((ledger.Count, ledger.Sum(e => e.Receivers.Count)), ((int)total.Given, (int)total.Received));
        foreach (var value in new[] { "ownership", "care" })
        {
            var row = report.Rows.Single(r => r.Dimension == "total" && r.Value == value);
            var with = ledger.Where(e => e.Values.Contains(value)).ToList();
            Assert.Equal((with.Count, with.Sum(e => e.Receivers.Count)), ((int)row.Given, (int)row.Received));
        }
        Assert.Equal([("total", null, null, 4L, 5L), ("total", null, "care", 1, 2), ("total", null, "ownership", 2, 3),
                ("team", "facilities", null, 0, 0), ("team", "hr", null, 1, 0), ("team", "it", null, 0, 4), ("team", "it", "care", 0, 2), ("team", "it", "ownership", 0, 3),
                ("team", null, null, 3, 1), ("team", null, "care", 1, 0), ("team", null, "ownership", 2, 0),
                ("department", "Finance", null, 2, 1), ("department", "IT", null, 0, 4), ("department", "Sales", null, 1, 0), ("department", null, null, 1, 0)],
            report.Rows.Select(r => (r.Dimension, r.Dimension == "department" ? r.Department : r.Team, r.Value, r.Given, r.Received)).ToList<(string, string?, string?, long, long)>());
        Assert.Equal(ReportNames.UnknownDepartment, report.Rows.Last().DepartmentName);
        Assert.Equal(ReportNames.NoServiceTeam, report.Rows.First(r => r.Dimension == "team" && r.Team is null).TeamName);
        Assert.Equal(new KudosKinds(3, 0, 1), report.Kinds);
    }

    [Fact]
    public async Task ServiceChain_FromTheRequestersDepartmentsToTheTeams()
    {
        await ScriptedWeekAsync();

        var report = await Reader.ServiceChainAsync(_week, None);

        Assert.Equal([("Finance", "hr", 1L, 1L, (double?)2.0, 0L), ("Finance", "it", 2, 1, 5.0, 2), ("Sales", "facilities", 1, 0, null, 0), ("Sales", "it", 2, 1, 1.0, 1)],
            report.Rows.Select(r => (r.Department, r.Team, r.Requests, r.Ratings, r.AverageRating, r.Thanks)).ToList<(string?, string, long, long, double?, long)>());
    }

    [Fact]
    public async Task ServiceChain_RequesterTheDirectoryDoesNotKnow_IsInTheUnknownDepartment()
    {
        var stranger = new PersonRef(TestPlatforms.Playground, "sam", "Sam Doe");
        await _h.FileAsync(stranger, "My VPN drops every call");

        var report = await Reader.ServiceChainAsync(_week, None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(((string?)null, ReportNames.UnknownDepartment, "it", 1L), (row.Department, row.DepartmentName, row.Team, row.Requests));
    }

    [Fact]
    public async Task RecordingAgain_EveryTicketAndKudosAndAnOlderVersion_ChangesNothing()
    {
        var filed = await ScriptedWeekAsync();
        var before = JsonSerializer.Serialize(await Reader.SummaryAsync(_week, None), Json);

        foreach (var ticket in await AllTicketsAsync())
        {
            await Writer.TicketChangedAsync(ticket, None);
            Assert.False(await Writer.RecordTicketAsync(ticket, None));
        }
        foreach (var entry in await _h.Services.GetRequiredService<IKudosStore>().RecentAsync(100, None))
        {
            await Writer.KudosStoredAsync(entry, None);
            Assert.False(await Writer.RecordKudosAsync(entry, None));
        }
        Assert.False(await Writer.RecordTicketAsync(filed, None));

        Assert.Equal(before, JsonSerializer.Serialize(await Reader.SummaryAsync(_week, None), Json));
    }

    [Fact]
    public async Task Reopened_ByANotFixedAnswer_KeepsThatRatingBesideTheNextOne()
    {
        At(0, 9);
        var ticket = await _h.FileAsync(Maya);
        await ClickAsync(Alex, ticket, "Resolve", (Verbs.Keys.Note, "Restarted it"));
        var survey = (await _h.ReloadAsync(ticket)).Survey!.Card!;
        At(0, 10);
        await _h.ClickAsync(Maya, survey, "No, still broken", Inputs((Verbs.Keys.Rating, "2"), (Verbs.Keys.Comment, "Still drops")));
        At(0, 11);
        await ClickAsync(Alex, ticket, "Resolve", (Verbs.Keys.Note, "Replaced the router"));
        await RateAsync(Maya, ticket, 4);

        var report = await Reader.SatisfactionAsync(_week, None);
        var requests = await Reader.RequestsAsync(_week, None);

        Assert.Equal([0L, 1, 0, 1, 0], report.Rows.Single(r => r.Team == "it" && r.Agent is null).Ratings);
        Assert.Equal(("IT-1001", "Still drops"), (report.Comments.Single().Ticket, report.Comments.Single().Comment));
        Assert.Equal((1L, 1L), (requests.Totals.Single(t => t.Team == "it").Opened, requests.Totals.Single(t => t.Team == "it").Resolved));
    }

    [Fact]
    public async Task Moved_TicketCountsForTheTeamThatOwnsItNow()
    {
        var ticket = await _h.FileAsync(Maya);
        await ClickAsync(Alex, ticket, "Move to another team", (Verbs.Keys.Team, "facilities"), (Verbs.Keys.Note, "Not ours"));
        Assert.Equal("facilities", (await _h.ReloadAsync(ticket)).TeamId);

        var requests = await Reader.RequestsAsync(_week, None);
        var backlog = await Reader.BacklogAsync(_week, None);

        Assert.Equal([("facilities", 1L), ("hr", 0), ("it", 0)], requests.Totals.Select(t => (t.Team, t.Opened)));
        Assert.Equal([("facilities", 1L), ("hr", 0), ("it", 0)], backlog.Rows.Select(r => (r.Team, r.Open)));
    }

    [Fact]
    public async Task TeamFilter_NarrowsEveryReportToTheChosenTeams()
    {
        await ScriptedWeekAsync();
        var hrOnly = _week with { Teams = ["hr"] };

        var summary = await Reader.SummaryAsync(hrOnly, None);

        Assert.Equal([new ReportTeam("hr", "People & HR")], summary.Teams);
        Assert.All(summary.Requests.Rows, r => Assert.Equal("hr", r.Team));
        Assert.All(summary.ServiceLevels.Rows, r => Assert.Equal("hr", r.Team));
        Assert.Equal(["hr"], summary.Backlog.Rows.Select(r => r.Team));
        Assert.All(summary.Satisfaction.Rows, r => Assert.Equal("hr", r.Team));
        Assert.Equal(["HR-1001"], summary.Satisfaction.Comments.Select(c => c.Ticket));
        Assert.Equal([("Finance", "hr")], summary.ServiceChain.Rows.Select(r => (r.Department, r.Team)).ToList<(string?, string)>());
        Assert.Equal([("hr", 1L)], summary.Kudos.Rows.Where(r => r.Dimension == "team").Select(r => (r.Team, r.Given)).ToList<(string?, long)>());
    }

    [Fact]
    public async Task PeriodFilter_LeavesOutWhatHappenedOnOtherDays()
    {
        await ScriptedWeekAsync();
        var tuesday = new ReportQuery(Monday.AddDays(1), Monday.AddDays(1), []);

        var summary = await Reader.SummaryAsync(tuesday, None);

        Assert.Equal([("facilities", 1L, 0L, 0L), ("hr", 0, 0, 0), ("it", 2, 0, 1)], summary.Requests.Totals.Select(t => (t.Team, t.Opened, t.Resolved, t.Cancelled)));
        Assert.All(summary.Satisfaction.Rows, r => Assert.Equal(0, r.Count));
        Assert.Empty(summary.Satisfaction.Comments);
        Assert.Equal(0, summary.Kudos.Rows.Single(r => r.Dimension == "total").Given);
        // The backlog is now, whatever the period.
        Assert.Equal(2, summary.Backlog.Rows.Sum(r => r.Open));
    }

    [Theory]
    [InlineData("2026-11-31", null, "'from' must be a date written yyyy-MM-dd")]
    [InlineData("23/11/2026", null, "'from' must be a date")]
    [InlineData(null, "tomorrow", "'to' must be a date")]
    [InlineData("2026-11-29", "2026-11-23", "'from' (2026-11-29) is after 'to' (2026-11-23).")]
    [InlineData("2025-01-01", "2026-11-23", "longer than 366 days")]
    public void Parse_BadPeriod_SaysWhy(string? from, string? to, string reason)
    {
        var (query, error) = ReportQuery.Parse(from, to, [], Monday, _h.Teams);

        Assert.Null(query);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Parse_UnknownTeam_NamesTheKnownOnes()
    {
        var (query, error) = ReportQuery.Parse(null, null, ["it", "legal"], Monday, _h.Teams);

        Assert.Null(query);
        Assert.Equal("There is no service team 'legal'. Teams: facilities, hr, it.", error);
    }

    [Fact]
    public void Parse_Nothing_IsFourWeeksEndingToday_ForEveryTeam()
    {
        var (query, error) = ReportQuery.Parse(null, " ", ["it", "it", "hr"], Monday, _h.Teams);

        Assert.Null(error);
        Assert.Equal((Monday.AddDays(-27), Monday), (query!.From, query.To));
        Assert.Equal(["it", "hr"], query.Teams);
    }
}

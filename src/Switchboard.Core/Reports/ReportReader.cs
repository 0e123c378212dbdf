using System.Globalization;
using System.Text.Json;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Reports;

/// <summary>
/// Reads the reports from the read model (<see cref="IReportStore"/>): one read of the period's daily counters,
/// plus sorted-set ranges for the backlog and the comments. The HTTP API, the dashboard and the digest all read
/// through here, so they show the same numbers.
/// </summary>
public sealed class ReportReader(IReportStore store, TeamDirectory teams, TimeProvider time)
{
    /// <summary>How many low-rating comments a report shows unless asked otherwise.</summary>
    public const int DefaultComments = 10;

    /// <summary>The most low-rating comments a report shows.</summary>
    public const int MaxComments = 100;

    private static readonly string[] Measures = ["firstResponse", "resolution"];

    /// <summary>Every report the dashboard shows, from one read of the period.</summary>
    public async Task<ReportSummary> SummaryAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        var current = await store.ReadCurrentAsync(cancellationToken);
        foreach (var field in current.Keys) tally.SeeTeam(ReportFields.Split(field) is ["open", var team, _] ? team : "");
        var selected = Selected(query, tally);
        var backlog = await BacklogAsync(selected, current, cancellationToken);
        var comments = await CommentsAsync(query, selected, DefaultComments, cancellationToken);
        return new ReportSummary(query.Period, selected, Requests(query, tally, selected), ServiceLevels(query, tally, selected), backlog,
            new SatisfactionReport(query.Period, Satisfaction(tally, selected), Weekly(query, tally, selected), comments),
            Kudos(query, tally, selected), ServiceChain(query, tally, selected));
    }

    /// <summary>Requests opened, resolved and cancelled per day and team.</summary>
    public async Task<RequestsReport> RequestsAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return Requests(query, tally, Selected(query, tally));
    }

    /// <summary>First response and resolution times and SLA outcomes per team.</summary>
    public async Task<ServiceLevelsReport> ServiceLevelsAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return ServiceLevels(query, tally, Selected(query, tally));
    }

    /// <summary>Open requests per team now (the period is not used; the teams are).</summary>
    public async Task<BacklogReport> BacklogAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var current = await store.ReadCurrentAsync(cancellationToken);
        var tally = new Tally();
        foreach (var field in current.Keys) tally.SeeTeam(ReportFields.Split(field) is ["open", var team, _] ? team : "");
        return await BacklogAsync(Selected(query, tally), current, cancellationToken);
    }

    /// <summary>Ratings per team and agent, with the weekly trend and the latest low-rating comments.</summary>
    public async Task<SatisfactionReport> SatisfactionAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        var selected = Selected(query, tally);
        return new SatisfactionReport(query.Period, Satisfaction(tally, selected), Weekly(query, tally, selected),
            await CommentsAsync(query, selected, DefaultComments, cancellationToken));
    }

    /// <summary>Ratings per ISO week and team.</summary>
    public async Task<WeeklySatisfactionReport> WeeklySatisfactionAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return new WeeklySatisfactionReport(query.Period, Weekly(query, tally, Selected(query, tally)));
    }

    /// <summary>The latest <paramref name="take"/> (1 to <see cref="MaxComments"/>) low ratings with a comment, newest first.</summary>
    public async Task<CommentsReport> CommentsAsync(ReportQuery query, int take, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return new CommentsReport(query.Period, await CommentsAsync(query, Selected(query, tally), Math.Clamp(take, 1, MaxComments), cancellationToken));
    }

    /// <summary>Kudos given and received by team, department and value.</summary>
    public async Task<KudosReport> KudosAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return Kudos(query, tally, Selected(query, tally));
    }

    /// <summary>Requests, ratings and thanks from each requesting department to each serving team.</summary>
    public async Task<ServiceChainReport> ServiceChainAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var tally = await LoadAsync(query, cancellationToken);
        return ServiceChain(query, tally, Selected(query, tally));
    }

    private async Task<Tally> LoadAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var days = await store.ReadDaysAsync(query.From, query.To, cancellationToken);
        var tally = new Tally { Labels = await store.GetLabelsAsync(cancellationToken) };
        foreach (var (day, counters) in days)
            foreach (var (field, count) in counters)
                if (count != 0) tally.Add(day, ReportFields.Split(field), count);
        return tally;
    }

    private IReadOnlyList<ReportTeam> Selected(ReportQuery query, Tally tally)
    {
        var ids = query.Teams.Count > 0
            ? query.Teams
            : teams.All.Select(t => t.Id).Concat(tally.TeamsSeen).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return ids.Order(StringComparer.Ordinal).Select(id => new ReportTeam(id, TeamName(id))).ToList();
    }

    private string TeamName(string id) => teams.Find(id)?.Name ?? id;

    private static RequestsReport Requests(ReportQuery query, Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var rows = new List<RequestsRow>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
            foreach (var team in selected)
            {
                var c = tally.Requests.GetValueOrDefault((day, team.Id)) ?? new long[3];
                rows.Add(new RequestsRow(day, team.Id, team.Name, c[0], c[1], c[2]));
            }
        var totals = selected.Select(team =>
        {
            var mine = rows.Where(r => r.Team == team.Id).ToList();
            return new RequestsTotal(team.Id, team.Name, mine.Sum(r => r.Opened), mine.Sum(r => r.Resolved), mine.Sum(r => r.Cancelled));
        }).ToList();
        return new RequestsReport(query.Period, rows, totals);
    }

    private static ServiceLevelsReport ServiceLevels(ReportQuery query, Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var rows = new List<ServiceLevelRow>();
        foreach (var team in selected)
            foreach (var measure in Enum.GetValues<ReportMeasure>())
            {
                var counts = tally.Latency.GetValueOrDefault((team.Id, measure)) ?? new long[LatencyHistogram.BucketCount];
                var outcomes = tally.Outcomes.GetValueOrDefault((team.Id, measure)) ?? new long[2];
                var median = LatencyHistogram.Of(counts, 0.5);
                var p90 = LatencyHistogram.Of(counts, 0.9);
                var judged = outcomes[0] + outcomes[1];
                rows.Add(new ServiceLevelRow(team.Id, team.Name, Measures[(int)measure], counts.Sum(), median?.Minutes, p90?.Minutes, outcomes[0], outcomes[1],
                    judged == 0 ? null : Round(100.0 * outcomes[0] / judged, 1))
                {
                    OverLastBucket = median?.OverLastBucket == true || p90?.OverLastBucket == true ? true : null,
                });
            }
        return new ServiceLevelsReport(query.Period, LatencyHistogram.Bounds, rows);
    }

    private async Task<BacklogReport> BacklogAsync(IReadOnlyList<ReportTeam> selected, IReadOnlyDictionary<string, long> current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        double Ago(int days) => at - (long)TimeSpan.FromDays(days).TotalMilliseconds;
        var ranges = new List<ReportRange>();
        foreach (var team in selected)
        {
            var open = ReportFields.OpenSet(team.Id);
            ranges.Add(new ReportRange(open, Ago(1) + 1, double.PositiveInfinity));
            ranges.Add(new ReportRange(open, Ago(3) + 1, Ago(1)));
            ranges.Add(new ReportRange(open, Ago(7) + 1, Ago(3)));
            ranges.Add(new ReportRange(open, Ago(30) + 1, Ago(7)));
            ranges.Add(new ReportRange(open, double.NegativeInfinity, Ago(30)));
            // Due at or before now is breached (SlaClock: a running clock is breached at its due instant).
            ranges.Add(new ReportRange(ReportFields.DueSet(team.Id), double.NegativeInfinity, at));
        }
        var counts = await store.CountAsync(ranges, cancellationToken);
        var oldest = await store.RangeAsync(selected.Select(t => new ReportRange(ReportFields.OpenSet(t.Id), double.NegativeInfinity, double.PositiveInfinity, 1)).ToList(), cancellationToken);
        var rows = selected.Select((team, i) =>
        {
            var c = counts.Skip(i * 6).Take(6).ToList();
            long Status(TicketStatus status) => current.GetValueOrDefault(ReportFields.OpenInStatus(team.Id, status.ToString()));
            var first = oldest[i].FirstOrDefault();
            return new BacklogRow(team.Id, team.Name, c[0] + c[1] + c[2] + c[3] + c[4],
                Status(TicketStatus.New), Status(TicketStatus.Assigned), Status(TicketStatus.InProgress), Status(TicketStatus.WaitingOnRequester), c[5],
                c[0], c[1], c[2], c[3], c[4],
                first?.Member, first is null ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)first.Score));
        }).ToList();
        return new BacklogReport(now, rows);
    }

    private static IReadOnlyList<SatisfactionRow> Satisfaction(Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var rows = new List<SatisfactionRow>();
        foreach (var team in selected)
        {
            var total = new long[5];
            foreach (var (key, counts) in tally.Ratings.Where(r => r.Key.Team == team.Id))
                for (var i = 0; i < 5; i++) total[i] += counts[i];
            rows.Add(Row(team, null, null, total));
            foreach (var ((_, agent), counts) in tally.AgentRatings.Where(r => r.Key.Team == team.Id)
                         .OrderBy(r => tally.Labels.GetValueOrDefault(r.Key.Agent) ?? r.Key.Agent, StringComparer.Ordinal).ThenBy(r => r.Key.Agent, StringComparer.Ordinal))
            {
                if (counts.Sum() == 0) continue;
                rows.Add(Row(team, agent, tally.Labels.GetValueOrDefault(agent) ?? agent, counts));
            }
        }
        return rows;

        static SatisfactionRow Row(ReportTeam team, string? agent, string? name, long[] counts)
        {
            var count = counts.Sum();
            var sum = counts.Select((c, i) => c * (i + 1)).Sum();
            return new SatisfactionRow(team.Id, team.Name, agent, name, count, count == 0 ? null : Round((double)sum / count, 2), counts);
        }
    }

    private static IReadOnlyList<WeeklySatisfactionRow> Weekly(ReportQuery query, Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var rows = new List<WeeklySatisfactionRow>();
        var monday = query.From.AddDays(-(((int)query.From.DayOfWeek + 6) % 7));
        for (var week = monday; week <= query.To; week = week.AddDays(7))
        {
            var date = week.ToDateTime(TimeOnly.MinValue);
            var label = $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}";
            foreach (var team in selected)
            {
                long count = 0, sum = 0;
                for (var day = week; day < week.AddDays(7); day = day.AddDays(1))
                {
                    if (day < query.From || day > query.To || tally.Ratings.GetValueOrDefault((day, team.Id)) is not { } counts) continue;
                    for (var i = 0; i < 5; i++)
                    {
                        count += counts[i];
                        sum += counts[i] * (i + 1);
                    }
                }
                rows.Add(new WeeklySatisfactionRow(week, label, team.Id, team.Name, count, count == 0 ? null : Round((double)sum / count, 2)));
            }
        }
        return rows;
    }

    private async Task<IReadOnlyList<CommentRow>> CommentsAsync(ReportQuery query, IReadOnlyList<ReportTeam> selected, int take, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var to = new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds() - 1;
        var found = await store.RangeAsync(selected.Select(t => new ReportRange(ReportFields.LowRatingSet(t.Id), from, to, take, HighestFirst: true)).ToList(), cancellationToken);
        var latest = found.SelectMany(m => m).OrderByDescending(m => m.Score).ThenBy(m => m.Member, StringComparer.Ordinal).Take(take).ToList();
        var notes = await store.GetNotesAsync(latest.Select(m => m.Member).ToList(), cancellationToken);
        var names = selected.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        return notes.OfType<string>()
            .Select(json => JsonSerializer.Deserialize(json, ReportsJsonContext.Default.CommentNote)!)
            .Select(n => new CommentRow(n.AnsweredAt, n.Ticket, n.Team, names.GetValueOrDefault(n.Team) ?? n.Team, n.AgentName, n.Rating, n.Withheld ? null : n.Comment, n.Withheld))
            .ToList();
    }

    private static KudosReport Kudos(ReportQuery query, Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var rows = new List<KudosRow>();
        var values = tally.Kudos.Keys.Select(k => k.Value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        long[] Counts(KudosDimension dimension, string id, string value) => tally.Kudos.GetValueOrDefault((dimension, id, value)) ?? new long[2];

        foreach (var value in values.Prepend(""))
        {
            var c = Counts(KudosDimension.Total, "", value);
            if (value.Length == 0 || c[0] + c[1] > 0) rows.Add(new KudosRow("total", null, null, null, null, Value(value), c[0], c[1]));
        }
        // People in no service team are a row of their own unless the report is narrowed to chosen teams.
        var teamRows = selected.Select(t => (Id: t.Id, Name: t.Name)).ToList();
        if (query.Teams.Count == 0) teamRows.Add(("", ReportNames.NoServiceTeam));
        foreach (var (id, name) in teamRows)
            foreach (var value in values.Prepend(""))
            {
                var c = Counts(KudosDimension.Team, id, value);
                if (value.Length == 0 || c[0] + c[1] > 0) rows.Add(new KudosRow("team", Id(id), name, null, null, Value(value), c[0], c[1]));
            }
        foreach (var department in tally.Kudos.Keys.Where(k => k.Dimension == KudosDimension.Department).Select(k => k.Id).Distinct(StringComparer.Ordinal)
                     .OrderBy(d => d.Length == 0).ThenBy(d => d, StringComparer.Ordinal))
        {
            var c = Counts(KudosDimension.Department, department, "");
            rows.Add(new KudosRow("department", null, null, Id(department), DepartmentName(department), null, c[0], c[1]));
        }
        var kinds = new KudosKinds(tally.Kinds.GetValueOrDefault(nameof(KudosKind.Peer)), tally.Kinds.GetValueOrDefault(nameof(KudosKind.PlusOne)),
            tally.Kinds.GetValueOrDefault(nameof(KudosKind.ServiceThanks)));
        return new KudosReport(query.Period, rows, kinds);
    }

    private static ServiceChainReport ServiceChain(ReportQuery query, Tally tally, IReadOnlyList<ReportTeam> selected)
    {
        var names = selected.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var rows = tally.Chain
            .Where(c => names.ContainsKey(c.Key.Team) && c.Value.Any(v => v != 0))
            .OrderBy(c => c.Key.Department.Length == 0).ThenBy(c => c.Key.Department, StringComparer.Ordinal).ThenBy(c => c.Key.Team, StringComparer.Ordinal)
            .Select(c => new ServiceChainRow(Id(c.Key.Department), DepartmentName(c.Key.Department), c.Key.Team, names[c.Key.Team],
                c.Value[0], c.Value[1], c.Value[1] == 0 ? null : Round((double)c.Value[2] / c.Value[1], 2), c.Value[3]))
            .ToList();
        return new ServiceChainReport(query.Period, rows);
    }

    private static string? Id(string part) => part.Length == 0 ? null : part;

    private static string? Value(string part) => part.Length == 0 ? null : part;

    private static string DepartmentName(string part) => part.Length == 0 ? ReportNames.UnknownDepartment : part;

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    /// <summary>The period's daily counters, parsed into what each report adds up.</summary>
    private sealed class Tally
    {
        private static readonly Dictionary<string, ReportMeasure> LatencyPrefixes = new(StringComparer.Ordinal)
        {
            ["fr"] = ReportMeasure.FirstResponse,
            ["res"] = ReportMeasure.Resolution,
        };

        public Dictionary<(DateOnly Day, string Team), long[]> Requests { get; } = [];
        public Dictionary<(string Team, ReportMeasure Measure), long[]> Latency { get; } = [];
        public Dictionary<(string Team, ReportMeasure Measure), long[]> Outcomes { get; } = [];
        public Dictionary<(DateOnly Day, string Team), long[]> Ratings { get; } = [];
        public Dictionary<(string Team, string Agent), long[]> AgentRatings { get; } = [];
        public Dictionary<(string Department, string Team), long[]> Chain { get; } = [];
        public Dictionary<(KudosDimension Dimension, string Id, string Value), long[]> Kudos { get; } = [];
        public Dictionary<string, long> Kinds { get; } = new(StringComparer.Ordinal);
        public HashSet<string> TeamsSeen { get; } = new(StringComparer.Ordinal);
        public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

        public void SeeTeam(string team) => TeamsSeen.Add(team);

        public void Add(DateOnly day, string[] parts, long count)
        {
            switch (parts)
            {
                case ["opened", var team]: Slot(Requests, (day, See(team)), 3)[0] += count; break;
                case ["resolved", var team]: Slot(Requests, (day, See(team)), 3)[1] += count; break;
                case ["cancelled", var team]: Slot(Requests, (day, See(team)), 3)[2] += count; break;
                case [var m, var team, var bucket] when LatencyPrefixes.TryGetValue(m, out var measure) && int.TryParse(bucket, CultureInfo.InvariantCulture, out var b) && b < LatencyHistogram.BucketCount:
                    Slot(Latency, (See(team), measure), LatencyHistogram.BucketCount)[b] += count;
                    break;
                case ["fr-met", var team]: Slot(Outcomes, (See(team), ReportMeasure.FirstResponse), 2)[0] += count; break;
                case ["fr-breached", var team]: Slot(Outcomes, (See(team), ReportMeasure.FirstResponse), 2)[1] += count; break;
                case ["res-met", var team]: Slot(Outcomes, (See(team), ReportMeasure.Resolution), 2)[0] += count; break;
                case ["res-breached", var team]: Slot(Outcomes, (See(team), ReportMeasure.Resolution), 2)[1] += count; break;
                case ["rating", var team, var r] when Rating(r) is { } rating: Slot(Ratings, (day, See(team)), 5)[rating - 1] += count; break;
                case ["agent-rating", var team, var agent, var r] when Rating(r) is { } rating: Slot(AgentRatings, (See(team), agent), 5)[rating - 1] += count; break;
                case ["chain-requests", var department, var team]: Slot(Chain, (department, See(team)), 4)[0] += count; break;
                case ["chain-ratings", var department, var team]: Slot(Chain, (department, See(team)), 4)[1] += count; break;
                case ["chain-rating-sum", var department, var team]: Slot(Chain, (department, See(team)), 4)[2] += count; break;
                case ["chain-thanks", var department, var team]: Slot(Chain, (department, See(team)), 4)[3] += count; break;
                case ["kudos-kind", var kind]: Kinds[kind] = Kinds.GetValueOrDefault(kind) + count; break;
                case [var side and ("kudos-given" or "kudos-received"), var dimension, var id, var value] when Enum.TryParse<KudosDimension>(dimension, true, out var d):
                    Slot(Kudos, (d, id, value), 2)[side == "kudos-given" ? 0 : 1] += count;
                    break;
            }
        }

        private string See(string team)
        {
            TeamsSeen.Add(team);
            return team;
        }

        private static int? Rating(string text) => int.TryParse(text, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 5 ? r : null;

        private static long[] Slot<TKey>(Dictionary<TKey, long[]> map, TKey key, int size) where TKey : notnull =>
            map.TryGetValue(key, out var slot) ? slot : map[key] = new long[size];
    }
}

namespace Switchboard.Core.Reports;

/// <summary>
/// What facts add to the read model, and the difference between two versions of a ticket's facts: the counters
/// the older version added are taken back, the newer's added, so recording a newer version moves a ticket's
/// contribution (a move, a reopening, a resolution) instead of adding it twice.
/// </summary>
public static class ReportContributions
{
    /// <summary>
    /// The changes that turn what <paramref name="old"/> contributed (nothing when null) into what
    /// <paramref name="next"/> contributes. <paramref name="noteFor"/> writes the note of a low rating with a comment
    /// that <paramref name="old"/> did not have.
    /// </summary>
    public static ReportChanges Between(TicketFacts? old, TicketFacts next, Func<RatingFact, CommentNote> noteFor)
    {
        var counters = new Dictionary<(DateOnly?, string), long>();
        if (old is not null)
            foreach (var (day, field, delta) in Counters(old)) Add(counters, day, field, -delta);
        foreach (var (day, field, delta) in Counters(next)) Add(counters, day, field, delta);

        var oldSets = old is null ? [] : Sets(old).ToList();
        var newSets = Sets(next).ToList();
        var sets = oldSets.Where(o => !newSets.Any(n => n.Set == o.Set && n.Member == o.Member)).Select(o => new SetChange(o.Set, o.Member, null))
            .Concat(newSets.Where(n => !oldSets.Contains(n)).Select(n => new SetChange(n.Set, n.Member, n.Score)))
            .ToList();

        var oldNotes = old is null ? [] : old.Ratings.Where(r => r.LowWithComment).ToDictionary(r => ReportFields.RatingNote(old.Ticket, r.SurveySentAt));
        var newNotes = next.Ratings.Where(r => r.LowWithComment).ToDictionary(r => ReportFields.RatingNote(next.Ticket, r.SurveySentAt));
        var notes = oldNotes.Keys.Where(id => !newNotes.ContainsKey(id)).Select(id => new NoteChange(id, null))
            .Concat(newNotes.Where(n => !oldNotes.ContainsKey(n.Key))
                .Select(n => new NoteChange(n.Key, System.Text.Json.JsonSerializer.Serialize(noteFor(n.Value), ReportsJsonContext.Default.CommentNote))))
            .ToList();

        return new ReportChanges
        {
            Counters = counters.Where(c => c.Value != 0).Select(c => new CounterChange(c.Key.Item1, c.Key.Item2, c.Value)).ToList(),
            Sets = sets,
            Notes = notes,
            Labels = next.Ratings.Select(r => new KeyValuePair<string, string>(r.Agent, r.AgentName)).DistinctBy(l => l.Key).ToList(),
        };
    }

    /// <summary>What <paramref name="facts"/> add to the counters (a day of null is "now").</summary>
    public static IEnumerable<(DateOnly? Day, string Field, long Delta)> Counters(TicketFacts facts)
    {
        var team = facts.Team;
        var department = facts.Department ?? "";
        yield return (facts.OpenedOn, ReportFields.Opened(team), 1);
        yield return (facts.OpenedOn, ReportFields.ChainRequests(department, team), 1);
        foreach (var (measure, latency) in new[] { (ReportMeasure.FirstResponse, facts.FirstResponse), (ReportMeasure.Resolution, facts.Resolution) })
        {
            if (latency is null) continue;
            yield return (latency.Day, ReportFields.Latency(measure, team, LatencyHistogram.BucketOf(latency.Minutes)), 1);
            if (latency.Outcome == SlaOutcome.Met) yield return (latency.Day, ReportFields.Met(measure, team), 1);
            if (latency.Outcome == SlaOutcome.Breached) yield return (latency.Day, ReportFields.Breached(measure, team), 1);
        }
        if (facts.Resolution is { } resolution) yield return (resolution.Day, ReportFields.Resolved(team), 1);
        if (facts.CancelledOn is { } cancelled) yield return (cancelled, ReportFields.Cancelled(team), 1);
        if (facts.Open is { } open) yield return (null, ReportFields.OpenInStatus(team, open.Status.ToString()), 1);
        foreach (var rating in facts.Ratings)
        {
            var day = TicketFacts.Day(rating.AnsweredAt);
            yield return (day, ReportFields.Rating(rating.Team, rating.Rating), 1);
            yield return (day, ReportFields.AgentRating(rating.Team, rating.Agent, rating.Rating), 1);
            yield return (day, ReportFields.ChainRatings(department, rating.Team), 1);
            yield return (day, ReportFields.ChainRatingSum(department, rating.Team), rating.Rating);
        }
    }

    /// <summary>The sorted-set memberships of <paramref name="facts"/>.</summary>
    public static IEnumerable<(string Set, string Member, double Score)> Sets(TicketFacts facts)
    {
        if (facts.Open is { } open)
        {
            yield return (ReportFields.OpenSet(facts.Team), facts.Ticket, open.OpenedAt.ToUnixTimeMilliseconds());
            if (open.DueAt is { } due) yield return (ReportFields.DueSet(facts.Team), facts.Ticket, due.ToUnixTimeMilliseconds());
        }
        foreach (var rating in facts.Ratings.Where(r => r.LowWithComment))
            yield return (ReportFields.LowRatingSet(rating.Team), ReportFields.RatingNote(facts.Ticket, rating.SurveySentAt), rating.AnsweredAt.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// What a kudos given on <paramref name="day"/> adds: once as given (total, the giver's team and department), once
    /// as received per receiver, each again per company value named, its kind, and thanks from the giver's department
    /// to each of the <paramref name="thankedTeams"/>.
    /// </summary>
    public static ReportChanges ForKudos(DateOnly day, Kudos.KudosKind kind, IReadOnlyList<string> values, KudosParty giver,
        IReadOnlyList<KudosParty> receivers, IReadOnlyList<string> thankedTeams)
    {
        var counters = new Dictionary<(DateOnly?, string), long>();
        Add(counters, day, ReportFields.KudosKindCount(kind.ToString()), 1);
        foreach (var value in values.Distinct(StringComparer.Ordinal).Prepend(""))
        {
            Count(KudosSide.Given, giver, value);
            foreach (var receiver in receivers) Count(KudosSide.Received, receiver, value);
        }
        foreach (var team in thankedTeams) Add(counters, day, ReportFields.ChainThanks(giver.Department ?? "", team), 1);
        return new ReportChanges { Counters = counters.Select(c => new CounterChange(c.Key.Item1, c.Key.Item2, c.Value)).ToList() };

        void Count(KudosSide side, KudosParty party, string value)
        {
            Add(counters, day, ReportFields.Kudos(side, KudosDimension.Total, "", value), 1);
            Add(counters, day, ReportFields.Kudos(side, KudosDimension.Team, party.Team ?? "", value), 1);
            // Departments are counted over all values only: the report breaks values down by team.
            if (value.Length == 0) Add(counters, day, ReportFields.Kudos(side, KudosDimension.Department, party.Department ?? "", ""), 1);
        }
    }

    private static void Add(Dictionary<(DateOnly?, string), long> counters, DateOnly? day, string field, long delta) =>
        counters[(day, field)] = counters.GetValueOrDefault((day, field)) + delta;
}

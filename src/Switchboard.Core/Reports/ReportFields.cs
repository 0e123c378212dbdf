using System.Globalization;

namespace Switchboard.Core.Reports;

/// <summary>Which service-level time.</summary>
public enum ReportMeasure
{
    /// <summary>Filing to the first response.</summary>
    FirstResponse,
    /// <summary>Filing to resolution.</summary>
    Resolution,
}

/// <summary>Which way a kudos counts: given or received.</summary>
public enum KudosSide
{
    /// <summary>By the giver.</summary>
    Given,
    /// <summary>By each receiver.</summary>
    Received,
}

/// <summary>What a kudos counter is broken down by.</summary>
public enum KudosDimension
{
    /// <summary>Everyone.</summary>
    Total,
    /// <summary>The person's service team ("" when in none).</summary>
    Team,
    /// <summary>The person's department ("" when unknown).</summary>
    Department,
}

/// <summary>
/// The one place that names the read model's counters, sets and notes. A name's parts are joined with
/// <see cref="Separator"/>, a control character nobody types, so a department named "R|D" stays one part.
/// Unknown departments and "no service team" are the empty part.
/// </summary>
public static class ReportFields
{
    /// <summary>Joins the parts of a name.</summary>
    public const char Separator = '\u001f';

    /// <summary>Requests filed for a team.</summary>
    public static string Opened(string team) => Join("opened", team);

    /// <summary>Requests resolved by a team.</summary>
    public static string Resolved(string team) => Join("resolved", team);

    /// <summary>Requests cancelled in a team.</summary>
    public static string Cancelled(string team) => Join("cancelled", team);

    /// <summary>The count of one histogram bucket of a team's times.</summary>
    public static string Latency(ReportMeasure measure, string team, int bucket) => Join(Measure(measure), team, bucket.ToString(CultureInfo.InvariantCulture));

    /// <summary>Times within the team's SLA target.</summary>
    public static string Met(ReportMeasure measure, string team) => Join(Measure(measure) + "-met", team);

    /// <summary>Times over the team's SLA target.</summary>
    public static string Breached(ReportMeasure measure, string team) => Join(Measure(measure) + "-breached", team);

    /// <summary>Ratings of one value (1–5) for a team.</summary>
    public static string Rating(string team, int rating) => Join("rating", team, Digit(rating));

    /// <summary>Ratings of one value (1–5) for an agent of a team.</summary>
    public static string AgentRating(string team, string agent, int rating) => Join("agent-rating", team, agent, Digit(rating));

    /// <summary>Requests from a department to a team.</summary>
    public static string ChainRequests(string department, string team) => Join("chain-requests", department, team);

    /// <summary>Ratings a department gave a team.</summary>
    public static string ChainRatings(string department, string team) => Join("chain-ratings", department, team);

    /// <summary>The sum of the ratings a department gave a team.</summary>
    public static string ChainRatingSum(string department, string team) => Join("chain-rating-sum", department, team);

    /// <summary>Kudos from a department's people to a team.</summary>
    public static string ChainThanks(string department, string team) => Join("chain-thanks", department, team);

    /// <summary>Kudos of one kind.</summary>
    public static string KudosKindCount(string kind) => Join("kudos-kind", kind);

    /// <summary>Kudos given or received, by a dimension's id ("" for the total) and a value ("" for all values).</summary>
    public static string Kudos(KudosSide side, KudosDimension dimension, string id, string value) =>
        Join(side == KudosSide.Given ? "kudos-given" : "kudos-received", dimension.ToString().ToLowerInvariant(), id, value);

    /// <summary>"Now" counter: a team's open tickets in one status.</summary>
    public static string OpenInStatus(string team, string status) => Join("open", team, status);

    /// <summary>Set: a team's open tickets, scored by filing time (unix ms).</summary>
    public static string OpenSet(string team) => Join("open-set", team);

    /// <summary>Set: a team's open tickets with a resolution due instant, scored by it (unix ms).</summary>
    public static string DueSet(string team) => Join("due-set", team);

    /// <summary>Set: a team's low ratings with a comment, scored by answer time (unix ms); members are note ids.</summary>
    public static string LowRatingSet(string team) => Join("low-set", team);

    /// <summary>The note id of one survey answer of a ticket.</summary>
    public static string RatingNote(string ticket, DateTimeOffset surveySentAt) =>
        Join(ticket, surveySentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The parts of a name.</summary>
    public static string[] Split(string name) => name.Split(Separator);

    /// <summary>A name of parts.</summary>
    public static string Join(params string[] parts) => string.Join(Separator, parts);

    private static string Measure(ReportMeasure measure) => measure == ReportMeasure.FirstResponse ? "fr" : "res";

    private static string Digit(int rating) => rating.ToString(CultureInfo.InvariantCulture);
}

namespace Switchboard.Core.Reports;

/// <summary>The days a report covers (UTC, inclusive).</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To);

/// <summary>A service team in a report.</summary>
public sealed record ReportTeam(string Id, string Name);

/// <summary>Requests opened, resolved and cancelled per day and team.</summary>
public sealed record RequestsReport(ReportPeriod Period, IReadOnlyList<RequestsRow> Rows, IReadOnlyList<RequestsTotal> Totals);

/// <summary>One day of one team.</summary>
public sealed record RequestsRow(DateOnly Date, string Team, string TeamName, long Opened, long Resolved, long Cancelled);

/// <summary>One team over the period.</summary>
public sealed record RequestsTotal(string Team, string TeamName, long Opened, long Resolved, long Cancelled);

/// <summary>First response and resolution times per team, in business minutes, with SLA outcomes.</summary>
public sealed record ServiceLevelsReport(ReportPeriod Period, IReadOnlyList<int> BucketBounds, IReadOnlyList<ServiceLevelRow> Rows);

/// <summary>One team's first responses or resolutions over the period.</summary>
/// <param name="Team">Team id.</param>
/// <param name="TeamName">Team name.</param>
/// <param name="Measure"><c>firstResponse</c> or <c>resolution</c>.</param>
/// <param name="Count">How many.</param>
/// <param name="MedianMinutes">Upper bound of the bucket holding the median; null without any.</param>
/// <param name="P90Minutes">Upper bound of the bucket holding the 90th percentile; null without any.</param>
/// <param name="Met">Within the SLA target.</param>
/// <param name="Breached">Over the SLA target.</param>
/// <param name="MetPercent">Met of met and breached, in percent; null when both are 0.</param>
public sealed record ServiceLevelRow(string Team, string TeamName, string Measure, long Count, int? MedianMinutes, int? P90Minutes, long Met, long Breached, double? MetPercent)
{
    /// <summary>True when the median or p90 lies past the last bucket bound; null otherwise (left out of JSON).</summary>
    public bool? OverLastBucket { get; init; }
}

/// <summary>Open requests per team now, by status and age.</summary>
public sealed record BacklogReport(DateTimeOffset AsOf, IReadOnlyList<BacklogRow> Rows);

/// <summary>One team's open requests.</summary>
public sealed record BacklogRow(
    string Team, string TeamName, long Open, long New, long Assigned, long InProgress, long WaitingOnRequester, long Overdue,
    long AgeUnder1Day, long Age1To3Days, long Age3To7Days, long Age7To30Days, long AgeOver30Days,
    string? OldestTicket, DateTimeOffset? OldestOpenedAt);

/// <summary>Ratings per team and agent, the weekly trend and the latest low-rating comments.</summary>
public sealed record SatisfactionReport(ReportPeriod Period, IReadOnlyList<SatisfactionRow> Rows, IReadOnlyList<WeeklySatisfactionRow> Weekly, IReadOnlyList<CommentRow> Comments);

/// <summary>A team's ratings (no agent) or one agent's within the team.</summary>
/// <param name="Team">Team id.</param>
/// <param name="TeamName">Team name.</param>
/// <param name="Agent">The agent's directory id; null on the team's row.</param>
/// <param name="AgentName">The agent's name; null on the team's row.</param>
/// <param name="Count">How many ratings.</param>
/// <param name="Average">Their average; null without any.</param>
/// <param name="Ratings">How many of each rating: index 0 is rating 1.</param>
public sealed record SatisfactionRow(string Team, string TeamName, string? Agent, string? AgentName, long Count, double? Average, IReadOnlyList<long> Ratings);

/// <summary>The weekly satisfaction trend.</summary>
public sealed record WeeklySatisfactionReport(ReportPeriod Period, IReadOnlyList<WeeklySatisfactionRow> Rows);

/// <summary>One ISO week of one team.</summary>
public sealed record WeeklySatisfactionRow(DateOnly WeekStart, string Week, string Team, string TeamName, long Count, double? Average);

/// <summary>The latest low ratings with a comment.</summary>
public sealed record CommentsReport(ReportPeriod Period, IReadOnlyList<CommentRow> Rows);

/// <summary>A low rating and what the requester wrote (literally; null when withheld).</summary>
public sealed record CommentRow(DateTimeOffset AnsweredAt, string Ticket, string Team, string TeamName, string AgentName, int Rating, string? Comment, bool Withheld);

/// <summary>Kudos given and received by team, department and value.</summary>
public sealed record KudosReport(ReportPeriod Period, IReadOnlyList<KudosRow> Rows, KudosKinds Kinds);

/// <summary>One line of the kudos table.</summary>
/// <param name="Dimension"><c>total</c>, <c>team</c> or <c>department</c>.</param>
/// <param name="Team">Team id (team rows; null for people in no service team).</param>
/// <param name="TeamName">Team name, or "No service team".</param>
/// <param name="Department">Department (department rows; null when unknown).</param>
/// <param name="DepartmentName">Department, or "Unknown department".</param>
/// <param name="Value">A company value; null for all kudos whatever their values.</param>
/// <param name="Given">Kudos given.</param>
/// <param name="Received">Kudos received (one per receiver).</param>
public sealed record KudosRow(string Dimension, string? Team, string? TeamName, string? Department, string? DepartmentName, string? Value, long Given, long Received);

/// <summary>Kudos by kind.</summary>
public sealed record KudosKinds(long Peer, long PlusOne, long ServiceThanks);

/// <summary>Requesting department to serving team.</summary>
public sealed record ServiceChainReport(ReportPeriod Period, IReadOnlyList<ServiceChainRow> Rows);

/// <summary>One department and team.</summary>
public sealed record ServiceChainRow(string? Department, string DepartmentName, string Team, string TeamName, long Requests, long Ratings, double? AverageRating, long Thanks);

/// <summary>Everything the dashboard shows, read in one go.</summary>
public sealed record ReportSummary(
    ReportPeriod Period,
    IReadOnlyList<ReportTeam> Teams,
    RequestsReport Requests,
    ServiceLevelsReport ServiceLevels,
    BacklogReport Backlog,
    SatisfactionReport Satisfaction,
    KudosReport Kudos,
    ServiceChainReport ServiceChain);

/// <summary>The words the reports use for what is not known.</summary>
public static class ReportNames
{
    /// <summary>A department the people directory does not know.</summary>
    public const string UnknownDepartment = "Unknown department";

    /// <summary>People who are agents of no service team.</summary>
    public const string NoServiceTeam = "No service team";
}

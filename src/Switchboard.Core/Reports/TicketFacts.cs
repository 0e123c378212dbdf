using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;

namespace Switchboard.Core.Reports;

/// <summary>How a time ended against its SLA target.</summary>
public enum SlaOutcome
{
    /// <summary>The team sets no target for the ticket's priority.</summary>
    NoTarget,
    /// <summary>Within the target.</summary>
    Met,
    /// <summary>Over the target.</summary>
    Breached,
}

/// <summary>A first response or a resolution: on which UTC day, after how much business time, against the target.</summary>
/// <param name="Day">The UTC day it happened.</param>
/// <param name="Minutes">Business minutes, as the SLA clock counts them.</param>
/// <param name="Outcome">Against the team's target.</param>
public sealed record LatencyFact(DateOnly Day, double Minutes, SlaOutcome Outcome);

/// <summary>An open ticket: its status, when it was filed and when its resolution is due (none while paused).</summary>
public sealed record OpenFact(TicketStatus Status, DateTimeOffset OpenedAt, DateTimeOffset? DueAt);

/// <summary>One answered survey's rating.</summary>
/// <param name="SurveySentAt">Identifies the survey (one per resolution).</param>
/// <param name="AnsweredAt">When she answered.</param>
/// <param name="Team">The team rated.</param>
/// <param name="Agent">The agent rated: people-directory id, else the platform key.</param>
/// <param name="AgentName">The agent's name.</param>
/// <param name="Rating">1–5.</param>
/// <param name="LowWithComment">A rating of 1–2 that came with a comment (kept as a note).</param>
public sealed record RatingFact(DateTimeOffset SurveySentAt, DateTimeOffset AnsweredAt, string Team, string Agent, string AgentName, int Rating, bool LowWithComment);

/// <summary>
/// What one ticket contributes to the reports, derived from the ticket alone (and the requester's department), so
/// recording the same ticket again changes nothing and a newer version replaces exactly what the older one added.
/// </summary>
public sealed record TicketFacts
{
    /// <summary>The ticket number.</summary>
    public required string Ticket { get; init; }

    /// <summary>The ticket version these facts were derived from.</summary>
    public required long Version { get; init; }

    /// <summary>The team that owns it now.</summary>
    public required string Team { get; init; }

    /// <summary>The requester's department, null when unknown.</summary>
    public string? Department { get; init; }

    /// <summary>The UTC day it was filed.</summary>
    public required DateOnly OpenedOn { get; init; }

    /// <summary>Its first response, once given.</summary>
    public LatencyFact? FirstResponse { get; init; }

    /// <summary>Its resolution, while resolved.</summary>
    public LatencyFact? Resolution { get; init; }

    /// <summary>The UTC day it was cancelled, while cancelled.</summary>
    public DateOnly? CancelledOn { get; init; }

    /// <summary>While open: where it stands.</summary>
    public OpenFact? Open { get; init; }

    /// <summary>Every answered survey's rating (a reopened and again resolved ticket can have several).</summary>
    public IReadOnlyList<RatingFact> Ratings { get; init; } = [];

    /// <summary>
    /// The facts of <paramref name="ticket"/> owned by <paramref name="team"/> (null when the team is no longer
    /// configured: no business times then). Ratings of earlier surveys in <paramref name="previous"/> are kept: a
    /// reopened ticket's new survey does not erase what was said about the first resolution.
    /// </summary>
    public static TicketFacts Of(Ticket ticket, ServiceTeam? team, string? department, string? ratedAgent, TicketFacts? previous)
    {
        var started = SlaClock.ClockStart(ticket);
        var spans = SlaClock.RunningSpans(ticket, started);
        var lastEvent = ticket.History.Count > 0 ? ticket.History[^1].At : ticket.CreatedAt;
        var status = team is null ? null : SlaClock.Evaluate(ticket, team, Max(lastEvent, ticket.ResolvedAt ?? lastEvent));

        LatencyFact? firstResponse = null;
        if (ticket.FirstRespondedAt is { } responded && team is not null)
        {
            var stop = Max(responded, started);
            firstResponse = new(Day(responded), Minutes(spans, stop, team.Calendar), Outcome(status?.FirstResponse));
        }
        LatencyFact? resolution = null;
        if (ticket.Status == TicketStatus.Resolved && ticket.ResolvedAt is { } resolved && team is not null)
            resolution = new(Day(resolved), Minutes(spans, resolved, team.Calendar), Outcome(status?.Resolution));

        DateOnly? cancelledOn = ticket.Status == TicketStatus.Cancelled
            ? Day(ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.Cancelled)?.At ?? lastEvent)
            : null;

        var ratings = (previous?.Ratings ?? []).Where(r => r.SurveySentAt != ticket.Survey?.SentAt).ToList();
        if (ticket.Survey is { State: SurveyState.Answered, Rating: { } rating, AnsweredAt: { } answeredAt } survey)
            ratings.Add(new RatingFact(survey.SentAt, answeredAt, survey.TeamId, ratedAgent ?? survey.Agent.Key, survey.Agent.Name, rating,
                survey.IsLow && !string.IsNullOrWhiteSpace(survey.Comment)));

        return new TicketFacts
        {
            Ticket = ticket.Number.ToString(),
            Version = ticket.Version,
            Team = ticket.TeamId,
            Department = string.IsNullOrWhiteSpace(department) ? null : department.Trim(),
            OpenedOn = Day(ticket.CreatedAt),
            FirstResponse = firstResponse,
            Resolution = resolution,
            CancelledOn = cancelledOn,
            Open = ticket.IsOpen ? new OpenFact(ticket.Status, ticket.CreatedAt, ticket.ResolutionDue) : null,
            Ratings = ratings.OrderBy(r => r.SurveySentAt).ToList(),
        };
    }

    /// <summary>The UTC calendar day of an instant.</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static double Minutes(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> spans, DateTimeOffset stop, BusinessCalendar calendar)
    {
        var total = TimeSpan.Zero;
        foreach (var (start, end) in spans)
        {
            if (start >= stop) break;
            total += calendar.BusinessTimeBetween(start, end is { } e && e < stop ? e : stop);
        }
        return Math.Round(total.TotalMinutes, 3);
    }

    private static SlaOutcome Outcome(SlaTargetStatus? target) => target?.State switch
    {
        SlaState.Met => SlaOutcome.Met,
        SlaState.Breached => SlaOutcome.Breached,
        _ => SlaOutcome.NoTarget,
    };
}

/// <summary>A low rating's comment as the reports show it.</summary>
/// <param name="Ticket">The ticket number.</param>
/// <param name="Team">The team rated.</param>
/// <param name="AgentName">The agent rated.</param>
/// <param name="Rating">1 or 2.</param>
/// <param name="AnsweredAt">When.</param>
/// <param name="Comment">What she wrote, literally; null when withheld.</param>
/// <param name="Withheld">True for a confidential ticket: its comment is never copied out of the ticket.</param>
public sealed record CommentNote(string Ticket, string Team, string AgentName, int Rating, DateTimeOffset AnsweredAt, string? Comment, bool Withheld);

/// <summary>Source-generated JSON for what the report stores keep.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TicketFacts))]
[JsonSerializable(typeof(CommentNote))]
public sealed partial class ReportsJsonContext : JsonSerializerContext;

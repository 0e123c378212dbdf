using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>Where the "did this fix it?" question stands.</summary>
public enum SurveyState
{
    /// <summary>Sent, not answered yet.</summary>
    Pending,
    /// <summary>Answered by the requester.</summary>
    Answered,
    /// <summary>Not answered in time.</summary>
    Expired,
    /// <summary>The ticket was reopened before she answered.</summary>
    Withdrawn,
}

/// <summary>
/// The question the requester gets when her ticket is resolved: did it fix it, a 1–5 rating, a comment. Kept on
/// the ticket with the team and the agent it rates, so ratings count per ticket, agent and team.
/// </summary>
/// <param name="State">Where it stands.</param>
/// <param name="SentAt">When the ticket was resolved and the question asked.</param>
/// <param name="ExpiresAt">When it stops taking answers.</param>
/// <param name="TeamId">The team that resolved the ticket.</param>
/// <param name="Agent">Who resolved it (the assignee), rated by the answer.</param>
public sealed record TicketSurvey(SurveyState State, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, string TeamId, PersonRef Agent)
{
    /// <summary>The card that asks, once sent (in the requester's direct chat).</summary>
    public MessageRef? Card { get; init; }

    /// <summary>Her answer to "did this fix it?".</summary>
    public bool? Fixed { get; init; }

    /// <summary>Her rating, 1 (poor) to 5 (excellent).</summary>
    public int? Rating { get; init; }

    /// <summary>Her comment, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>When she answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>True for a rating that the team's leads hear about (1 or 2).</summary>
    public bool IsLow => Rating is <= SurveyOptions.LowRating;
}

/// <summary>The resolution survey's settings (section <c>Survey</c>).</summary>
public sealed record SurveyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Survey";

    /// <summary>The highest rating that counts as low: the team's leads are told, with the comment.</summary>
    public const int LowRating = 2;

    /// <summary>How long the requester can answer.</summary>
    public TimeSpan ExpiresAfter { get; init; } = TimeSpan.FromDays(7);
}

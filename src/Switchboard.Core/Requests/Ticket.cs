using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>How urgent a request is; drives the SLA targets.</summary>
public enum Priority
{
    /// <summary>Whenever convenient.</summary>
    Low,
    /// <summary>The default.</summary>
    Normal,
    /// <summary>Blocks someone's work.</summary>
    High,
    /// <summary>Blocks many people or a critical process.</summary>
    Urgent,
}

/// <summary>Where a ticket is in its lifecycle.</summary>
public enum TicketStatus
{
    /// <summary>Filed, nobody has picked it up.</summary>
    New,
    /// <summary>An agent owns it.</summary>
    Assigned,
    /// <summary>Being worked on.</summary>
    InProgress,
    /// <summary>The team waits for the requester.</summary>
    WaitingOnRequester,
    /// <summary>Done.</summary>
    Resolved,
    /// <summary>Withdrawn by the requester.</summary>
    Cancelled,
}

/// <summary>Whether a ticket's text may be shown in team channels.</summary>
public enum Confidentiality
{
    /// <summary>Shown on the team card.</summary>
    Normal,
    /// <summary>Never shown outside private channels and the requester's own chat.</summary>
    Confidential,
}

/// <summary>A request filed by an employee and owned by an service team.</summary>
public sealed record Ticket(
    TicketNumber Number,
    string TeamId,
    PersonRef Requester,
    ConversationAddress RequesterAddress,
    string Summary,
    string Details,
    Priority Priority,
    TicketStatus Status,
    Confidentiality Confidentiality,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FirstResponseDue,
    DateTimeOffset? ResolutionDue,
    long Version = 0)
{
    /// <summary>The agent who owns it.</summary>
    public PersonRef? Assignee { get; init; }

    /// <summary>When an agent first acted on it.</summary>
    public DateTimeOffset? FirstRespondedAt { get; init; }

    /// <summary>When it was last resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The agent's resolution note.</summary>
    public string? Resolution { get; init; }

    /// <summary>
    /// When the requester said she needs it ("by Friday"), read from her words in her time zone and kept in
    /// her offset, so cards show her wall clock; null when she gave no deadline.
    /// </summary>
    public DateTimeOffset? NeededBy { get; init; }

    /// <summary>
    /// Whether the requester asked in a direct chat or in a shared channel or group, where confidential
    /// details must not follow them. Null (not recorded) counts as shared: fail closed.
    /// </summary>
    public ConversationScope? RequesterScope { get; init; }

    /// <summary>The requester's copy of the ticket card.</summary>
    public MessageRef? RequesterCard { get; init; }

    /// <summary>The team's copies of the ticket card (one per channel the team works in).</summary>
    public IReadOnlyList<MessageRef> TeamCards { get; init; } = [];

    /// <summary>What happened, oldest first.</summary>
    public IReadOnlyList<TicketEvent> History { get; init; } = [];

    /// <summary>
    /// What the ticket's changes still have to show or tell on the platforms (cards to post or repaint, notices
    /// to send), oldest first. Stored with the change that causes them, so nothing acknowledged is lost, and
    /// removed by <see cref="TicketOutboxDispatcher"/> as each is done.
    /// </summary>
    public IReadOnlyList<TicketEffect> Outbox { get; init; } = [];

    /// <summary>The latest "did this fix it?" question to the requester, and her answer.</summary>
    public TicketSurvey? Survey { get; init; }

    /// <summary>
    /// The jobs scheduled for this ticket (survey expiry, SLA reminders), as last given to the scheduler, so a
    /// change schedules or cancels only what it changes (see <see cref="TicketTimers"/>).
    /// </summary>
    public IReadOnlyList<TicketTimer> Timers { get; init; } = [];

    /// <summary>True while the team still has work to do.</summary>
    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Cancelled);
}

/// <summary>One entry of a ticket's history.</summary>
/// <param name="At">When.</param>
/// <param name="ActorKey">Who, as "{channel}:{id}".</param>
/// <param name="ActorName">Who, by name.</param>
/// <param name="Kind">What changed.</param>
/// <param name="Note">Resolution note, question, added information or reply.</param>
/// <param name="DeliveryId">The platform delivery that made the change, so a redelivery doesn't make it twice.</param>
public sealed record TicketEvent(DateTimeOffset At, string ActorKey, string ActorName, TicketEventKind Kind, string? Note = null, string? DeliveryId = null)
{
    /// <summary>For a move: the team the ticket left (the note holds why).</summary>
    public string? FromTeamId { get; init; }
}

/// <summary>What kind of change a history entry records.</summary>
public enum TicketEventKind
{
    /// <summary>Filed.</summary>
    Created,
    /// <summary>Assigned to an agent.</summary>
    Assigned,
    /// <summary>Marked in progress.</summary>
    Started,
    /// <summary>Waiting on the requester.</summary>
    WaitingOnRequester,
    /// <summary>Resolved with a note.</summary>
    Resolved,
    /// <summary>Reopened.</summary>
    Reopened,
    /// <summary>Moved to another team.</summary>
    Moved,
    /// <summary>Cancelled by the requester.</summary>
    Cancelled,
    /// <summary>The requester added information.</summary>
    InfoAdded,
    /// <summary>An agent wrote to the requester from the ticket's thread.</summary>
    AgentReplied,
    /// <summary>The requester answered "did this fix it?" (the note holds the rating and comment).</summary>
    Rated,
    /// <summary>Something happened by itself: a survey expired, a reminder or escalation was sent.</summary>
    Timer,
}

/// <summary>A job scheduled for a ticket.</summary>
/// <param name="Id">The scheduler's job id (<c>{kind}:{ticket}</c>).</param>
/// <param name="Kind">The job kind.</param>
/// <param name="DueAt">When it runs.</param>
public sealed record TicketTimer(string Id, string Kind, DateTimeOffset DueAt);

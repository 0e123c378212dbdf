using Switchboard.Core.Requests;

namespace Switchboard.Core.Conversations;

/// <summary>Dialog state of one person in one conversation, stored with compare-and-set.</summary>
public sealed record ConversationState
{
    /// <summary>A request being drafted, waiting for confirmation or a team choice.</summary>
    public RequestDraft? Draft { get; init; }

    /// <summary>A plain message that may answer one of several requests waiting on the person, until they say which.</summary>
    public PendingReply? PendingReply { get; init; }

    /// <summary>
    /// The last draft an offered answer solved: closed in the same compare-and-set that took it away, and kept so a
    /// retried "This solved it" can finish counting it.
    /// </summary>
    public SolvedDraft? Solved { get; init; }
}

/// <summary>A draft an offered answer solved: nothing may be filed from it.</summary>
/// <param name="Draft">The draft as it was when solved.</param>
/// <param name="AnswerId">The answer that solved it.</param>
/// <param name="DeliveryKey">The turn that solved it (<see cref="Turn.DeliveryKey"/>), so its redelivery is told apart from a second click.</param>
public sealed record SolvedDraft(RequestDraft Draft, string AnswerId, string? DeliveryKey);

/// <summary>A request the bot has proposed but the requester has not submitted yet.</summary>
public sealed record RequestDraft(
    string DraftId,
    string Text,
    string? TeamId,
    string Summary,
    Priority Priority,
    DraftStage Stage,
    DateTimeOffset CreatedAt,
    MessageRef? Card = null,
    DateTimeOffset? NeededBy = null,
    string? NeededByWords = null,
    string? Tried = null);

/// <summary>A message kept while the person chooses which waiting request it answers.</summary>
/// <param name="ReplyId">Identifies it on the card's buttons.</param>
/// <param name="Text">What they wrote.</param>
/// <param name="Tickets">The requests that were waiting on them.</param>
/// <param name="At">When they wrote it.</param>
/// <param name="Card">The card that asks which.</param>
public sealed record PendingReply(string ReplyId, string Text, IReadOnlyList<string> Tickets, DateTimeOffset At, MessageRef? Card = null);

/// <summary>What the draft waits for.</summary>
public enum DraftStage
{
    /// <summary>The requester confirms team, summary and priority.</summary>
    Confirm,
    /// <summary>The requester picks a team.</summary>
    ChooseTeam,
}

/// <summary>Channels linked to service teams at run time ("link it").</summary>
public sealed record TeamLinks
{
    /// <summary>The links, one per channel.</summary>
    public IReadOnlyList<TeamLink> Links { get; init; } = [];
}

/// <summary>A channel that works one team's requests.</summary>
public sealed record TeamLink(string TeamId, ConversationAddress Channel, ChannelPrivacy Privacy, string LinkedBy, DateTimeOffset LinkedAt);

/// <summary>Whether a channel is visible only to its team.</summary>
public enum ChannelPrivacy
{
    /// <summary>Anyone in the organisation may read it.</summary>
    Open,
    /// <summary>Only the team's members read it: confidential text may be shown.</summary>
    Private,
}

using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>What a ticket change still has to do on the platforms.</summary>
public enum TicketEffectKind
{
    /// <summary>Post the team card in each channel of <see cref="TicketEffect.TeamId"/> that has none yet.</summary>
    PostTeamCards,

    /// <summary>Repaint <see cref="TicketEffect.Cards"/>, the cards of the team it left, as a closed record of the move.</summary>
    CloseTeamCards,

    /// <summary>Bring every copy of the card up to date with the ticket as stored.</summary>
    Repaint,

    /// <summary>Send the requester their card if they have none (it never reached them, or they filed from a form).</summary>
    RequesterCard,

    /// <summary>Tell the requester the ticket was filed.</summary>
    Receipt,

    /// <summary>Tell the requester <see cref="TicketEffect.Text"/>.</summary>
    Notice,

    /// <summary>Post <see cref="TicketEffect.Text"/> in the thread of each card of <see cref="TicketEffect.TeamId"/>.</summary>
    ThreadNote,

    /// <summary>Ask the requester "did this fix it?" in her direct chat (<see cref="Ticket.Survey"/>).</summary>
    Survey,

    /// <summary>Bring the survey card up to date: answered, expired or withdrawn.</summary>
    SurveyUpdate,

    /// <summary>Tell <see cref="TicketEffect.To"/> <see cref="TicketEffect.Text"/> in a direct message.</summary>
    PersonNote,

    /// <summary>Schedule and cancel the ticket's jobs so they match <see cref="TicketTimers.Desired"/>.</summary>
    Timers,
}

/// <summary>
/// One thing a ticket change still has to do on the platforms, kept on the ticket until it is done
/// (see <see cref="Ticket.Outbox"/>).
/// </summary>
/// <param name="Id">Unique within the ticket and stable across attempts: <c>{version}.{n}</c>, the version of the change that asked for it.</param>
/// <param name="Kind">What to do.</param>
public sealed record TicketEffect(string Id, TicketEffectKind Kind)
{
    /// <summary>The text of a notice or thread note, as the requester or the team may read it.</summary>
    public string? Text { get; init; }

    /// <summary>A thread note as it may be shown where the ticket's text may not (it quotes the requester); null when it quotes nothing.</summary>
    public string? Redacted { get; init; }

    /// <summary>For a notice that asks the requester something: it carries a Reply button.</summary>
    public bool ReplyButton { get; init; }

    /// <summary>For a person note: who to tell.</summary>
    public PersonRef? To { get; init; }

    /// <summary>For a person note to a team lead: the note offers "Follow up" (write to the requester).</summary>
    public bool FollowUp { get; init; }

    /// <summary>The kind of history entry a thread note reports (a note about added information is hidden where confidential text may not be shown).</summary>
    public TicketEventKind? About { get; init; }

    /// <summary>The team whose channels get the cards or the note; for a closing, the team the ticket left.</summary>
    public string? TeamId { get; init; }

    /// <summary>For a closing: the team the ticket moved to.</summary>
    public string? MovedTo { get; init; }

    /// <summary>For a closing: the cards to close.</summary>
    public IReadOnlyList<MessageRef> Cards { get; init; } = [];

    /// <summary>
    /// For a repaint: the clicked card the platform already refreshed from the answer to the click. It is not
    /// updated again, unless a repaint that may have overwritten it finished after this change was stored.
    /// </summary>
    public MessageRef? Answered { get; init; }

    /// <summary>
    /// The targets already handled, so an attempt after a failure never sends to them twice: channel keys posted
    /// to, or card ids whose thread got the note. A target whose send got no answer is here too: it may have arrived.
    /// </summary>
    public IReadOnlyList<string> Done { get; init; } = [];
}

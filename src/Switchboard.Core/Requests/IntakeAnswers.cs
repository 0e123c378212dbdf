using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>
/// What may solve a request before it is filed, from another module: the Answers module offers a team's answers.
/// Requests knows nothing more about it.
/// </summary>
public interface IIntakeAnswers
{
    /// <summary>A card offering answers for <paramref name="draft"/> (its verbs continue or drop the draft), or null when none fits.</summary>
    Task<Card?> OfferAsync(Turn turn, RequestDraft draft, CancellationToken cancellationToken);
}

/// <summary>Buttons another module adds to a ticket's team card (the Answers module's "Save as an answer").</summary>
public interface ITeamCardActions
{
    /// <summary>
    /// The buttons for <paramref name="ticket"/>'s team card; when <paramref name="redacted"/>, the card hides the
    /// request's text and so must the buttons (and their forms).
    /// </summary>
    IEnumerable<CardAction> For(Ticket ticket, bool redacted);
}

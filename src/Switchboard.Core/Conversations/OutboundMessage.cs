namespace Switchboard.Core.Conversations;

/// <summary>
/// A message from the bot: text, a card, or both, addressed to a conversation (and thread).
/// </summary>
/// <param name="To">Where it goes.</param>
/// <param name="Text">Plain text; may be null when only a card is sent.</param>
/// <param name="Card">An optional card.</param>
/// <param name="VisibleTo">When set, only this person sees it, on platforms that can show one person a message in a shared conversation; others send it normally.</param>
public sealed record OutboundMessage(
    ConversationAddress To,
    string? Text,
    Card? Card = null,
    PersonRef? VisibleTo = null);

namespace Switchboard.Core.Conversations;

/// <summary>
/// One inbound event, translated from the wire by an adapter: who said or clicked what, where.
/// </summary>
/// <param name="DeliveryId">The platform's id for this delivery (Teams activity id, Slack event_id or action ts); used to drop redeliveries. Null disables dedupe.</param>
/// <param name="From">The person.</param>
/// <param name="Conversation">Where it happened; replies go here.</param>
/// <param name="Scope">Personal chat, channel or group chat.</param>
/// <param name="Text">The message text with the bot's mention stripped; null for card actions and intents.</param>
/// <param name="Action">The card action clicked, if any.</param>
/// <param name="Timestamp">When the platform says it happened.</param>
/// <param name="SourceMessage">The message holding the clicked card, when the platform gives it.</param>
/// <param name="Intent">
/// What the person asked for through a platform entry point (a Slack slash command or shortcut), already
/// typed: it is dispatched to its intent as it is, never parsed as text.
/// </param>
public sealed record Turn(
    string? DeliveryId,
    PersonRef From,
    ConversationAddress Conversation,
    ConversationScope Scope,
    string? Text,
    TurnAction? Action,
    DateTimeOffset Timestamp,
    MessageRef? SourceMessage = null,
    TurnIntent? Intent = null)
{
    /// <summary>The delivery's key across platforms ("{platform}:{delivery id}"), or null when the turn has no delivery id.</summary>
    public string? DeliveryKey => DeliveryId is { Length: > 0 } id ? $"{Conversation.Platform}:{id}" : null;

    /// <summary>
    /// A reply to this turn as text for the person who spoke only: in a shared conversation it is marked
    /// for them (Slack ephemeral, playground private line); in a direct chat it is an ordinary message.
    /// </summary>
    public OutboundMessage PrivateReply(string? text, Card? card = null) =>
        new(Conversation, text, card, Scope == ConversationScope.Personal ? null : From);

    /// <summary>How the clicked card (<see cref="SourceMessage"/>) gets its refreshed content.</summary>
    public ClickedCardRefresh ClickedCardRefresh { get; init; }

    /// <summary>The people the text mentions (the bot excluded), resolved by the adapter; empty when none.</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];
}

/// <summary>How a clicked card is brought up to date after the click.</summary>
public enum ClickedCardRefresh
{
    /// <summary>The bot updates the message in place, like every other copy of the card (Slack, the playground).</summary>
    Update,

    /// <summary>
    /// The platform replaces the card with <see cref="TurnResult.ReplacementCard"/> from the answer to the click
    /// (Teams <c>adaptiveCard/action</c>): updating it as well would only repaint it a second time.
    /// </summary>
    Answer,
}

/// <summary>A clicked card action: its verb and the action's data merged with the input values.</summary>
public sealed record TurnAction(string Verb, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The trimmed value of <paramref name="key"/>, or null when absent or blank.</summary>
    public string? Get(string key) =>
        Values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>An intent asked for by name with its arguments, from a chat command or a platform entry point.</summary>
/// <param name="Name">The intent's registered name, e.g. <c>requests.status</c>.</param>
/// <param name="Arguments">Named arguments (a ticket number, a team id, text).</param>
public sealed record TurnIntent(string Name, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>An intent without arguments.</summary>
    public static TurnIntent Named(string name) => new(name, new Dictionary<string, string>());

    /// <summary>The trimmed value of <paramref name="key"/>, or null when absent or blank.</summary>
    public string? Get(string key) =>
        Arguments.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// What a turn produced for the adapter to answer with, beyond the messages already sent through gateways.
/// </summary>
/// <param name="Outcome">Handled, a duplicate delivery, or refused.</param>
/// <param name="ReplacementCard">The card that replaces the clicked one for the clicker (Teams invoke response).</param>
/// <param name="Notice">A short notice for the clicker (Teams toast, Slack ephemeral, playground banner).</param>
public sealed record TurnResult(TurnOutcome Outcome, Card? ReplacementCard = null, string? Notice = null)
{
    /// <summary>The turn was handled.</summary>
    public static TurnResult Handled(Card? replacement = null, string? notice = null) =>
        new(TurnOutcome.Handled, replacement, notice);

    /// <summary>The turn was a redelivery and had no effect.</summary>
    public static readonly TurnResult Duplicate = new(TurnOutcome.Duplicate);

    /// <summary>The action was refused (permission, stale card, invalid input).</summary>
    public static TurnResult Refused(string notice) => new(TurnOutcome.Refused, Notice: notice);
}

/// <summary>How a turn ended.</summary>
public enum TurnOutcome
{
    /// <summary>Processed.</summary>
    Handled,
    /// <summary>Already processed earlier (same delivery id).</summary>
    Duplicate,
    /// <summary>Refused with a notice.</summary>
    Refused,
}

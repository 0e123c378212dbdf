using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Processing;

/// <summary>
/// A turn translated from a Slack payload, before the person is looked up (<c>users.info</c>) and, when
/// <see cref="ChannelId"/> is null, before the bot's DM with them is opened. Those calls happen after the ack.
/// A slash command or shortcut arrives as its <see cref="Intent"/>, never as text to parse again.
/// </summary>
internal sealed record SlackPendingTurn(
    string? DeliveryId,
    string UserId,
    string? TeamId,
    string? ChannelId,
    string? ThreadId,
    ConversationScope Scope,
    string? Text,
    TurnAction? Action,
    DateTimeOffset Timestamp,
    MessageRef? SourceMessage = null,
    TurnIntent? Intent = null);

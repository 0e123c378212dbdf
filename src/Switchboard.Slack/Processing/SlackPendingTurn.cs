using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Processing;

/// <summary>
/// A turn translated from a Slack payload, before the person is looked up (<c>users.info</c>) and, when
/// <see cref="ChannelId"/> is null, before the bot's DM with them is opened. Those calls happen after the ack.
/// A slash command or shortcut arrives as its <see cref="Intent"/>, never as text to parse again; the people a
/// modal's people picker named arrive as <see cref="PickedUsers"/>, looked up like mentions.
/// It is what the Slack inbound queue stores, as JSON.
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
    TurnIntent? Intent = null,
    IReadOnlyList<string>? PickedUsers = null);

/// <summary>Source-generated JSON for what the Slack inbound queue stores.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackPendingTurn))]
internal sealed partial class SlackWorkJsonContext : JsonSerializerContext;

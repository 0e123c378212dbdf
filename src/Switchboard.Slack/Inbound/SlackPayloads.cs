using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Inbound;

// Wire shapes of what Slack posts to us. Only the fields Switchboard reads are declared.

/// <summary>The Events API envelope (<c>url_verification</c>, <c>event_callback</c>, <c>app_rate_limited</c>).</summary>
internal sealed record SlackEventEnvelope(
    string Type,
    string? Challenge = null,
    string? TeamId = null,
    string? EventId = null,
    long? EventTime = null,
    IReadOnlyList<SlackAuthorization>? Authorizations = null,
    SlackEvent? Event = null);

/// <summary>Who the event was delivered for; <see cref="UserId"/> is our bot user.</summary>
internal sealed record SlackAuthorization(string? TeamId = null, string? UserId = null, bool IsBot = false);

/// <summary>A <c>message</c>, <c>app_mention</c> or <c>app_home_opened</c> event.</summary>
internal sealed record SlackEvent(
    string Type,
    string? Subtype = null,
    string? User = null,
    string? BotId = null,
    string? Text = null,
    string? Ts = null,
    string? ThreadTs = null,
    string? Channel = null,
    string? ChannelType = null,
    string? Team = null,
    JsonElement? Edited = null,
    string? Tab = null);

/// <summary>An interactivity payload: <c>block_actions</c>, <c>view_submission</c>, <c>shortcut</c>, <c>message_action</c>.</summary>
internal sealed record SlackInteraction(
    string Type,
    SlackUserRef? User = null,
    SlackTeamRef? Team = null,
    SlackChannelRef? Channel = null,
    string? TriggerId = null,
    string? CallbackId = null,
    string? ActionTs = null,
    IReadOnlyList<SlackBlockAction>? Actions = null,
    SlackContainer? Container = null,
    SlackMessage? Message = null,
    SlackState? State = null,
    SlackView? View = null);

internal sealed record SlackUserRef(string Id, string? Username = null, string? Name = null, string? TeamId = null);

internal sealed record SlackTeamRef(string Id, string? Domain = null);

internal sealed record SlackChannelRef(string Id, string? Name = null);

internal sealed record SlackBlockAction(
    string ActionId,
    string? BlockId = null,
    string? Type = null,
    string? Value = null,
    string? ActionTs = null,
    SlackOption? SelectedOption = null);

internal sealed record SlackContainer(
    string? Type = null,
    string? MessageTs = null,
    string? ChannelId = null,
    bool IsEphemeral = false,
    string? ThreadTs = null);

internal sealed record SlackMessage(
    string? Ts = null,
    string? ThreadTs = null,
    string? Text = null,
    string? User = null,
    string? BotId = null,
    IReadOnlyList<SlackBlock>? Blocks = null);

/// <summary>A block of a message, read for its type and text (the header of a card).</summary>
internal sealed record SlackBlock(string? Type = null, SlackText? Text = null);

internal sealed record SlackText(string? Type = null, string? Text = null);

/// <summary><c>state.values[blockId][actionId]</c>.</summary>
internal sealed record SlackState(Dictionary<string, Dictionary<string, SlackStateValue>>? Values = null);

/// <summary>The current value of one input element.</summary>
internal sealed record SlackStateValue(
    string? Type = null,
    string? Value = null,
    SlackOption? SelectedOption = null,
    string? SelectedDate = null,
    string? SelectedUser = null,
    string? SelectedChannel = null,
    IReadOnlyList<string>? SelectedUsers = null);

internal sealed record SlackOption(string? Value = null);

internal sealed record SlackView(
    string Id,
    string? Type = null,
    string? Hash = null,
    string? CallbackId = null,
    string? PrivateMetadata = null,
    SlackState? State = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SlackEventEnvelope))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(SlackActionValue))]
[JsonSerializable(typeof(SlackFormMetadata))]
[JsonSerializable(typeof(CardForm))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;

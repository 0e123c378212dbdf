using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Slack.SocketMode;

// Wire shapes of Socket Mode. Only the fields Switchboard reads are declared.

/// <summary>
/// A frame Slack sends on a Socket Mode connection: <c>hello</c>, <c>disconnect</c> (with <see cref="Reason"/>), or an
/// envelope (<c>events_api</c>, <c>slash_commands</c>, <c>interactive</c>) whose <see cref="Payload"/> is the same
/// JSON Slack would post over HTTP.
/// </summary>
internal sealed record SlackSocketMessage(
    string? Type = null,
    string? EnvelopeId = null,
    JsonElement? Payload = null,
    bool AcceptsResponsePayload = false,
    int? RetryAttempt = null,
    string? RetryReason = null,
    string? Reason = null,
    int? NumConnections = null);

/// <summary>The answer of <c>apps.connections.open</c>: the WebSocket URL to connect to.</summary>
internal sealed record SlackConnectionsOpen(bool Ok, string? Url = null, string? Error = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SlackSocketMessage))]
[JsonSerializable(typeof(SlackConnectionsOpen))]
internal sealed partial class SlackSocketJsonContext : JsonSerializerContext;

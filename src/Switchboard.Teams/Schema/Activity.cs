using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Switchboard.Teams.Schema;

/// <summary>
/// A Bot Framework activity: the subset Switchboard reads and writes, with the wire names of the
/// Bot Framework Activity schema (camelCase). Unknown fields are ignored on read.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? Text { get; init; }
    public string? Summary { get; init; }
    public string? Locale { get; init; }
    public string? LocalTimezone { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public string? Action { get; init; }
    public string? ReplyToId { get; init; }
    public string? Name { get; init; }
    public JsonNode? Value { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
}

public sealed record Attachment
{
    public string? ContentType { get; init; }
    public JsonNode? Content { get; init; }
    public string? Name { get; init; }
}

/// <summary>An entity; Switchboard reads mentions (<c>type: "mention"</c>) and the client's time zone (<c>type: "clientInfo"</c>).</summary>
public sealed record Entity
{
    public string? Type { get; init; }
    public ChannelAccount? Mentioned { get; init; }
    public string? Text { get; init; }
    public string? Timezone { get; init; }
}

public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }
    public TeamInfo? Team { get; init; }
    public ChannelInfo? Channel { get; init; }
    public string? EventType { get; init; }
}

public sealed record TenantInfo(string? Id);

public sealed record TeamInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadGroupId { get; init; }
}

public sealed record ChannelInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

/// <summary>The body of <c>POST v3/conversations</c>.</summary>
public sealed record ConversationParameters
{
    public bool IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TopicName { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public Activity? Activity { get; init; }
    public string? TenantId { get; init; }
}

public sealed record ConversationResourceResponse
{
    public string? Id { get; init; }
    public string? ActivityId { get; init; }
    public string? ServiceUrl { get; init; }
}

public sealed record ResourceResponse
{
    public string? Id { get; init; }
}

/// <summary>A member as <c>GET v3/conversations/{id}/members/{userId}</c> returns it.</summary>
public sealed record TeamsChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Email { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
}

/// <summary>The body of an HTTP answer to an <c>invoke</c> activity.</summary>
public sealed record InvokeResponseBody(int StatusCode, string Type, JsonNode? Value);

public static class InvokeResponseTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string Message = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary>The client-credentials token response (OAuth 2.0 wire names).</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("expires_in")]
    public long ExpiresIn { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }
}

/// <summary>What <c>/api/messages</c> answers with when a request is refused.</summary>
public sealed record ErrorBody(string Error, string Reason);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(TeamsChannelAccount))]
[JsonSerializable(typeof(InvokeResponseBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class TeamsJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Switchboard.Core.Conversations;

/// <summary>
/// Where a message goes: the platform and the ids that platform needs to deliver it.
/// A non-null <see cref="ThreadId"/> means "reply inside that thread".
/// </summary>
/// <param name="Platform">The platform.</param>
/// <param name="ConversationId">The platform's id of the chat or channel.</param>
/// <param name="ThreadId">The platform's id of a thread in that conversation (usually its first message).</param>
/// <param name="Endpoint">
/// The base URL the platform wants messages to this conversation sent through, for platforms that serve
/// conversations from more than one address; null when the platform has one fixed API.
/// </param>
/// <param name="OrganizationId">The organisation the conversation belongs to (a tenant or workspace id), when the platform has several.</param>
/// <remarks>
/// Addresses are stored in tickets, links and profiles; <see cref="Endpoint"/> and <see cref="OrganizationId"/>
/// keep the JSON names they were first stored under (<c>serviceUrl</c>, <c>tenantId</c>) so stored documents still read.
/// </remarks>
public sealed record ConversationAddress(
    Platform Platform,
    string ConversationId,
    string? ThreadId = null,
    [property: JsonPropertyName("serviceUrl")] string? Endpoint = null,
    [property: JsonPropertyName("tenantId")] string? OrganizationId = null)
{
    /// <summary>The same conversation, addressed to the given thread.</summary>
    public ConversationAddress InThread(string threadId) => this with { ThreadId = threadId };

    /// <summary>The same conversation without a thread (top level).</summary>
    public ConversationAddress TopLevel() => this with { ThreadId = null };

    /// <summary>A stable key for the conversation (thread excluded).</summary>
    public string Key => $"{Platform.Id}:{ConversationId}";
}

/// <summary>A message the bot sent earlier, so it can be updated in place or replied to.</summary>
/// <param name="Address">Where the message lives; its thread is the thread replies should go to.</param>
/// <param name="MessageId">The platform's id of the message.</param>
public sealed record MessageRef(ConversationAddress Address, string MessageId);

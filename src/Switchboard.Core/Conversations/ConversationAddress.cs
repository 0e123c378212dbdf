namespace Switchboard.Core.Conversations;

/// <summary>
/// Where a message goes: the channel kind and the ids that platform needs.
/// A non-null <see cref="ThreadId"/> means "reply inside that thread".
/// </summary>
/// <param name="Platform">The platform.</param>
/// <param name="ConversationId">Teams conversation id, Slack channel id, playground conversation id.</param>
/// <param name="ThreadId">Teams root activity id of a channel thread, Slack <c>thread_ts</c>.</param>
/// <param name="ServiceUrl">Teams only: the Connector base URL to reply through.</param>
/// <param name="TenantId">Teams tenant id or Slack workspace (team) id.</param>
public sealed record ConversationAddress(
    Platform Platform,
    string ConversationId,
    string? ThreadId = null,
    string? ServiceUrl = null,
    string? TenantId = null)
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
/// <param name="MessageId">Teams activity id, Slack <c>ts</c>, playground message id.</param>
public sealed record MessageRef(ConversationAddress Address, string MessageId);

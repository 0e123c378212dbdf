namespace Switchboard.Teams;

/// <summary>What a Teams conversation id names.</summary>
internal enum TeamsConversationKind
{
    /// <summary>A personal (1:1) chat, <c>a:...</c>, or anything not recognised below.</summary>
    Chat,
    /// <summary>A team channel: <c>19:...@thread.tacv2</c> or <c>19:...@thread.skype</c>.</summary>
    Channel,
    /// <summary>A user id (<c>29:...</c>): a 1:1 chat has to be created first.</summary>
    User,
}

/// <summary>Splits and builds Teams conversation ids (<c>19:abc@thread.tacv2;messageid=123</c>).</summary>
internal static class TeamsConversationIds
{
    private const string ThreadMarker = ";messageid=";

    public static (string ConversationId, string? ThreadId) Split(string conversationId)
    {
        var at = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return (conversationId, null);
        var thread = conversationId[(at + ThreadMarker.Length)..];
        return (conversationId[..at], thread.Length == 0 ? null : thread);
    }

    public static string WithThread(string conversationId, string? threadId) =>
        threadId is null ? conversationId : $"{Split(conversationId).ConversationId}{ThreadMarker}{threadId}";

    /// <summary>
    /// Channels and group chats both have <c>19:</c> ids; channels end in <c>@thread.tacv2</c> or
    /// <c>@thread.skype</c>, group chats in <c>@thread.v2</c>.
    /// </summary>
    public static TeamsConversationKind Classify(string conversationId)
    {
        var id = Split(conversationId).ConversationId;
        if (id.StartsWith("29:", StringComparison.Ordinal)) return TeamsConversationKind.User;
        if (id.StartsWith("19:", StringComparison.Ordinal) &&
            (id.EndsWith("@thread.tacv2", StringComparison.OrdinalIgnoreCase) || id.EndsWith("@thread.skype", StringComparison.OrdinalIgnoreCase)))
            return TeamsConversationKind.Channel;
        return TeamsConversationKind.Chat;
    }
}

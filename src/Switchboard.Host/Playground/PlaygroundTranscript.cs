using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Host.Playground;

/// <summary>One line of a playground conversation.</summary>
public sealed record PlaygroundMessage(
    string Id,
    string ConversationId,
    string? ThreadId,
    PlaygroundSender From,
    string? Text,
    Card? Card,
    string? VisibleTo,
    DateTimeOffset At,
    bool Edited = false);

public sealed record PlaygroundSender(string Name, bool IsBot);

/// <summary>A conversation's messages and a version that grows with every change.</summary>
public sealed record PlaygroundConversation(long Version, IReadOnlyList<PlaygroundMessage> Messages);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlaygroundConversation))]
internal sealed partial class PlaygroundJsonContext : JsonSerializerContext;

/// <summary>
/// The playground's conversations, kept in the state store (so they survive a restart with Redis),
/// each changed with read-modify-CAS.
/// </summary>
public sealed class PlaygroundTranscript(StateDocuments state, TimeProvider time)
{
    /// <summary>Conversations keep their most recent messages only.</summary>
    public const int MaxMessages = 500;

    public async Task<PlaygroundConversation> ReadAsync(string conversationId, CancellationToken cancellationToken) =>
        await state.ReadAsync(Key(conversationId), PlaygroundJsonContext.Default.PlaygroundConversation, cancellationToken)
        ?? new PlaygroundConversation(0, []);

    public async Task<PlaygroundMessage> AppendAsync(string conversationId, string? threadId, PlaygroundSender from, string? text, Card? card, string? visibleTo, CancellationToken cancellationToken)
    {
        var message = new PlaygroundMessage($"m{Guid.NewGuid():N}"[..13], conversationId, threadId, from, text, card, visibleTo, time.GetUtcNow());
        await state.UpdateAsync(Key(conversationId), PlaygroundJsonContext.Default.PlaygroundConversation, current =>
        {
            var messages = (current?.Messages ?? []).Append(message).TakeLast(MaxMessages).ToList();
            return new PlaygroundConversation((current?.Version ?? 0) + 1, messages);
        }, cancellationToken);
        return message;
    }

    /// <returns>False when the message does not exist.</returns>
    public async Task<bool> ReplaceAsync(string conversationId, string messageId, string? text, Card? card, CancellationToken cancellationToken)
    {
        var found = false;
        await state.UpdateAsync(Key(conversationId), PlaygroundJsonContext.Default.PlaygroundConversation, current =>
        {
            current ??= new PlaygroundConversation(0, []);
            found = current.Messages.Any(m => m.Id == messageId);
            if (!found) return current;
            return new PlaygroundConversation(current.Version + 1, current.Messages
                .Select(m => m.Id == messageId ? m with { Text = text, Card = card, Edited = true } : m).ToList());
        }, cancellationToken);
        return found;
    }

    private static string Key(string conversationId) => $"playground:{conversationId}";
}

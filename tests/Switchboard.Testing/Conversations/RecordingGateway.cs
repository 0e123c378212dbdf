using System.Collections.Concurrent;
using Switchboard.Core.Conversations;

namespace Switchboard.Testing;

/// <summary>
/// Records what the engine sends on one platform. Conversations whose id starts with "channel:"
/// behave like team channels: a top-level send starts a thread.
/// </summary>
public sealed class RecordingGateway(Platform? platform = null) : IPlatformGateway
{
    private int _next;

    public Platform Platform { get; } = platform ?? TestPlatforms.Playground;

    public ConcurrentQueue<(MessageRef Ref, OutboundMessage Message)> Sent { get; } = new();

    public ConcurrentQueue<(MessageRef Ref, OutboundMessage Message)> Updates { get; } = new();

    /// <summary>The latest content of every message, by id.</summary>
    public ConcurrentDictionary<string, OutboundMessage> Current { get; } = new();

    /// <summary>How many of the next sends fail, as a platform outage would.</summary>
    public int FailNextSends { get; set; }

    /// <summary>The next send this matches fails (once), as a platform outage at that moment would.</summary>
    public Func<OutboundMessage, bool>? FailOnce { get; set; }

    /// <summary>Decides for each send whether it fails, and how (null: it goes through).</summary>
    public Func<OutboundMessage, Exception?>? SendFault { get; set; }

    /// <summary>Runs before each update is applied (a test's way to act "while the platform is busy").</summary>
    public Func<MessageRef, OutboundMessage, Task>? BeforeUpdate { get; set; }

    /// <summary>Every send attempted, including those that failed.</summary>
    public ConcurrentQueue<OutboundMessage> Attempts { get; } = new();

    /// <summary>Runs before each send goes through (a test's way to act "while the platform is busy").</summary>
    public Func<OutboundMessage, Task>? BeforeSend { get; set; }

    public async Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(message);
        if (BeforeSend is { } before) await before(message);
        if (SendFault?.Invoke(message) is { } fault) throw fault;
        if (FailNextSends > 0)
        {
            FailNextSends--;
            throw new HttpRequestException("The platform is unavailable.");
        }
        if (FailOnce is { } fail && fail(message))
        {
            FailOnce = null;
            throw new HttpRequestException("The platform is unavailable.");
        }
        var id = $"msg-{Interlocked.Increment(ref _next)}";
        var isChannel = message.To.ConversationId.StartsWith("channel:", StringComparison.Ordinal) ||
                        message.To.ConversationId.StartsWith("team:", StringComparison.Ordinal);
        var address = isChannel && message.To.ThreadId is null ? message.To.InThread(id) : message.To;
        var sent = new MessageRef(address, id);
        Sent.Enqueue((sent, message));
        Current[id] = message;
        return sent;
    }

    /// <summary>How many of the next updates fail.</summary>
    public int FailNextUpdates { get; set; }

    public async Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (BeforeUpdate is { } before) await before(target, message);
        if (FailNextUpdates > 0)
        {
            FailNextUpdates--;
            throw new HttpRequestException("The platform is unavailable.");
        }
        if (!Current.ContainsKey(target.MessageId)) throw new InvalidOperationException($"Unknown message {target.MessageId}.");
        Updates.Enqueue((target, message));
        Current[target.MessageId] = message;
    }

    public IEnumerable<OutboundMessage> SentTo(string conversationId) =>
        Sent.Where(s => s.Message.To.ConversationId == conversationId).Select(s => s.Message);

    public IEnumerable<string> TextsTo(string conversationId) =>
        SentTo(conversationId).Where(m => m.Text is not null).Select(m => m.Text!);
}

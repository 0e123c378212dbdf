using System.Collections.Concurrent;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Tests.Fakes;

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

    public Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
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
        return Task.FromResult(sent);
    }

    /// <summary>How many of the next updates fail.</summary>
    public int FailNextUpdates { get; set; }

    public Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (FailNextUpdates > 0)
        {
            FailNextUpdates--;
            throw new HttpRequestException("The platform is unavailable.");
        }
        if (!Current.ContainsKey(target.MessageId)) throw new InvalidOperationException($"Unknown message {target.MessageId}.");
        Updates.Enqueue((target, message));
        Current[target.MessageId] = message;
        return Task.CompletedTask;
    }

    public IEnumerable<OutboundMessage> SentTo(string conversationId) =>
        Sent.Where(s => s.Message.To.ConversationId == conversationId).Select(s => s.Message);

    public IEnumerable<string> TextsTo(string conversationId) =>
        SentTo(conversationId).Where(m => m.Text is not null).Select(m => m.Text!);
}

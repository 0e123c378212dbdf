using System.Collections.Concurrent;
using System.Diagnostics;

namespace Switchboard.Bench.Turns;

/// <summary>
/// Where a worker waits for the reply to its turn. A turn is complete when the host's reply reaches the fake
/// platform, matched by conversation (the Teams conversation id, the Slack channel): the worker registers its
/// conversation before sending, the fake platform reports each reply it receives. Only messages count as
/// replies, never updates of earlier ones; at most one turn per conversation is in flight at a time.
/// </summary>
public sealed class ReplyBoard
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private long _unmatched;

    /// <summary>Replies that matched no waiting turn (late replies after a timeout, or replies nobody asked for).</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Registers a turn in <paramref name="conversation"/>; the task ends with the reply's <see cref="Stopwatch"/> timestamp.</summary>
    public Task<long> Expect(string conversation)
    {
        // Continuations run off the fake platform's request, so its answer to the host is not delayed by the worker.
        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[conversation] = reply;
        return reply.Task;
    }

    public void Forget(string conversation) => _waiting.TryRemove(conversation, out _);

    /// <summary>Called by the fake platform when a message reaches <paramref name="conversation"/>; false when no turn waited for it.</summary>
    public bool Delivered(string conversation)
    {
        var at = Stopwatch.GetTimestamp();
        if (_waiting.TryRemove(conversation, out var reply)) return reply.TrySetResult(at);
        Interlocked.Increment(ref _unmatched);
        return false;
    }
}

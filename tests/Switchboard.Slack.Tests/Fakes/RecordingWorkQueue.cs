using System.Collections.Concurrent;
using Switchboard.Core.Work;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>
/// A work queue that records what was offered to it and can be made to fail like storage that is down;
/// everything else goes to the queue it wraps.
/// </summary>
public sealed class RecordingWorkQueue(IWorkQueue inner) : DelegatingWorkQueue(inner)
{
    private readonly ConcurrentQueue<(string Queue, WorkItem Item)> _enqueued = new();
    private int _attempts;

    /// <summary>Every item offered, duplicates included, in order.</summary>
    public IReadOnlyList<(string Queue, WorkItem Item)> Enqueued => _enqueued.ToArray();

    /// <summary>While set, enqueueing throws as if the store were unreachable.</summary>
    public bool Unreachable { get; set; }

    /// <summary>
    /// While set, the next enqueue stores the item and then fails, as if the process had died between storing a
    /// turn and acknowledging it (the store is done, nothing after it happens). Cleared by that enqueue.
    /// </summary>
    public bool FailAfterNextStore { get; set; }

    /// <summary>While set, enqueueing waits for it to complete before storing (to hold a turn between arrival and store).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Enqueues that have started (waiting at <see cref="Gate"/> or not).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override async Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Unreachable) throw new IOException("The work queue's store is unreachable (test).");
        _enqueued.Enqueue((queue, item));
        var stored = await base.EnqueueAsync(queue, item, notBefore, cancellationToken);
        if (FailAfterNextStore)
        {
            FailAfterNextStore = false;
            throw new IOException("The process died right after storing the item (test).");
        }
        return stored;
    }
}

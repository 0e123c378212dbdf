using System.Collections.Concurrent;
using Switchboard.Core.Work;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>
/// A work queue that records what was offered to it and can be made to fail like storage that is down;
/// everything else goes to the queue it wraps.
/// </summary>
public sealed class RecordingWorkQueue(IWorkQueue inner) : IWorkQueue
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

    public IWorkQueue Inner => inner;

    public async Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Unreachable) throw new IOException("The work queue's store is unreachable (test).");
        _enqueued.Enqueue((queue, item));
        var stored = await inner.EnqueueAsync(queue, item, notBefore, cancellationToken);
        if (FailAfterNextStore)
        {
            FailAfterNextStore = false;
            throw new IOException("The process died right after storing the item (test).");
        }
        return stored;
    }

    public Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(queue, consumer, maxItems, lease, cancellationToken);

    public Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken) => inner.AckAsync(queue, lease, cancellationToken);

    public Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken) =>
        inner.RetryAsync(queue, lease, error, cancellationToken);

    public Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken) =>
        inner.ListDeadLettersAsync(queue, max, cancellationToken);

    public Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        inner.RequeueDeadLetterAsync(queue, deadLetterId, cancellationToken);

    public Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        inner.DeleteDeadLetterAsync(queue, deadLetterId, cancellationToken);

    public Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, cancellationToken);

    public Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        inner.WaitForWorkAsync(queue, timeout, cancellationToken);
}

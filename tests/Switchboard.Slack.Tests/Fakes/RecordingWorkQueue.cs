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

    /// <summary>Every item offered, duplicates included, in order.</summary>
    public IReadOnlyList<(string Queue, WorkItem Item)> Enqueued => _enqueued.ToArray();

    /// <summary>While set, enqueueing throws as if the store were unreachable.</summary>
    public bool Unreachable { get; set; }

    public override Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        if (Unreachable) throw new IOException("The work queue's store is unreachable (test).");
        _enqueued.Enqueue((queue, item));
        return base.EnqueueAsync(queue, item, notBefore, cancellationToken);
    }
}

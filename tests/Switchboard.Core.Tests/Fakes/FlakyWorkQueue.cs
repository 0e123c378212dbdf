using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Fakes;

/// <summary>A work queue whose next enqueues to one queue fail, as a storage outage (or a crash) at that moment would.</summary>
public sealed class FlakyWorkQueue(IWorkQueue inner) : DelegatingWorkQueue(inner)
{
    /// <summary>How many of the next enqueues to <see cref="FailingQueue"/> fail.</summary>
    public int FailNextEnqueues { get; set; }

    public string FailingQueue { get; set; } = "";

    public override Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        if (queue != FailingQueue || FailNextEnqueues <= 0) return base.EnqueueAsync(queue, item, notBefore, cancellationToken);
        FailNextEnqueues--;
        throw new TimeoutException("The queue is unavailable.");
    }
}

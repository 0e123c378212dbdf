using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Fakes;

/// <summary>A work queue whose next enqueues to one queue fail, as a storage outage (or a crash) at that moment would.</summary>
public sealed class FlakyWorkQueue(IWorkQueue inner) : IWorkQueue
{
    /// <summary>How many of the next enqueues to <see cref="FailingQueue"/> fail.</summary>
    public int FailNextEnqueues { get; set; }

    public string FailingQueue { get; set; } = "";

    public Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        if (queue != FailingQueue || FailNextEnqueues <= 0) return inner.EnqueueAsync(queue, item, notBefore, cancellationToken);
        FailNextEnqueues--;
        throw new TimeoutException("The queue is unavailable.");
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

    public Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForWorkAsync(queue, timeout, cancellationToken);
}

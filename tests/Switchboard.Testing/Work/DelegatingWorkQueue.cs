using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>
/// A work queue that hands every call to the queue it wraps; tests derive from it and override only the calls
/// they record or make fail (storage down, a crash at that moment).
/// </summary>
public abstract class DelegatingWorkQueue(IWorkQueue inner) : IWorkQueue
{
    public virtual Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken) =>
        inner.EnqueueAsync(queue, item, notBefore, cancellationToken);

    public virtual Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(queue, consumer, maxItems, lease, cancellationToken);

    public virtual Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken) => inner.AckAsync(queue, lease, cancellationToken);

    public virtual Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken) =>
        inner.RetryAsync(queue, lease, error, cancellationToken);

    public virtual Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken) =>
        inner.ListDeadLettersAsync(queue, max, cancellationToken);

    public virtual Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        inner.RequeueDeadLetterAsync(queue, deadLetterId, cancellationToken);

    public virtual Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        inner.DeleteDeadLetterAsync(queue, deadLetterId, cancellationToken);

    public virtual Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, cancellationToken);

    public virtual Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        inner.WaitForWorkAsync(queue, timeout, cancellationToken);
}

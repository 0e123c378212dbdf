namespace Switchboard.Core.Work;

/// <summary>
/// Named durable queues of work items. An item is delivered to one consumer at a time under a lease:
/// acknowledged when done, retried with back-off when it fails, redelivered when the lease runs out
/// (its consumer died), and kept as a dead letter after <see cref="WorkQueueOptions.MaxAttempts"/> attempts.
/// </summary>
/// <remarks>
/// Items that share an <see cref="WorkItem.OrderingKey"/> are delivered one at a time and in the order they
/// were enqueued, across every consumer: the next one is held back until the one in flight is acknowledged
/// or dead-lettered (a retry keeps its place, so later items wait through its back-off). Items with
/// different keys are independent, so one slow conversation never holds up another.
/// </remarks>
public interface IWorkQueue
{
    /// <summary>
    /// Adds <paramref name="item"/> to <paramref name="queue"/>, deliverable from <paramref name="notBefore"/>
    /// (null: now). An item whose <see cref="WorkItem.Id"/> was enqueued on the same queue within
    /// <see cref="WorkQueueOptions.IdempotencyWindow"/> is ignored.
    /// </summary>
    /// <returns>True when added; false when it was a duplicate.</returns>
    Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="maxItems"/> deliverable items to <paramref name="consumer"/> for
    /// <paramref name="lease"/>. Items whose lease ran out are delivered again (their attempt counts up);
    /// one that has run out of attempts that way becomes a dead letter instead.
    /// </summary>
    /// <remarks>Every consumer of a queue should use the same lease: it is also how long an item stays with a consumer that died.</remarks>
    Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks the item done and removes it, letting the next item with its ordering key through.</summary>
    /// <returns>False when the lease was lost (it ran out and the item went to another delivery): the item may run again.</returns>
    Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt: the item is delivered again after <see cref="WorkQueueOptions.RetryDelay"/>,
    /// or becomes a dead letter holding <paramref name="error"/> when it has had <see cref="WorkQueueOptions.MaxAttempts"/> attempts.
    /// </summary>
    Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken);

    /// <summary>Dead letters of <paramref name="queue"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back on its queue as a new item (attempts start again).</summary>
    /// <returns>False when no dead letter has that id.</returns>
    Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken);

    /// <summary>Deletes a dead letter for good.</summary>
    /// <returns>False when no dead letter has that id.</returns>
    Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken);

    /// <summary>Depth, lag and dead-letter count of <paramref name="queue"/>, for health and metrics.</summary>
    Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Returns when an item may have become deliverable on <paramref name="queue"/> (something was enqueued or
    /// handed on), or after <paramref name="timeout"/>. A consumer calls it between empty receives instead of sleeping.
    /// </summary>
    Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A unit of work.</summary>
/// <param name="Id">Makes enqueueing idempotent within <see cref="WorkQueueOptions.IdempotencyWindow"/>, e.g. a platform's delivery id.</param>
/// <param name="OrderingKey">Items with the same key run one at a time, in order (e.g. a conversation or person key).</param>
/// <param name="Payload">What the handler needs, usually JSON. Never logged.</param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the activity that enqueued it, so processing it continues that trace (inbound →
/// queue → outbound). Left null, the queue fills it in from <see cref="System.Diagnostics.Activity.Current"/>.
/// </param>
public sealed record WorkItem(string Id, string OrderingKey, string Payload, string? TraceParent = null);

/// <summary>An item delivered to a consumer, held until acknowledged, retried or the lease runs out.</summary>
/// <param name="Item">The item.</param>
/// <param name="Attempt">1 on the first delivery; counts every delivery, including those whose lease ran out.</param>
/// <param name="Receipt">Identifies this one delivery to the queue (opaque): an ack with a receipt from a lease that ran out is refused.</param>
public sealed record WorkLease(WorkItem Item, int Attempt, string Receipt);

/// <summary>What became of a failed item.</summary>
public enum RetryOutcome
{
    /// <summary>The lease had been lost already: someone else holds the item now.</summary>
    LeaseLost,

    /// <summary>The item will be delivered again after its back-off.</summary>
    Retrying,

    /// <summary>The item ran out of attempts and is now a dead letter.</summary>
    DeadLettered,
}

/// <summary>An item that ran out of attempts, kept for an admin to inspect, requeue or delete.</summary>
/// <param name="Id">The dead letter's own id (an item id may be enqueued again after its idempotency window).</param>
/// <param name="Item">The item as enqueued.</param>
/// <param name="Attempts">How many times it was delivered.</param>
/// <param name="Error">Why the last attempt failed.</param>
/// <param name="DeadAt">When it became a dead letter.</param>
public sealed record WorkDeadLetter(string Id, WorkItem Item, int Attempts, string Error, DateTimeOffset DeadAt);

/// <summary>A queue's numbers.</summary>
/// <param name="Ready">Deliverable now, not yet leased.</param>
/// <param name="Leased">Delivered and not yet acknowledged (including leases that ran out and wait to be redelivered).</param>
/// <param name="Delayed">Waiting for their not-before time or their retry back-off.</param>
/// <param name="Waiting">Held back behind an earlier item with the same ordering key.</param>
/// <param name="DeadLetters">Dead letters kept.</param>
/// <param name="OldestAge">How long the oldest ready or leased item has been deliverable (the lag); null when there is none.</param>
/// <param name="OldestDueAge">
/// How long ago the oldest item that is due and not done fell due: ready, leased, or delayed past its not-before time
/// (a retry back-off or a scheduled delivery that no consumer has picked up yet); null when none is due. Unlike
/// <paramref name="OldestAge"/> it also grows while nobody receives at all.
/// </param>
public sealed record WorkQueueStats(long Ready, long Leased, long Delayed, long Waiting, long DeadLetters, TimeSpan? OldestAge, TimeSpan? OldestDueAge = null);

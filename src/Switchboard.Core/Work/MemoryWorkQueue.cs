using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Switchboard.Core.Work;

/// <summary>
/// In-process <see cref="IWorkQueue"/>: the default when no Redis is configured. It keeps the same rules as
/// the Redis queue (leases, ordering keys, back-off, dead letters) but lives and dies with the process.
/// </summary>
public sealed partial class MemoryWorkQueue(TimeProvider time, WorkQueueOptions options, ILogger<MemoryWorkQueue>? logger = null) : IWorkQueue
{
    private readonly ILogger _logger = logger ?? NullLogger<MemoryWorkQueue>.Instance;
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        WorkValidation.Item(item);
        item = WorkTrace.WithCurrentTrace(item);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var lane = LaneFor(queue);
            if (lane.Seen.TryGetValue(item.Id, out var forgetAt) && forgetAt > now) return Task.FromResult(false);
            lane.Seen[item.Id] = now + options.IdempotencyWindow;
            lane.ForgetExpiredIds(now);

            var entry = new Entry(Guid.NewGuid().ToString("N"), item, PriorAttempts: 0);
            if (notBefore is { } due && due > now) lane.Delayed.Add(new Delayed(due, lane.NextSequence++, entry));
            else lane.MakeReady(entry, now);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var now = time.GetUtcNow();
        var received = new List<WorkLease>();
        lock (_gate)
        {
            var lane = LaneFor(queue);
            foreach (var due in lane.Delayed.Where(d => d.DueAt <= now).OrderBy(d => d.DueAt).ThenBy(d => d.Sequence).ToList())
            {
                lane.Delayed.Remove(due);
                lane.MakeReady(due.Entry, now);
            }

            // Like XAUTOCLAIM: leases that ran out first, in the order the items became ready.
            foreach (var expired in lane.Leased.Values.Where(l => l.ExpiresAt <= now).OrderBy(l => l.Ready.Sequence).Take(maxItems).ToList())
            {
                lane.Leased.Remove(expired.Ready.Entry.Token);
                Offer(queue, lane, expired.Ready, expired.Deliveries + 1, consumer, lease, now, received);
            }
            var fresh = lane.Ready.Take(maxItems - received.Count).ToList();
            lane.Ready.RemoveRange(0, fresh.Count);
            foreach (var ready in fresh) Offer(queue, lane, ready, 1, consumer, lease, now, received);
        }
        return Task.FromResult<IReadOnlyList<WorkLease>>(received);
    }

    /// <inheritdoc />
    public Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var lane = LaneFor(queue);
            if (!lane.TryTakeLease(lease, out var leased)) return Task.FromResult(false);
            lane.Release(leased.Ready.Entry, time.GetUtcNow());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var lane = LaneFor(queue);
            if (!lane.TryTakeLease(lease, out var leased)) return Task.FromResult(RetryOutcome.LeaseLost);
            var entry = leased.Ready.Entry;
            if (lease.Attempt >= options.MaxAttempts)
            {
                Bury(queue, lane, entry, lease.Attempt, error, now);
                return Task.FromResult(RetryOutcome.DeadLettered);
            }
            // The ordering key stays with this item through its back-off, so later items of the key keep waiting.
            lane.Delayed.Add(new Delayed(now + options.RetryDelay(lease.Attempt), lane.NextSequence++, entry with { PriorAttempts = lease.Attempt }));
            return Task.FromResult(RetryOutcome.Retrying);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<WorkDeadLetter> dead = LaneFor(queue).Dead.Values.OrderBy(d => d.DeadAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(max).ToList();
            return Task.FromResult(dead);
        }
    }

    /// <inheritdoc />
    public Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var lane = LaneFor(queue);
            if (!lane.Dead.Remove(deadLetterId, out var dead)) return Task.FromResult(false);
            lane.MakeReady(new Entry(Guid.NewGuid().ToString("N"), dead.Item, PriorAttempts: 0), time.GetUtcNow());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(LaneFor(queue).Dead.Remove(deadLetterId));
    }

    /// <inheritdoc />
    public Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var lane = LaneFor(queue);
            var deliverable = lane.Ready.Select(r => r.ReadyAt).Concat(lane.Leased.Values.Select(l => l.Ready.ReadyAt)).ToList();
            var due = deliverable.Concat(lane.Delayed.Select(d => d.DueAt).Where(at => at <= now)).ToList();
            return Task.FromResult(new WorkQueueStats(lane.Ready.Count, lane.Leased.Count, lane.Delayed.Count,
                lane.Parked.Values.Sum(p => (long)p.Count), lane.Dead.Count,
                deliverable.Count == 0 ? null : now - deliverable.Min(),
                due.Count == 0 ? null : now - due.Min()));
        }
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            var lane = LaneFor(queue);
            var now = time.GetUtcNow();
            if (lane.Ready.Count > 0 || lane.Delayed.Any(d => d.DueAt <= now) || lane.Leased.Values.Any(l => l.ExpiresAt <= now)) return;
            signal = lane.Signal.Task;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = await Task.WhenAny(signal, Task.Delay(timeout, time, stop.Token));
        await stop.CancelAsync();
        if (waited != signal) await waited;
    }

    private void Offer(string queue, Lane lane, Ready ready, int deliveries, string consumer, TimeSpan lease, DateTimeOffset now, List<WorkLease> received)
    {
        var entry = ready.Entry;
        var key = entry.Item.OrderingKey;
        if (lane.InFlight.TryGetValue(key, out var owner) && owner != entry.Token)
        {
            if (!lane.Parked.TryGetValue(key, out var parked)) lane.Parked[key] = parked = new Queue<Entry>();
            parked.Enqueue(entry);
            return;
        }
        var attempt = entry.PriorAttempts + deliveries;
        lane.InFlight[key] = entry.Token;
        if (attempt > options.MaxAttempts)
        {
            Bury(queue, lane, entry, attempt - 1, "Its lease ran out on every attempt.", now);
            return;
        }
        var receipt = string.Create(CultureInfo.InvariantCulture, $"{entry.Token}:{deliveries}:{consumer}");
        lane.Leased[entry.Token] = new Leased(ready, deliveries, receipt, now + lease);
        received.Add(new WorkLease(entry.Item, attempt, receipt));
    }

    private void Bury(string queue, Lane lane, Entry entry, int attempts, string error, DateTimeOffset now)
    {
        lane.Dead[entry.Token] = new WorkDeadLetter(entry.Token, entry.Item, attempts, error, now);
        lane.Release(entry, now);
        WorkMetrics.DeadLettered(queue);
        LogDeadLettered(queue, entry.Item.Id, attempts);
    }

    private Lane LaneFor(string queue)
    {
        WorkValidation.Queue(queue);
        if (!_lanes.TryGetValue(queue, out var lane)) _lanes[queue] = lane = new Lane();
        return lane;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Work item {ItemId} on queue {Queue} became a dead letter after {Attempts} attempts")]
    private partial void LogDeadLettered(string queue, string itemId, int attempts);

    private sealed record Entry(string Token, WorkItem Item, int PriorAttempts);

    private sealed record Ready(Entry Entry, long Sequence, DateTimeOffset ReadyAt);

    private sealed record Leased(Ready Ready, int Deliveries, string Receipt, DateTimeOffset ExpiresAt);

    private sealed record Delayed(DateTimeOffset DueAt, long Sequence, Entry Entry);

    private sealed class Lane
    {
        public long NextSequence;
        public readonly List<Ready> Ready = [];
        public readonly Dictionary<string, Leased> Leased = new(StringComparer.Ordinal);
        public readonly List<Delayed> Delayed = [];
        public readonly Dictionary<string, string> InFlight = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Queue<Entry>> Parked = new(StringComparer.Ordinal);
        public readonly Dictionary<string, WorkDeadLetter> Dead = new(StringComparer.Ordinal);
        public readonly Dictionary<string, DateTimeOffset> Seen = new(StringComparer.Ordinal);
        public TaskCompletionSource Signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _enqueuesSinceSweep;

        public void MakeReady(Entry entry, DateTimeOffset now)
        {
            Ready.Add(new Ready(entry, NextSequence++, now));
            var signal = Signal;
            Signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.SetResult();
        }

        public bool TryTakeLease(WorkLease lease, out Leased leased)
        {
            var token = lease.Receipt.Split(':', 2)[0];
            if (Leased.TryGetValue(token, out leased!) && leased.Receipt == lease.Receipt)
            {
                Leased.Remove(token);
                return true;
            }
            return false;
        }

        /// <summary>The entry is finished with: its ordering key passes to the next waiting item, if any.</summary>
        public void Release(Entry entry, DateTimeOffset now)
        {
            var key = entry.Item.OrderingKey;
            if (!InFlight.TryGetValue(key, out var owner) || owner != entry.Token) return;
            if (Parked.TryGetValue(key, out var parked) && parked.TryDequeue(out var next))
            {
                if (parked.Count == 0) Parked.Remove(key);
                InFlight[key] = next.Token;
                MakeReady(next, now);
            }
            else
            {
                InFlight.Remove(key);
            }
        }

        /// <summary>Drops remembered ids now and then, so a long-running process doesn't keep every id forever.</summary>
        public void ForgetExpiredIds(DateTimeOffset now)
        {
            if (++_enqueuesSinceSweep % 1024 != 0) return;
            foreach (var (id, forgetAt) in Seen.ToList())
                if (forgetAt <= now) Seen.Remove(id);
        }
    }
}

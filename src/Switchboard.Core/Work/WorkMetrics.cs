using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Switchboard.Core.Work;

/// <summary>
/// Counters and gauges for the durable work, on the <c>Switchboard.Work</c> meter (tagged with the queue or job kind).
/// The queue gauges report the last numbers a <see cref="WorkStatsSampler"/> read: gauge callbacks run synchronously
/// on the exporter's thread, so they must not wait on storage.
/// </summary>
public static class WorkMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Switchboard.Work";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("switchboard.work.processed", description: "Work items handled and acknowledged");
    private static readonly Counter<long> Retried = Meter.CreateCounter<long>("switchboard.work.retried", description: "Failed work item attempts that will be retried");
    private static readonly Counter<long> Dead = Meter.CreateCounter<long>("switchboard.work.dead_lettered", description: "Work items that ran out of attempts");
    private static readonly Counter<long> JobsRun = Meter.CreateCounter<long>("switchboard.jobs.completed", description: "Scheduled jobs run and completed");
    private static readonly Counter<long> JobsAbandoned = Meter.CreateCounter<long>("switchboard.jobs.abandoned", description: "Scheduled jobs dropped after running out of attempts");

    private static readonly Histogram<double> SchedulerLag = Meter.CreateHistogram<double>("switchboard.scheduler.lag", unit: "s", description: "How late scheduled jobs were claimed after falling due");
    private static readonly ConcurrentDictionary<string, WorkQueueStats> LastQueueStats = new(StringComparer.Ordinal);
    private static long _lastSchedulerDue = -1;

    static WorkMetrics()
    {
        Meter.CreateObservableGauge("switchboard.work.queue.depth", ObserveDepth, description: "Items not yet done, by queue and state (ready, leased, delayed, waiting)");
        Meter.CreateObservableGauge("switchboard.work.queue.lag", ObserveLag, unit: "s", description: "How long the oldest ready or leased item has been deliverable");
        Meter.CreateObservableGauge("switchboard.work.queue.oldest_due", ObserveOldestDue, unit: "s",
            description: "How long ago the oldest item that is due and not done fell due (ready, leased, or delayed past its time), by queue");
        Meter.CreateObservableGauge("switchboard.work.dead_letters", ObserveDeadLetters, description: "Dead letters kept, by queue");
        Meter.CreateObservableGauge("switchboard.scheduler.due", ObserveSchedulerDue, description: "Scheduled jobs due and not yet claimed");
    }

    internal static void ItemProcessed(string queue) => Processed.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal static void ItemRetried(string queue) => Retried.Add(1, new KeyValuePair<string, object?>("queue", queue));

    /// <summary>Counts an item that became a dead letter (called by the queue implementations).</summary>
    public static void DeadLettered(string queue) => Dead.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal static void JobCompleted(string kind) => JobsRun.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal static void JobAbandoned(string kind) => JobsAbandoned.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal static void JobClaimed(ScheduledJob job, DateTimeOffset now) => SchedulerLag.Record(Math.Max(0, (now - job.DueAt).TotalSeconds), new KeyValuePair<string, object?>("kind", job.Kind));

    /// <summary>Keeps <paramref name="stats"/> as the last known numbers of <paramref name="queue"/> for the gauges.</summary>
    internal static void QueueSampled(string queue, WorkQueueStats stats) => LastQueueStats[queue] = stats;

    /// <summary>Keeps the scheduler's last known due count for its gauge.</summary>
    internal static void SchedulerSampled(SchedulerStats stats) => Interlocked.Exchange(ref _lastSchedulerDue, stats.Due);

    private static IEnumerable<Measurement<long>> ObserveDepth()
    {
        foreach (var (queue, stats) in LastQueueStats)
        {
            yield return new(stats.Ready, Tag("queue", queue), Tag("state", "ready"));
            yield return new(stats.Leased, Tag("queue", queue), Tag("state", "leased"));
            yield return new(stats.Delayed, Tag("queue", queue), Tag("state", "delayed"));
            yield return new(stats.Waiting, Tag("queue", queue), Tag("state", "waiting"));
        }
    }

    private static IEnumerable<Measurement<double>> ObserveLag() =>
        LastQueueStats.Select(entry => new Measurement<double>((entry.Value.OldestAge ?? TimeSpan.Zero).TotalSeconds, Tag("queue", entry.Key)));

    private static IEnumerable<Measurement<double>> ObserveOldestDue() =>
        LastQueueStats.Select(entry => new Measurement<double>((entry.Value.OldestDueAge ?? TimeSpan.Zero).TotalSeconds, Tag("queue", entry.Key)));

    private static IEnumerable<Measurement<long>> ObserveDeadLetters() =>
        LastQueueStats.Select(entry => new Measurement<long>(entry.Value.DeadLetters, Tag("queue", entry.Key)));

    private static IEnumerable<Measurement<long>> ObserveSchedulerDue()
    {
        // Nothing until the first sample: a made-up zero would read as "no backlog".
        var due = Interlocked.Read(ref _lastSchedulerDue);
        if (due >= 0) yield return new(due);
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}

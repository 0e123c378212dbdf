using System.Diagnostics.Metrics;

namespace Switchboard.Core.Work;

/// <summary>Counters for the durable work, on the <c>Switchboard.Work</c> meter (tagged with the queue or job kind).</summary>
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

    internal static void ItemProcessed(string queue) => Processed.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal static void ItemRetried(string queue) => Retried.Add(1, new KeyValuePair<string, object?>("queue", queue));

    /// <summary>Counts an item that became a dead letter (called by the queue implementations).</summary>
    public static void DeadLettered(string queue) => Dead.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal static void JobCompleted(string kind) => JobsRun.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal static void JobAbandoned(string kind) => JobsAbandoned.Add(1, new KeyValuePair<string, object?>("kind", kind));
}

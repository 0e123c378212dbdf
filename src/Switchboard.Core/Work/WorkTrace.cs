using System.Diagnostics;

namespace Switchboard.Core.Work;

/// <summary>
/// Carries traces through the durable queues: an item remembers the activity that enqueued it, and its processing
/// runs in an activity that continues that trace, so one trace goes from the inbound request through the queue to
/// the platform calls made while handling it, even on another instance or after a restart.
/// </summary>
public static class WorkTrace
{
    /// <summary>The item with the current activity's <c>traceparent</c> when it names none (called by the queue implementations).</summary>
    public static WorkItem WithCurrentTrace(WorkItem item) =>
        item.TraceParent is null && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? item with { TraceParent = current.Id } : item;

    /// <summary>Starts the activity that processes <paramref name="lease"/>, as a child of the trace it was enqueued in; null when nothing listens.</summary>
    internal static Activity? StartProcessing(string queue, WorkLease lease)
    {
        var parent = ActivityContext.TryParse(lease.Item.TraceParent, null, out var enqueued) ? enqueued : default;
        var activity = SwitchboardTelemetry.Source.StartActivity("switchboard.work.process", ActivityKind.Consumer, parent);
        activity?.SetTag("switchboard.work.queue", queue);
        activity?.SetTag("switchboard.work.attempt", lease.Attempt);
        return activity;
    }
}

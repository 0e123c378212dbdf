using System.Diagnostics.Metrics;

namespace Switchboard.Slack.SocketMode;

/// <summary>
/// Slack's own metrics, on the <c>Switchboard.Slack</c> meter: Socket Mode reconnects, how long envelopes take from
/// arrival to acknowledgement, and the connections open.
/// </summary>
public static class SlackTelemetry
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Switchboard.Slack";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("switchboard.slack.socket.reconnects",
        description: "Socket Mode connections opened again, by reason (refresh: Slack asked; dropped: the connection was lost; error: opening one failed)");
    private static readonly Histogram<double> EnvelopeLatency = Meter.CreateHistogram<double>("switchboard.slack.socket.envelope.latency", unit: "s",
        description: "Time from a Socket Mode envelope's arrival to its acknowledgement, by envelope type and outcome");
    private static int _open;

    static SlackTelemetry() =>
        Meter.CreateObservableGauge("switchboard.slack.socket.connections", () => Volatile.Read(ref _open), description: "Socket Mode connections open (said hello and not closed)");

    internal static void Reconnected(string reason) => Reconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void EnvelopeAnswered(string? type, string outcome, TimeSpan latency) =>
        EnvelopeLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("type", type ?? "unknown"), new KeyValuePair<string, object?>("outcome", outcome));

    internal static void ConnectionOpened() => Interlocked.Increment(ref _open);

    internal static void ConnectionClosed() => Interlocked.Decrement(ref _open);
}

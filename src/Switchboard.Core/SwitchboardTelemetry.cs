using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.Core.Conversations;

namespace Switchboard.Core;

/// <summary>
/// Turn and platform telemetry: the <c>Switchboard</c> meter and activity source. Emitted through
/// System.Diagnostics only, so it costs next to nothing until an exporter listens (the host adds one when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). The durable work has its own meter, <see cref="Work.WorkMetrics"/>.
/// </summary>
public static class SwitchboardTelemetry
{
    /// <summary>The meter's and the activity source's name, for exporters to subscribe to.</summary>
    public const string Name = "Switchboard";

    /// <summary>Starts the activities of inbound turns; platform calls made while handling one join its trace.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Turns = Meter.CreateCounter<long>("switchboard.turns", description: "Inbound turns handled, by platform and outcome");
    private static readonly Counter<long> RateLimits = Meter.CreateCounter<long>("switchboard.platform.rate_limited", description: "Platform API calls answered 429 Too Many Requests");

    /// <summary>Starts the activity of one inbound turn; null when nothing listens.</summary>
    public static Activity? StartTurn(Platform platform)
    {
        var activity = Source.StartActivity("switchboard.turn");
        activity?.SetTag("switchboard.platform", platform.Id);
        return activity;
    }

    /// <summary>Counts a turn that returned <paramref name="outcome"/> and notes it on the turn's activity.</summary>
    public static void TurnHandled(Platform platform, TurnOutcome outcome, Activity? activity)
    {
        var name = OutcomeName(outcome);
        activity?.SetTag("switchboard.outcome", name);
        Turns.Add(1, new KeyValuePair<string, object?>("platform", platform.Id), new KeyValuePair<string, object?>("outcome", name));
    }

    /// <summary>
    /// Counts a turn that threw (outcome <c>failed</c>) and marks its activity as an error. Returns false so it
    /// can sit in an exception filter, which leaves the exception and its stack untouched.
    /// </summary>
    public static bool TurnFailed(Platform platform, Activity? activity, Exception error)
    {
        // The exception type only: its message may quote what people wrote.
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        Turns.Add(1, new KeyValuePair<string, object?>("platform", platform.Id), new KeyValuePair<string, object?>("outcome", "failed"));
        return false;
    }

    /// <summary>Counts a platform API call answered 429 (called by the platforms' outbound clients).</summary>
    public static void RateLimited(Platform platform) => RateLimits.Add(1, new KeyValuePair<string, object?>("platform", platform.Id));

    private static string OutcomeName(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Handled => "handled",
        TurnOutcome.Duplicate => "duplicate",
        TurnOutcome.Refused => "refused",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}

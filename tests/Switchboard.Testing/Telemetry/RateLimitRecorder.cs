using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Switchboard.Core;

namespace Switchboard.Testing;

/// <summary>
/// Records the <c>platform</c> tag of every <c>switchboard.platform.rate_limited</c> measurement made in the async
/// flow that created it. Other tests draw 429s in parallel: only those drawn in this test's flow count.
/// </summary>
public sealed class RateLimitRecorder : IDisposable
{
    private const string Instrument = "switchboard.platform.rate_limited";
    private static readonly AsyncLocal<RateLimitRecorder?> Owner = new();
    private readonly ConcurrentQueue<object?> _platforms = new();
    private readonly MeterListener _listener;

    public RateLimitRecorder()
    {
        // Set in a synchronous call, the value stays with the test's flow (and the work it starts) after this returns.
        Owner.Value = this;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SwitchboardTelemetry.Name && instrument.Name == Instrument) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Owner.Value == this) _platforms.Enqueue(tags.ToArray().Single(t => t.Key == "platform").Value);
        });
        _listener.Start();
    }

    /// <summary>The platform of each rate-limited call, in order.</summary>
    public IReadOnlyList<object?> Platforms => _platforms.ToArray();

    public void Dispose() => _listener.Dispose();
}

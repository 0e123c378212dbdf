using Microsoft.Extensions.Time.Testing;

namespace Switchboard.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers come due at once: each new timer moves the clock forward by its due
/// time (on the thread pool, as a real timer would fire) and the delay it was asked for is recorded. A test sees
/// that a wait (a <c>Retry-After</c>, a pacing slot) was honoured, and for how long, without waiting for it.
/// </summary>
public sealed class DelayRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<TimeSpan> _delays = [];

    /// <summary>The due time of every timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_delays) return [.. _delays]; }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime == Timeout.InfiniteTimeSpan) return timer;
        lock (_delays) _delays.Add(dueTime);
        ThreadPool.QueueUserWorkItem(_ => Advance(dueTime));
        return timer;
    }
}

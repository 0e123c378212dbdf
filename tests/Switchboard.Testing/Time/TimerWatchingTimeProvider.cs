using Microsoft.Extensions.Time.Testing;

namespace Switchboard.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when code starts waiting on it: every timer with a due time (a
/// <c>Task.Delay</c>, a Retry-After, a pacing slot) counts. A test waits for that instead of guessing how long the
/// code under test needs to get there, then moves the clock.
/// </summary>
public sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly SemaphoreSlim _created = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan) _created.Release();
        return timer;
    }

    /// <summary>Waits until one more timer was created than the earlier calls have waited for.</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _created.WaitAsync(Patience)) throw new TimeoutException($"Nothing started waiting on the clock within {Patience.TotalSeconds:0} s.");
    }
}

using System.Collections.Concurrent;

namespace Switchboard.Teams.Connector;

/// <summary>
/// Keeps sends to one conversation (thread) within the Teams limits per bot per thread:
/// 7 per second, 8 per 2 seconds, 60 per 30 seconds, 1800 per hour. A send over a limit waits
/// for the oldest send in that window to age out instead of drawing a 429. After a 429 the conversation's
/// sends also wait for its <c>Retry-After</c> (<see cref="Defer"/>); other conversations go on.
/// </summary>
internal sealed class ConversationPacer(TimeProvider time)
{
    private static readonly (int Count, TimeSpan Window)[] Limits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private int _calls;

    /// <summary>Holds back sends to <paramref name="conversationKey"/> until <paramref name="until"/> (the Connector asked to slow down).</summary>
    public void Defer(string conversationKey, DateTimeOffset until) =>
        _notBefore.AddOrUpdate(conversationKey, until, (_, current) => current > until ? current : until);

    /// <summary>Waits until a send to <paramref name="conversationKey"/> is within the limits and records it.</summary>
    public async Task WaitTurnAsync(string conversationKey, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) % SweepEvery == 0) Sweep();
        var log = _logs.GetOrAdd(conversationKey, _ => []);
        while (true)
        {
            TimeSpan wait;
            lock (log)
            {
                var now = time.GetUtcNow();
                Trim(log, now);
                wait = WaitFor(log, now);
                if (_notBefore.TryGetValue(conversationKey, out var notBefore) && notBefore - now > wait) wait = notBefore - now;
                if (wait <= TimeSpan.Zero)
                {
                    log.Add(now);
                    return;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>How long a send at <paramref name="now"/> must wait, given earlier sends (oldest first).</summary>
    internal static TimeSpan WaitFor(List<DateTimeOffset> log, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (count, window) in Limits)
        {
            if (log.Count < count) continue;
            // The count-th most recent send must have left the window before another one fits.
            var blocking = log[log.Count - count];
            var free = blocking + window - now;
            if (free > wait) wait = free;
        }
        return wait;
    }

    private static void Trim(List<DateTimeOffset> log, DateTimeOffset now)
    {
        var cut = 0;
        while (cut < log.Count && log[cut] <= now - LongestWindow) cut++;
        if (cut > 0) log.RemoveRange(0, cut);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, notBefore) in _notBefore)
            if (notBefore <= now) _notBefore.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, notBefore));
        foreach (var (key, log) in _logs)
        {
            lock (log)
            {
                Trim(log, now);
                if (log.Count == 0) _logs.TryRemove(new KeyValuePair<string, List<DateTimeOffset>>(key, log));
            }
        }
    }
}

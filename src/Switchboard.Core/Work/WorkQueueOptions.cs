using System.ComponentModel.DataAnnotations;

namespace Switchboard.Core.Work;

/// <summary>How every work queue retries, dead-letters and de-duplicates (section <c>Work:Queue</c>).</summary>
public sealed record WorkQueueOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Work:Queue";

    /// <summary>Deliveries an item gets before it becomes a dead letter.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Back-off after the first failed attempt; it doubles with each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an enqueued item id is remembered, so enqueueing it again is ignored.</summary>
    public TimeSpan IdempotencyWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A ceiling on a queue's backlog where the store needs one (Redis stream MAXLEN, approximate): past it the
    /// oldest entries are dropped. A safety valve against runaway growth, set far above any real backlog.
    /// </summary>
    [Range(1000, long.MaxValue)]
    public long MaxLength { get; init; } = 1_000_000;

    /// <summary>The back-off after failed attempt number <paramref name="attempt"/> (1-based): doubling, capped.</summary>
    public TimeSpan RetryDelay(int attempt) => Backoff.Doubling(FirstRetryDelay, MaxRetryDelay, attempt);
}

/// <summary>Doubling back-off, shared by the queues and the scheduler runner.</summary>
internal static class Backoff
{
    public static TimeSpan Doubling(TimeSpan first, TimeSpan max, int attempt)
    {
        var delay = first * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return delay < max ? delay : max;
    }
}

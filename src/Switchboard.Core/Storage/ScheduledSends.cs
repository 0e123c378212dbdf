namespace Switchboard.Core.Storage;

/// <summary>
/// A message a scheduled job promised someone (a round-up, a reminder, a digest), sent once across instances and
/// never lost to a crash: it is recorded as sent only after the send, so a process killed before then leaves it for
/// the job's retry. A crash between the send and its record can send it twice; that is the price of never losing it.
/// </summary>
public static class ScheduledSends
{
    /// <summary>
    /// How long one runner holds a message while it sends it: shorter than the scheduler's job lease, so a job taken
    /// over after a crash finds the message free again.
    /// </summary>
    public static readonly TimeSpan SendingWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs <paramref name="send"/> unless the message <paramref name="key"/> was sent within <paramref name="memory"/> or
    /// another runner is sending it right now; true when it ran. A failed send is not recorded, so a retry sends it.
    /// </summary>
    public static async Task<bool> SendOnceAsync(this IIdempotencyStore claims, string key, TimeSpan memory,
        Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var sending = $"{key}:sending";
        if (!await claims.TryClaimAsync(sending, SendingWindow, cancellationToken)) return false;
        try
        {
            // A claim is the store's only read: taken and given back at once, it says the message wasn't sent yet.
            // The sending claim keeps every other runner out until the record below is written.
            if (!await claims.TryClaimAsync(key, memory, cancellationToken)) return false;
            await claims.ReleaseAsync(key, cancellationToken);
            await send(cancellationToken);
            await claims.TryClaimAsync(key, memory, CancellationToken.None);
            return true;
        }
        finally
        {
            await claims.ReleaseAsync(sending, CancellationToken.None);
        }
    }
}

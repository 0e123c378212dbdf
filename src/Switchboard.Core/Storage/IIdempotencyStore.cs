namespace Switchboard.Core.Storage;

/// <summary>Claims a platform's delivery id once, so a redelivered message or click has its effect once.</summary>
public interface IIdempotencyStore
{
    /// <summary>True for the first claim of <paramref name="key"/> within <paramref name="window"/>; false for every later one.</summary>
    Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Gives a claim back, so a redelivery of a delivery whose handling failed is handled again.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Tells whether storage can be reached (readiness).</summary>
public interface IStorageHealth
{
    /// <summary>Throws or returns false when storage is unreachable.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

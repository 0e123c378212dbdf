namespace Switchboard.Core.Storage;

/// <summary>
/// Conversation and user state: values read with an ETag and written with compare-and-set.
/// </summary>
public interface IStateStore
{
    /// <summary>The value and its ETag, or null when the key does not exist.</summary>
    Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="value"/> when the stored ETag matches <paramref name="expectedETag"/>:
    /// null means "only if the key does not exist", <see cref="StateEntry.AnyETag"/> (<c>"*"</c>) overwrites.
    /// </summary>
    /// <returns>The new ETag, or null when the condition failed (stale ETag, or the key already exists).</returns>
    Task<string?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken) =>
        TryWriteAsync(key, value, expectedETag, null, cancellationToken);

    /// <summary>
    /// Writes like <see cref="TryWriteAsync(string, string, string?, CancellationToken)"/>; the key then expires
    /// <paramref name="timeToLive"/> after this write (each write sets it anew), or never when it is null.
    /// An expired key reads as missing.
    /// </summary>
    /// <returns>The new ETag, or null when the condition failed.</returns>
    Task<string?> TryWriteAsync(string key, string value, string? expectedETag, TimeSpan? timeToLive, CancellationToken cancellationToken);

    /// <summary>Deletes the key when its ETag matches (or unconditionally with <c>"*"</c>).</summary>
    /// <returns>False when the condition failed or the key did not exist.</returns>
    Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken);
}

/// <summary>A stored value and the ETag to write it back with.</summary>
public sealed record StateEntry(string Value, string ETag)
{
    /// <summary>The ETag that matches anything: an unconditional write.</summary>
    public const string AnyETag = "*";
}

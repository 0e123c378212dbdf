using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchboard.Core.Storage;

/// <summary>Typed read-modify-CAS over <see cref="IStateStore"/>: no last-write-wins.</summary>
public sealed class StateDocuments(IStateStore store)
{
    private const int MaxAttempts = 8;

    /// <summary>The stored document, or null.</summary>
    public async Task<T?> ReadAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var entry = await store.ReadAsync(key, cancellationToken);
        return entry is null ? null : JsonSerializer.Deserialize(entry.Value, type);
    }

    /// <summary>
    /// Reads the document, applies <paramref name="change"/> and writes it back with compare-and-set,
    /// re-reading and re-applying when another writer got there first.
    /// </summary>
    /// <returns>The document as written.</returns>
    public Task<T> UpdateAsync<T>(string key, JsonTypeInfo<T> type, Func<T?, T> change, CancellationToken cancellationToken) where T : class =>
        UpdateAsync(key, type, change, null, cancellationToken);

    /// <summary>
    /// Like <see cref="UpdateAsync{T}(string, JsonTypeInfo{T}, Func{T, T}, CancellationToken)"/>; the document then
    /// expires <paramref name="timeToLive"/> after this write (null: never), so state nobody touches again goes away.
    /// </summary>
    /// <returns>The document as written.</returns>
    public async Task<T> UpdateAsync<T>(string key, JsonTypeInfo<T> type, Func<T?, T> change, TimeSpan? timeToLive, CancellationToken cancellationToken) where T : class
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var entry = await store.ReadAsync(key, cancellationToken);
            var current = entry is null ? null : JsonSerializer.Deserialize(entry.Value, type);
            var next = change(current);
            var etag = await store.TryWriteAsync(key, JsonSerializer.Serialize(next, type), entry?.ETag, timeToLive, cancellationToken);
            if (etag is not null) return next;
        }
        throw new StateConflictException(key);
    }
}

/// <summary>Thrown when a document kept changing under a writer for too many attempts.</summary>
public sealed class StateConflictException(string key)
    : Exception($"State '{key}' kept changing while being updated; giving up.");

using System.Collections.Concurrent;
using Switchboard.Core.Storage;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>Wraps a state store and remembers every key written, so tests can assert "nothing stored".</summary>
public sealed class RecordingStateStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentQueue<string> _writes = new();

    public IReadOnlyList<string> Writes => _writes.ToList();

    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

    public Task<string?> TryWriteAsync(string key, string value, string? expectedETag, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        _writes.Enqueue(key);
        return inner.TryWriteAsync(key, value, expectedETag, timeToLive, cancellationToken);
    }

    public Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken)
    {
        _writes.Enqueue(key);
        return inner.TryDeleteAsync(key, expectedETag, cancellationToken);
    }
}

/// <summary>Wraps an idempotency store and remembers every claim.</summary>
public sealed class RecordingIdempotencyStore(IIdempotencyStore inner) : IIdempotencyStore
{
    private readonly ConcurrentQueue<string> _claims = new();

    public IReadOnlyList<string> Claims => _claims.ToList();

    public Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        _claims.Enqueue(key);
        return inner.TryClaimAsync(key, window, cancellationToken);
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => inner.ReleaseAsync(key, cancellationToken);
}

using System.Collections.Concurrent;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Storage;

/// <summary>In-process <see cref="IStateStore"/>: the default when no Redis is configured.</summary>
/// <param name="time">The clock that expires keys written with a time-to-live.</param>
public sealed class MemoryStateStore(TimeProvider time) : IStateStore
{
    private const int SweepEvery = 1024;
    private readonly Dictionary<string, StateEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _nextETag;

    /// <summary>A store on the system clock.</summary>
    public MemoryStateStore() : this(TimeProvider.System) { }

    /// <inheritdoc />
    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropIfExpired(key);
            return Task.FromResult(_entries.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public Task<string?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken) =>
        TryWriteAsync(key, value, expectedETag, null, cancellationToken);

    /// <inheritdoc />
    public Task<string?> TryWriteAsync(string key, string value, string? expectedETag, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        if (timeToLive is { } ttl) ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
        lock (_gate)
        {
            DropIfExpired(key);
            var exists = _entries.TryGetValue(key, out var current);
            var allowed = expectedETag switch
            {
                null => !exists,
                StateEntry.AnyETag => true,
                _ => exists && current!.ETag == expectedETag,
            };
            if (!allowed) return Task.FromResult<string?>(null);
            var etag = (++_nextETag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _entries[key] = new StateEntry(value, etag);
            if (timeToLive is { } lifetime) _expiries[key] = time.GetUtcNow() + lifetime;
            else _expiries.Remove(key);
            if (_nextETag % SweepEvery == 0) DropExpired();
            return Task.FromResult<string?>(etag);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropIfExpired(key);
            if (!_entries.TryGetValue(key, out var current)) return Task.FromResult(false);
            if (expectedETag != StateEntry.AnyETag && current.ETag != expectedETag) return Task.FromResult(false);
            _expiries.Remove(key);
            return Task.FromResult(_entries.Remove(key));
        }
    }

    private void DropIfExpired(string key)
    {
        if (_expiries.TryGetValue(key, out var expiresAt) && expiresAt <= time.GetUtcNow())
        {
            _expiries.Remove(key);
            _entries.Remove(key);
        }
    }

    /// <summary>Now and then, so keys nobody reads again don't stay in memory forever.</summary>
    private void DropExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (key, expiresAt) in _expiries.ToList())
        {
            if (expiresAt > now) continue;
            _expiries.Remove(key);
            _entries.Remove(key);
        }
    }
}

/// <summary>In-process <see cref="ITicketStore"/>.</summary>
public sealed class MemoryTicketStore : ITicketStore
{
    private readonly Dictionary<TicketNumber, Ticket> _tickets = [];
    private readonly Dictionary<string, long> _sequences = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task<TicketNumber> NextNumberAsync(string prefix, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _sequences.TryGetValue(prefix, out var last) ? last + 1 : TicketNumber.First;
            _sequences[prefix] = next;
            return Task.FromResult(new TicketNumber(prefix.ToUpperInvariant(), next));
        }
    }

    /// <inheritdoc />
    public Task<Ticket?> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_tickets.ContainsKey(ticket.Number)) return Task.FromResult<Ticket?>(null);
            var stored = ticket with { Version = 1 };
            _tickets[ticket.Number] = stored;
            return Task.FromResult<Ticket?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_tickets.GetValueOrDefault(number));
    }

    /// <inheritdoc />
    public Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(ticket.Number, out var current) || current.Version != ticket.Version)
                return Task.FromResult<Ticket?>(null);
            var stored = ticket with { Version = ticket.Version + 1 };
            _tickets[ticket.Number] = stored;
            return Task.FromResult<Ticket?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        List(t => t.Requester.Key == requesterKey);

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        List(t => string.Equals(t.TeamId, teamId, StringComparison.OrdinalIgnoreCase));

    private Task<IReadOnlyList<Ticket>> List(Func<Ticket, bool> predicate)
    {
        lock (_gate)
        {
            IReadOnlyList<Ticket> result = _tickets.Values.Where(predicate)
                .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Value).ToList();
            return Task.FromResult(result);
        }
    }
}

/// <summary>In-process <see cref="IIdempotencyStore"/> with expiring claims.</summary>
/// <remarks>
/// Expired claims are dropped a few at a time as new ones are taken, oldest claim first (a queue in the order
/// they were taken), so a long-running process doesn't keep every id forever and no call scans them all.
/// </remarks>
public sealed class MemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    // Each claim drops at most this many expired ones: more than it adds, so the backlog shrinks, never a scan.
    private const int DropPerClaim = 4;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly Queue<KeyValuePair<string, DateTimeOffset>> _taken = new();

    /// <summary>Claims held now, expired ones not yet dropped included.</summary>
    internal int Count => _claims.Count;

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DropExpired(now);
        while (true)
        {
            if (_claims.TryAdd(key, now + window)) return Task.FromResult(Taken(key, now + window));
            if (!_claims.TryGetValue(key, out var expires)) continue;
            if (expires > now) return Task.FromResult(false);
            if (_claims.TryUpdate(key, now + window, expires)) return Task.FromResult(Taken(key, now + window));
        }
    }

    private bool Taken(string key, DateTimeOffset expires)
    {
        lock (_taken) _taken.Enqueue(new(key, expires));
        return true;
    }

    private void DropExpired(DateTimeOffset now)
    {
        lock (_taken)
        {
            // A claim taken again since, or released, no longer matches its queued expiry and stays (or is gone).
            for (var i = 0; i < DropPerClaim && _taken.TryPeek(out var oldest) && oldest.Value <= now; i++)
                _claims.TryRemove(_taken.Dequeue());
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}

/// <summary>In-memory storage is always reachable.</summary>
public sealed class MemoryStorageHealth : IStorageHealth
{
    /// <inheritdoc />
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

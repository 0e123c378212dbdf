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
/// <remarks>
/// Every list reads an index kept sorted as tickets are created and updated (per requester, per requester's open
/// tickets, per team), so a list costs what it returns, not a scan and sort of every ticket under the lock.
/// </remarks>
public sealed class MemoryTicketStore : ITicketStore
{
    private readonly Dictionary<TicketNumber, Stored> _tickets = [];
    private readonly Dictionary<string, SortedSet<Stored>> _byRequester = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<Stored>> _openByRequester = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<Stored>> _byTeam = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SortedSet<Stored>> _openByTeam = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _sequences = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private long _created;

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
            var stored = new Stored(ticket with { Version = 1 }, ++_created);
            _tickets[ticket.Number] = stored;
            Index(stored);
            return Task.FromResult<Ticket?>(stored.Ticket);
        }
    }

    /// <inheritdoc />
    public Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_tickets.GetValueOrDefault(number)?.Ticket);
    }

    /// <inheritdoc />
    public Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(ticket.Number, out var current) || current.Ticket.Version != ticket.Version)
                return Task.FromResult<Ticket?>(null);
            var stored = current with { Ticket = ticket with { Version = ticket.Version + 1 } };
            // Out under the old sort key and in under the new: the indexes hold the ticket itself, as it is now.
            Unindex(current);
            _tickets[ticket.Number] = stored;
            Index(stored);
            return Task.FromResult<Ticket?>(stored.Ticket);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        List(_byRequester, requesterKey);

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListOpenByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        List(_openByRequester, requesterKey);

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        List(_byTeam, teamId);

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListOpenByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        List(_openByTeam, teamId);

    private Task<IReadOnlyList<Ticket>> List(Dictionary<string, SortedSet<Stored>> index, string key)
    {
        lock (_gate)
        {
            if (!index.TryGetValue(key, out var found)) return Task.FromResult<IReadOnlyList<Ticket>>([]);
            var result = new List<Ticket>(found.Count);
            foreach (var stored in found) result.Add(stored.Ticket);
            return Task.FromResult<IReadOnlyList<Ticket>>(result);
        }
    }

    private void Index(Stored stored) => EachIndex(stored, Add);

    private void Unindex(Stored stored) => EachIndex(stored, Remove);

    // The indexes a ticket belongs in, as it is: its requester's and team's, and their open lists while it is open.
    private void EachIndex(Stored stored, Action<Dictionary<string, SortedSet<Stored>>, string, Stored> apply)
    {
        apply(_byRequester, stored.Ticket.Requester.Key, stored);
        apply(_byTeam, stored.Ticket.TeamId, stored);
        if (!stored.Ticket.IsOpen) return;
        apply(_openByRequester, stored.Ticket.Requester.Key, stored);
        apply(_openByTeam, stored.Ticket.TeamId, stored);
    }

    private static void Add(Dictionary<string, SortedSet<Stored>> index, string key, Stored stored)
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = new SortedSet<Stored>(NewestFirst.Instance);
        set.Add(stored);
    }

    // An emptied set goes, so people whose requests are all closed cost nothing.
    private static void Remove(Dictionary<string, SortedSet<Stored>> index, string key, Stored stored)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(stored) && set.Count == 0) index.Remove(key);
    }

    /// <summary>A ticket and the order it was filed in (ties in the list order go to the ticket filed first).</summary>
    private sealed record Stored(Ticket Ticket, long Sequence);

    /// <summary>Newest first, then the higher number: the order every list returns.</summary>
    private sealed class NewestFirst : IComparer<Stored>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(Stored? x, Stored? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return 1;
            if (y is null) return -1;
            var order = y.Ticket.CreatedAt.CompareTo(x.Ticket.CreatedAt);
            if (order == 0) order = y.Ticket.Number.Value.CompareTo(x.Ticket.Number.Value);
            return order != 0 ? order : x.Sequence.CompareTo(y.Sequence);
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

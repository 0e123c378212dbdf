namespace Switchboard.Core.Kudos;

/// <summary>In-process <see cref="IKudosStore"/>: the default when no Redis is configured.</summary>
/// <param name="time">The clock counters expire on.</param>
public sealed class MemoryKudosStore(TimeProvider time) : IKudosStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KudosEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<KudosEntry> _ledger = [];
    private readonly Dictionary<string, (int Value, DateTimeOffset Expires)> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _boards = new(StringComparer.Ordinal);

    /// <summary>A store on the system clock.</summary>
    public MemoryKudosStore() : this(TimeProvider.System) { }

    /// <inheritdoc />
    public Task<KudosAppend> AppendAsync(KudosEntry entry, KudosCharge charge, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Id, out var existing)) return Task.FromResult(new KudosAppend(KudosAppendOutcome.Duplicate, existing));
            if (charge.Account is { } account &&
                Counter(KudosKeys.Spent(account)) + charge.Cost > charge.Limit + Counter(KudosKeys.TopUp(account)))
                return Task.FromResult(new KudosAppend(KudosAppendOutcome.OverAllowance, null));
            if (charge.Pairs.Any(p => Counter(p) + 1 > charge.PairCap))
                return Task.FromResult(new KudosAppend(KudosAppendOutcome.OverPairCap, null));

            _entries[entry.Id] = entry;
            _ledger.Add(entry);
            if (charge.Account is { } charged) Add(KudosKeys.Spent(charged), charge.Cost, charge.ExpiresAt);
            foreach (var pair in charge.Pairs) Add(pair, 1, charge.ExpiresAt);
            foreach (var score in charge.Scores)
            {
                if (!_boards.TryGetValue(score.Board, out var board)) _boards[score.Board] = board = new(StringComparer.Ordinal);
                board[score.Member] = board.GetValueOrDefault(score.Member) + score.Points;
            }
            return Task.FromResult(new KudosAppend(KudosAppendOutcome.Appended, entry));
        }
    }

    /// <inheritdoc />
    public Task<KudosEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_entries.GetValueOrDefault(id));
    }

    /// <inheritdoc />
    public Task<KudosUsage> GetUsageAsync(string account, IReadOnlyList<string> pairs, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(new KudosUsage(Counter(KudosKeys.Spent(account)), Counter(KudosKeys.TopUp(account)),
                pairs.Distinct(StringComparer.Ordinal).ToDictionary(p => p, Counter, StringComparer.Ordinal)));
    }

    /// <inheritdoc />
    public Task<int> TopUpAsync(string account, int amount, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(Add(KudosKeys.TopUp(account), amount, expiresAt));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KudosStanding>> TopAsync(string board, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<KudosStanding> top = _boards.TryGetValue(board, out var members)
                ? members.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Take(count)
                    .Select(m => new KudosStanding(m.Key, m.Value)).ToList()
                : [];
            return Task.FromResult(top);
        }
    }

    /// <inheritdoc />
    public Task<long> ScoreAsync(string board, string member, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_boards.TryGetValue(board, out var members) ? members.GetValueOrDefault(member) : 0);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KudosEntry>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<KudosEntry> recent = Enumerable.Reverse(_ledger).Take(count).ToList();
            return Task.FromResult(recent);
        }
    }

    private int Counter(string key)
    {
        if (!_counters.TryGetValue(key, out var counter)) return 0;
        if (counter.Expires > time.GetUtcNow()) return counter.Value;
        _counters.Remove(key);
        return 0;
    }

    private int Add(string key, int amount, DateTimeOffset expires)
    {
        var value = Counter(key) + amount;
        var current = _counters.TryGetValue(key, out var c) ? c.Expires : expires;
        _counters[key] = (value, current > expires ? current : expires);
        return value;
    }
}

/// <summary>The names of kudos counters and boards, shared by the stores so they count alike.</summary>
public static class KudosKeys
{
    /// <summary>The allowance spent on an account.</summary>
    public static string Spent(string account) => $"spent:{account}";

    /// <summary>The admins' top-up of an account.</summary>
    public static string TopUp(string account) => $"topup:{account}";

    /// <summary>A giver's allowance account for one period.</summary>
    public static string Account(string giverId, KudosWindow window) => $"{giverId}|{window.Key}";

    /// <summary>The counter of kudos from one person to another in the giver's period.</summary>
    public static string Pair(string giverId, string receiverId, KudosWindow window) => $"pair:{giverId}|{receiverId}|{window.Key}";
}

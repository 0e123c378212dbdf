using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Kudos;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IKudosStore"/> on Redis: the ledger (a hash of entries by id and a list of ids), expiring counters and one
/// sorted set per leaderboard, all under the hash tag {kudos} so an append checks, charges, stores and scores in one script.
/// </summary>
/// <remarks>
/// Counters expire on the app's clock (<paramref name="time"/>, which the playground and tests control), like
/// <see cref="MemoryKudosStore"/>: each keeps its period's end beside its count and reads as 0 after it. Redis also
/// expires the key when that much real time has passed, so old periods don't pile up.
/// The scripts take their keys as KEYS (an append touches one counter per pair and one board per score), so they are
/// plain EVAL scripts like <see cref="RedisPeopleStore"/>'s rather than <see cref="LuaScript"/>s with named parameters.
/// </remarks>
public sealed class RedisKudosStore(RedisConnection connection, RedisOptions options, TimeProvider time) : IKudosStore
{
    // Shared by the scripts. ARGV[1] is always now (unix ms, the app's clock).
    private const string Counters = """
        local now = tonumber(ARGV[1])
        local function counter(key)
          local v = redis.call('HMGET', key, 'n', 'exp')
          if not v[1] or tonumber(v[2]) <= now then return 0, nil end
          return tonumber(v[1]), tonumber(v[2])
        end
        local function add(key, amount, expires)
          local value, current = counter(key)
          value = value + amount
          if not current or current < expires then current = expires end
          redis.call('HSET', key, 'n', value, 'exp', current)
          -- Past its end the count reads as 0 anyway; a non-positive expiry deletes the key now.
          redis.call('PEXPIRE', key, current - now)
          return value
        end

        """;

    // KEYS: entries, ledger, [spent, top-up when charged], pairs..., boards...
    // ARGV: now, id, json, charged (0/1), cost, limit, pair cap, expires (unix ms), pair count, then member, points per board.
    // Returns {0} appended, {1, json} duplicate, {2} over the allowance, {3} over a pair's cap.
    private const string AppendScript = Counters + """
        local existing = redis.call('HGET', KEYS[1], ARGV[2])
        if existing then return {1, existing} end
        local charged = ARGV[4] == '1'
        local cost, limit, cap, expires = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
        local first = charged and 5 or 3
        local npairs = tonumber(ARGV[9])
        if charged and counter(KEYS[3]) + cost > limit + counter(KEYS[4]) then return {2} end
        for i = first, first + npairs - 1 do
          if counter(KEYS[i]) + 1 > cap then return {3} end
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('RPUSH', KEYS[2], ARGV[2])
        if charged then add(KEYS[3], cost, expires) end
        for i = first, first + npairs - 1 do add(KEYS[i], 1, expires) end
        local arg = 10
        for i = first + npairs, #KEYS do
          redis.call('ZINCRBY', KEYS[i], ARGV[arg + 1], ARGV[arg])
          arg = arg + 2
        end
        return {0}
        """;

    // KEYS: counters. ARGV: now. Returns each count.
    private const string ReadScript = Counters + """
        local counts = {}
        for i = 1, #KEYS do counts[i] = counter(KEYS[i]) end
        return counts
        """;

    // KEYS: the top-up. ARGV: now, amount, expires (unix ms). Returns the top-up now.
    private const string TopUpScript = Counters + """
        return add(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
        """;

    // KEYS: a board. ARGV: count. Every member scoring at least the count-th highest, so the caller can order ties by member.
    private const string TopScript = """
        local last = redis.call('ZREVRANGE', KEYS[1], ARGV[1] - 1, ARGV[1] - 1, 'WITHSCORES')
        if #last == 0 then return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES') end
        return redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', last[2], 'WITHSCORES')
        """;

    private readonly KudosStoreKeys _keys = new RedisKeys(options.KeyPrefix).Kudos();

    /// <inheritdoc />
    public async Task<KudosAppend> AppendAsync(KudosEntry entry, KudosCharge charge, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = new List<RedisKey> { _keys.Entries, _keys.Ledger };
        if (charge.Account is { } account)
        {
            keys.Add(_keys.Counter(KudosKeys.Spent(account)));
            keys.Add(_keys.Counter(KudosKeys.TopUp(account)));
        }
        keys.AddRange(charge.Pairs.Select(pair => (RedisKey)_keys.Counter(pair)));
        keys.AddRange(charge.Scores.Select(score => (RedisKey)_keys.Board(score.Board)));
        var args = new List<RedisValue>
        {
            Now(), entry.Id, JsonSerializer.Serialize(entry, KudosJsonContext.Default.KudosEntry), charge.Account is null ? 0 : 1,
            charge.Cost, charge.Limit, charge.PairCap, charge.ExpiresAt.ToUnixTimeMilliseconds(), charge.Pairs.Count,
        };
        foreach (var score in charge.Scores)
        {
            args.Add(score.Member);
            args.Add(score.Points);
        }

        var result = (RedisResult[])(await db.ScriptEvaluateAsync(AppendScript, [.. keys], [.. args]))!;
        return (long)result[0] switch
        {
            0 => new KudosAppend(KudosAppendOutcome.Appended, entry),
            1 => new KudosAppend(KudosAppendOutcome.Duplicate, Deserialize((string?)result[1])),
            2 => new KudosAppend(KudosAppendOutcome.OverAllowance, null),
            _ => new KudosAppend(KudosAppendOutcome.OverPairCap, null),
        };
    }

    /// <inheritdoc />
    public async Task<KudosEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return Deserialize(await db.HashGetAsync(_keys.Entries, id));
    }

    /// <inheritdoc />
    public async Task<KudosUsage> GetUsageAsync(string account, IReadOnlyList<string> pairs, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var distinct = pairs.Distinct(StringComparer.Ordinal).ToList();
        RedisKey[] keys = [_keys.Counter(KudosKeys.Spent(account)), _keys.Counter(KudosKeys.TopUp(account)), .. distinct.Select(p => (RedisKey)_keys.Counter(p))];
        var counts = (RedisResult[])(await db.ScriptEvaluateAsync(ReadScript, keys, [Now()]))!;
        return new KudosUsage((int)counts[0], (int)counts[1],
            distinct.Select((pair, i) => (pair, count: (int)counts[i + 2])).ToDictionary(p => p.pair, p => p.count, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public async Task<int> TopUpAsync(string account, int amount, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (int)await db.ScriptEvaluateAsync(TopUpScript, [_keys.Counter(KudosKeys.TopUp(account))],
            [Now(), amount, expiresAt.ToUnixTimeMilliseconds()]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KudosStanding>> TopAsync(string board, int count, CancellationToken cancellationToken)
    {
        if (count <= 0) return [];
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var flat = (RedisResult[])(await db.ScriptEvaluateAsync(TopScript, [_keys.Board(board)], [count]))!;
        // Redis orders equal scores by member bytes, descending; the contract wants ties by member, ascending (ordinal).
        return Enumerable.Range(0, flat.Length / 2)
            .Select(i => new KudosStanding((string)flat[2 * i]!, (long)double.Parse((string)flat[2 * i + 1]!, CultureInfo.InvariantCulture)))
            .OrderByDescending(s => s.Points).ThenBy(s => s.Member, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <inheritdoc />
    public async Task<long> ScoreAsync(string board, string member, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long)(await db.SortedSetScoreAsync(_keys.Board(board), member) ?? 0);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KudosEntry>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0) return [];
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var ids = await db.ListRangeAsync(_keys.Ledger, -count, -1);
        // Entries are never removed, so reading them after the ids needs no script.
        var entries = await db.HashGetAsync(_keys.Entries, [.. ids.Reverse()]);
        return entries.Select(Deserialize).OfType<KudosEntry>().ToList();
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static KudosEntry? Deserialize(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize((string)json!, KudosJsonContext.Default.KudosEntry);
}

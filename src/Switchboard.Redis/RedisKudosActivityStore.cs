using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IKudosActivityStore"/> on Redis, every key under the hash tag {kudos-activity} so a resolution or a
/// thank-you is recorded and counted on all its boards in one script (see <see cref="RedisKeys"/> for the layout).
/// </summary>
public sealed class RedisKudosActivityStore(RedisConnection connection, RedisOptions options) : IKudosActivityStore
{
    // KEYS: resolutions, names, boards... ARGV: ticket, json, agent id ('' for none), agent name, then member, points per board.
    private const string RecordResolutionScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[4]) end
        local arg = 5
        for i = 3, #KEYS do
          redis.call('ZINCRBY', KEYS[i], ARGV[arg + 1], ARGV[arg])
          arg = arg + 2
        end
        return 1
        """;

    // KEYS: thanked, boards... ARGV: ticket, then member, points per board.
    private const string RecordThanksScript = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
        local arg = 2
        for i = 2, #KEYS do
          redis.call('ZINCRBY', KEYS[i], ARGV[arg + 1], ARGV[arg])
          arg = arg + 2
        end
        return 1
        """;

    // KEYS: a set. ARGV: members. Returns 1 for each member that was in it before, 0 for each added.
    private const string MarkScript = """
        local before = {}
        for i = 1, #ARGV do before[i] = 1 - redis.call('SADD', KEYS[1], ARGV[i]) end
        return before
        """;

    // KEYS: last-given. ARGV: person id, at (unix ms). Keeps the later time.
    private const string GivenScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current or tonumber(current) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
        return 1
        """;

    private readonly KudosActivityKeys _keys = new RedisKeys(options.KeyPrefix).KudosActivity();

    /// <inheritdoc />
    public async Task<bool> RecordResolutionAsync(KudosResolution resolution, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        RedisKey[] keys = [_keys.Resolutions, _keys.Names, .. scores.Select(s => (RedisKey)_keys.Board(s.Board))];
        RedisValue[] args =
        [
            resolution.Ticket, JsonSerializer.Serialize(resolution, KudosActivityJsonContext.Default.KudosResolution),
            resolution.AgentId ?? "", resolution.AgentName ?? "", .. Pairs(scores),
        ];
        return (long)await db.ScriptEvaluateAsync(RecordResolutionScript, keys, args) == 1;
    }

    /// <inheritdoc />
    public async Task<KudosResolution?> GetResolutionAsync(string ticket, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var json = await db.HashGetAsync(_keys.Resolutions, ticket);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, KudosActivityJsonContext.Default.KudosResolution);
    }

    /// <inheritdoc />
    public async Task<bool> RecordThanksAsync(string ticket, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        RedisKey[] keys = [_keys.Thanked, .. scores.Select(s => (RedisKey)_keys.Board(s.Board))];
        return (long)await db.ScriptEvaluateAsync(RecordThanksScript, keys, [ticket, .. Pairs(scores)]) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> AgentNamesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return new Dictionary<string, string>();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var names = await db.HashGetAsync(_keys.Names, [.. distinct.Select(id => (RedisValue)id)]);
        return distinct.Zip(names).Where(p => !p.Second.IsNull).ToDictionary(p => p.First, p => (string)p.Second!, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(string board, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var members = await db.SortedSetRangeByRankWithScoresAsync(_keys.Board(board));
        return members.ToDictionary(m => (string)m.Element!, m => (long)m.Score, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<bool> AddRequesterResolutionAsync(string requesterId, string ticket, DateTimeOffset resolvedAt, DateTimeOffset keepAfter,
        CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var key = _keys.Requester(requesterId);
        await db.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, keepAfter.ToUnixTimeMilliseconds());
        // CH: counts a member whose score changed as well as a new one.
        var changed = (long)await db.ExecuteAsync("ZADD", key, "CH", resolvedAt.ToUnixTimeMilliseconds(), ticket);
        return changed == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RequesterResolutionsAsync(string requesterId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var tickets = await db.SortedSetRangeByScoreAsync(_keys.Requester(requesterId), from.ToUnixTimeMilliseconds(), before.ToUnixTimeMilliseconds(),
            Exclude.Stop);
        return tickets.Select(t => (string)t!).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> MarkOfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0) return new HashSet<string>();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var before = (RedisResult[])(await db.ScriptEvaluateAsync(MarkScript, [_keys.Offered(requesterId)], [.. tickets.Select(t => (RedisValue)t)]))!;
        return tickets.Where((_, i) => (long)before[i] == 1).ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> OfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0) return new HashSet<string>();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var offered = await db.SetContainsAsync(_keys.Offered(requesterId), [.. tickets.Select(t => (RedisValue)t)]);
        return tickets.Where((_, i) => offered[i]).ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task SetRemindersAsync(string personId, KudosReminders setting, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        if (setting == KudosReminders.Off) await db.SetAddAsync(_keys.RemindersOff, personId);
        else await db.SetRemoveAsync(_keys.RemindersOff, personId);
    }

    /// <inheritdoc />
    public async Task<KudosReminders> GetRemindersAsync(string personId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return await db.SetContainsAsync(_keys.RemindersOff, personId) ? KudosReminders.Off : KudosReminders.On;
    }

    /// <inheritdoc />
    public async Task RecordGivenAsync(string personId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.ScriptEvaluateAsync(GivenScript, [_keys.LastGiven], [personId, at.ToUnixTimeMilliseconds()]);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> LastGivenAsync(string personId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var at = await db.HashGetAsync(_keys.LastGiven, personId);
        return at.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)at!, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task AddCardAsync(string kudosId, MessageRef card, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.HashSetAsync(_keys.Cards(kudosId), card.Address.Key, JsonSerializer.Serialize(card, KudosActivityJsonContext.Default.MessageRef));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRef>> CardsAsync(string kudosId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var cards = await db.HashGetAllAsync(_keys.Cards(kudosId));
        return cards.OrderBy(c => (string)c.Name!, StringComparer.Ordinal)
            .Select(c => JsonSerializer.Deserialize((string)c.Value!, KudosActivityJsonContext.Default.MessageRef)!).ToList();
    }

    /// <inheritdoc />
    public async Task AddJoinerAsync(string kudosId, KudosJoiner joiner, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.HashSetAsync(_keys.Joiners(kudosId), joiner.Id, JsonSerializer.Serialize(joiner, KudosActivityJsonContext.Default.KudosJoiner), When.NotExists);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KudosJoiner>> JoinersAsync(string kudosId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var joiners = await db.HashGetAllAsync(_keys.Joiners(kudosId));
        return joiners.Select(j => JsonSerializer.Deserialize((string)j.Value!, KudosActivityJsonContext.Default.KudosJoiner)!)
            .OrderBy(j => j.At).ThenBy(j => j.Id, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<RedisValue> Pairs(IReadOnlyList<KudosScore> scores) =>
        scores.SelectMany(s => new RedisValue[] { s.Member, s.Points });
}

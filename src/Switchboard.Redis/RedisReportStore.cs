using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Reports;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IReportStore"/> on Redis: a hash of counters per UTC day, one of "now", sorted sets, notes and labels, all
/// under the hash tag {reports}, so a ticket's facts are compared and set together with every counter and set they move
/// (one script, cluster-safe). A report reads one hash per day of its period, pipelined.
/// </summary>
public sealed class RedisReportStore(RedisConnection connection, RedisOptions options) : IReportStore
{
    // The changes as groups of four ARGV: op (i = HINCRBY, z = ZADD, r = ZREM, h = HSET, d = HDEL), key index, field or member, value or score.
    private const string ApplyChanges = """
        local function apply(first)
          for i = first, #ARGV, 4 do
            local op, key = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
            if op == 'i' then redis.call('HINCRBY', key, ARGV[i + 2], ARGV[i + 3])
            elseif op == 'z' then redis.call('ZADD', key, ARGV[i + 3], ARGV[i + 2])
            elseif op == 'r' then redis.call('ZREM', key, ARGV[i + 2])
            elseif op == 'h' then redis.call('HSET', key, ARGV[i + 2], ARGV[i + 3])
            else redis.call('HDEL', key, ARGV[i + 2]) end
          end
        end

        """;

    // KEYS: versions, facts, then the changed keys. ARGV: ticket, expected version (-1: none), version, facts JSON, changes.
    private const string ReplaceScript = ApplyChanges + """
        local stored = redis.call('HGET', KEYS[1], ARGV[1])
        if (stored and tonumber(stored) or -1) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
        apply(5)
        return 1
        """;

    // KEYS: applied, then the changed keys. ARGV: id, changes.
    private const string AddOnceScript = ApplyChanges + """
        if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
        apply(2)
        return 1
        """;

    private readonly ReportStoreKeys _keys = new RedisKeys(options.KeyPrefix).Reports();

    /// <inheritdoc />
    public async Task<TicketFacts?> GetTicketAsync(string ticket, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var json = await db.HashGetAsync(_keys.Facts, ticket);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ReportsJsonContext.Default.TicketFacts);
    }

    /// <inheritdoc />
    public async Task<bool> ReplaceTicketAsync(TicketFacts facts, long expectedVersion, ReportChanges changes, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = new List<RedisKey> { _keys.Versions, _keys.Facts };
        var args = new List<RedisValue> { facts.Ticket, expectedVersion, facts.Version, JsonSerializer.Serialize(facts, ReportsJsonContext.Default.TicketFacts) };
        AddChanges(changes, keys, args);
        return (long)await db.ScriptEvaluateAsync(ReplaceScript, [.. keys], [.. args]) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> AddOnceAsync(string id, ReportChanges changes, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = new List<RedisKey> { _keys.Applied };
        var args = new List<RedisValue> { id };
        AddChanges(changes, keys, args);
        return (long)await db.ScriptEvaluateAsync(AddOnceScript, [.. keys], [.. args]) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, long>>> ReadDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1)) days.Add(day);
        // Sent together: the multiplexer pipelines them on one connection.
        var reads = days.Select(day => db.HashGetAllAsync(_keys.Day(day))).ToList();
        var hashes = await Task.WhenAll(reads);
        var result = new Dictionary<DateOnly, IReadOnlyDictionary<string, long>>();
        for (var i = 0; i < days.Count; i++)
            if (hashes[i].Length > 0) result[days[i]] = Counters(hashes[i]);
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return Counters(await db.HashGetAllAsync(_keys.Now));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> CountAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return await Task.WhenAll(ranges.Select(r => db.SortedSetLengthAsync(_keys.Set(r.Set), r.Min, r.Max)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<ReportMember>>> RangeAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var reads = ranges.Select(r => r.HighestFirst
            ? db.SortedSetRangeByScoreWithScoresAsync(_keys.Set(r.Set), r.Max, r.Min, Exclude.None, Order.Descending, 0, Take(r))
            : db.SortedSetRangeByScoreWithScoresAsync(_keys.Set(r.Set), r.Min, r.Max, Exclude.None, Order.Ascending, 0, Take(r)));
        var found = await Task.WhenAll(reads);
        return found.Select(entries => (IReadOnlyList<ReportMember>)entries.Select(e => new ReportMember((string)e.Element!, e.Score)).ToList()).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> GetNotesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var notes = await db.HashGetAsync(_keys.Notes, [.. ids.Select(id => (RedisValue)id)]);
        return notes.Select(n => n.IsNull ? null : (string?)n).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (await db.HashGetAllAsync(_keys.Labels)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private void AddChanges(ReportChanges changes, List<RedisKey> keys, List<RedisValue> args)
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        int Key(string key)
        {
            if (indexes.TryGetValue(key, out var index)) return index;
            keys.Add(key);
            return indexes[key] = keys.Count;
        }

        foreach (var counter in changes.Counters)
            args.AddRange(["i", Key(counter.Day is { } day ? _keys.Day(day) : _keys.Now), counter.Field, counter.Delta]);
        foreach (var set in changes.Sets)
            args.AddRange(set.Score is { } score ? ["z", Key(_keys.Set(set.Set)), set.Member, score] : ["r", Key(_keys.Set(set.Set)), set.Member, ""]);
        foreach (var note in changes.Notes)
            args.AddRange(note.Value is { } value ? ["h", Key(_keys.Notes), note.Id, value] : ["d", Key(_keys.Notes), note.Id, ""]);
        foreach (var (id, name) in changes.Labels)
            args.AddRange(["h", Key(_keys.Labels), id, name]);
    }

    private static IReadOnlyDictionary<string, long> Counters(HashEntry[] entries) =>
        entries.ToDictionary(e => (string)e.Name!, e => long.Parse((string)e.Value!, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static long Take(ReportRange range) => range.Take == int.MaxValue ? -1 : range.Take;
}

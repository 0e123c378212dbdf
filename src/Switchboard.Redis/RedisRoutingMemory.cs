using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Routing;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IRoutingMemory"/> on Redis, shared by every instance: a hash of examples by id, one sorted set per team
/// (ids by when they were learned, so the oldest beyond the limit go), a set of removed ids and a version counter, all
/// under the hash tag {routing} so each script stays in one Redis Cluster slot.
/// </summary>
public sealed class RedisRoutingMemory(RedisConnection connection, RedisOptions options, RoutingMemoryOptions limits) : IRoutingMemory
{
    // KEYS: entries, team set, forgotten, version. ARGV: id, json, learned at (unix ms), per-team limit.
    // Returns 1 when kept, 0 when known, removed before, or older than the team's newest `limit`.
    private const string RememberScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        local limit = tonumber(ARGV[4])
        local excess = redis.call('ZCARD', KEYS[2]) - limit
        local kept = 1
        if excess > 0 then
          local oldest = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
          for _, id in ipairs(oldest) do
            if id == ARGV[1] then kept = 0 end
            redis.call('HDEL', KEYS[1], id)
          end
          redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
        end
        redis.call('INCR', KEYS[4])
        return kept
        """;

    // KEYS: entries, team set, forgotten, version. ARGV: id. Returns 1 when it was kept.
    private const string ForgetScript = """
        redis.call('SADD', KEYS[3], ARGV[1])
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('INCR', KEYS[4])
        return 1
        """;

    private readonly RoutingMemoryKeys _keys = new RedisKeys(options.KeyPrefix).RoutingMemory();

    /// <inheritdoc />
    public async Task<bool> RememberAsync(LearnedRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = await db.ScriptEvaluateAsync(RememberScript,
            [_keys.Entries, _keys.Team(route.TeamId), _keys.Forgotten, _keys.Version],
            [route.Id, JsonSerializer.Serialize(route, RoutingMemoryJsonContext.Default.LearnedRoute), route.LearnedAt.ToUnixTimeMilliseconds(), limits.PerTeamLimit]);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LearnedRoute>> ListAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var entries = await db.HashGetAllAsync(_keys.Entries);
        return [.. entries
            .Select(e => JsonSerializer.Deserialize((string)e.Value!, RoutingMemoryJsonContext.Default.LearnedRoute)!)
            .OrderByDescending(r => r.LearnedAt)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<bool> ForgetAsync(string id, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        // The team's set is named by the example; an unknown id still goes on the forgotten list.
        var json = await db.HashGetAsync(_keys.Entries, id);
        var team = json.IsNull ? "" : JsonSerializer.Deserialize((string)json!, RoutingMemoryJsonContext.Default.LearnedRoute)!.TeamId;
        var result = await db.ScriptEvaluateAsync(ForgetScript, [_keys.Entries, _keys.Team(team), _keys.Forgotten, _keys.Version], [id]);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async Task<long> VersionAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var version = await db.StringGetAsync(_keys.Version);
        return version.IsNull ? 0 : (long)version;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LearnedRoute))]
internal sealed partial class RoutingMemoryJsonContext : JsonSerializerContext;

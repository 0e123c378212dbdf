using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Answers;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IAnswerStore"/> on Redis: per team one hash of answers (JSON), one of their versions, a counter for new
/// ids and one hash of solved counts per month, all under the team's hash tag, so a compare-and-set and a counted
/// deflection each run as one script in one slot.
/// </summary>
/// <remarks>
/// Deflection ids are remembered with a Redis expiry (real time), like delivery claims; the app's clock only names the month.
/// </remarks>
public sealed class RedisAnswerStore(RedisConnection connection, RedisOptions options) : IAnswerStore
{
    // KEYS: answers, versions. ARGV: id, json. Returns 1 when created.
    private const string CreateScript = """
        if redis.call('HSETNX', KEYS[2], ARGV[1], 1) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    // KEYS: answers, versions. ARGV: id, expected version, json. Returns 1 when replaced.
    private const string UpdateScript = """
        local current = redis.call('HGET', KEYS[2], ARGV[1])
        if not current or current ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], tonumber(ARGV[2]) + 1)
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
        """;

    // KEYS: the deflection's claim, the month's counts. ARGV: memory (ms), answer id. Returns 1 when counted.
    private const string DeflectScript = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
        return 1
        """;

    private readonly RedisKeys _keys = new(options.KeyPrefix);

    /// <inheritdoc />
    public async Task<Answer?> GetAsync(string teamId, string answerId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = _keys.Answers(teamId);
        var json = await db.HashGetAsync(keys.Answers, answerId);
        var version = await db.HashGetAsync(keys.Versions, answerId);
        return Read(json, version);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Answer>> ListAsync(string teamId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = _keys.Answers(teamId);
        var all = await db.HashGetAllAsync(keys.Answers);
        var versions = (await db.HashGetAllAsync(keys.Versions)).ToDictionary(e => (string)e.Name!, e => e.Value);
        return all.Select(e => Read(e.Value, versions.GetValueOrDefault((string)e.Name!))).OfType<Answer>()
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<string> NextIdAsync(string teamId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var next = await db.StringIncrementAsync(_keys.Answers(teamId).Sequence);
        return $"{teamId.ToLowerInvariant()}.{next}";
    }

    /// <inheritdoc />
    public async Task<Answer?> TryCreateAsync(Answer answer, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = _keys.Answers(answer.TeamId);
        var stored = answer with { Version = 1 };
        var created = (int)(await db.ScriptEvaluateAsync(CreateScript, [keys.Answers, keys.Versions], [answer.Id, Write(stored)]))!;
        return created == 1 ? stored : null;
    }

    /// <inheritdoc />
    public async Task<Answer?> TryUpdateAsync(Answer answer, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = _keys.Answers(answer.TeamId);
        var stored = answer with { Version = answer.Version + 1 };
        var updated = (int)(await db.ScriptEvaluateAsync(UpdateScript, [keys.Answers, keys.Versions], [answer.Id, answer.Version, Write(stored)]))!;
        return updated == 1 ? stored : null;
    }

    /// <inheritdoc />
    public async Task<bool> RecordDeflectionAsync(string teamId, string answerId, string deflectionId, string month, TimeSpan remember, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var keys = _keys.Answers(teamId);
        var counted = (int)(await db.ScriptEvaluateAsync(DeflectScript, [keys.Deflection(deflectionId), keys.Solved(month)],
            [(long)remember.TotalMilliseconds, answerId]))!;
        return counted == 1;
    }

    /// <inheritdoc />
    public async Task<TeamDeflections> DeflectionsAsync(string teamId, string month, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var counts = await db.HashGetAllAsync(_keys.Answers(teamId).Solved(month));
        return new TeamDeflections(teamId, month, counts.ToDictionary(e => (string)e.Name!, e => (long)e.Value));
    }

    private static string Write(Answer answer) => JsonSerializer.Serialize(answer, AnswersJsonContext.Default.Answer);

    // The version kept beside the JSON is the one compare-and-set checks; the JSON's own copy may lag a failed write.
    private static Answer? Read(RedisValue json, RedisValue version) =>
        json.IsNull ? null : JsonSerializer.Deserialize((string)json!, AnswersJsonContext.Default.Answer)! with { Version = version.IsNull ? 1 : (long)version };
}

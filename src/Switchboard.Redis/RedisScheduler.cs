using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using Switchboard.Core.Work;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IScheduler"/> on Redis: one sorted set orders every job by when it is claimable. Claiming moves a
/// due job's score to now + lease and records a claim token in one script, so across any number of instances a
/// job is claimed by one of them; completing or releasing needs that token. Jobs are kept until completed or
/// cancelled, so those that fell due while nothing ran are due at start-up.
/// </summary>
public sealed class RedisScheduler(RedisConnection connection, RedisOptions options, TimeProvider time) : IScheduler
{
    private static readonly LuaScript ScheduleScript = LuaScript.Prepare("""
        redis.call('HSET', @jobs, @id, @json)
        redis.call('ZADD', @due, @dueMs, @id)
        redis.call('HDEL', @claims, @id)
        redis.call('HDEL', @attempts, @id)
        return 1
        """);

    private static readonly LuaScript CancelScript = LuaScript.Prepare("""
        redis.call('ZREM', @due, @id)
        redis.call('HDEL', @claims, @id)
        redis.call('HDEL', @attempts, @id)
        return redis.call('HDEL', @jobs, @id)
        """);

    // Returns {id, job JSON, attempt, token} per claimed job, earliest first.
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local claimed = {}
        local ids = redis.call('ZRANGEBYSCORE', @due, '-inf', @nowMs, 'LIMIT', 0, tonumber(@max))
        for n, id in ipairs(ids) do
          local json = redis.call('HGET', @jobs, id)
          if json then
            local token = @token .. ':' .. n
            redis.call('ZADD', @due, @leaseUntilMs, id)
            redis.call('HSET', @claims, id, token)
            local attempt = redis.call('HINCRBY', @attempts, id, 1)
            table.insert(claimed, {id, json, attempt, token})
          else
            redis.call('ZREM', @due, id)
          end
        end
        return claimed
        """);

    private static readonly LuaScript CompleteScript = LuaScript.Prepare("""
        if redis.call('HGET', @claims, @id) ~= @token then return 0 end
        redis.call('ZREM', @due, @id)
        redis.call('HDEL', @claims, @id)
        redis.call('HDEL', @attempts, @id)
        redis.call('HDEL', @jobs, @id)
        return 1
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        if redis.call('HGET', @claims, @id) ~= @token then return 0 end
        redis.call('ZADD', @due, @dueMs, @id)
        redis.call('HDEL', @claims, @id)
        return 1
        """);

    private static readonly LuaScript StatsScript = LuaScript.Prepare("""
        return {redis.call('ZCARD', @due), redis.call('ZCOUNT', @due, '-inf', @nowMs)}
        """);

    private readonly SchedulerKeys _keys = new RedisKeys(options.KeyPrefix).Schedule();

    public async Task ScheduleAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        WorkValidation.Job(job);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.ScriptEvaluateAsync(ScheduleScript, Args() with
        {
            id = job.Id,
            json = JsonSerializer.Serialize(job, SchedulerJsonContext.Default.ScheduledJob),
            dueMs = job.DueAt.ToUnixTimeMilliseconds(),
        });
    }

    public async Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long)await db.ScriptEvaluateAsync(CancelScript, Args() with { id = jobId }) == 1;
    }

    public async Task<ScheduledJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var json = await db.HashGetAsync(_keys.Jobs, jobId);
        return json.IsNull ? null : Deserialize(json!);
    }

    public async Task<IReadOnlyList<JobLease>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var claimed = (RedisResult[])(await db.ScriptEvaluateAsync(ClaimScript, Args() with
        {
            nowMs = now.ToUnixTimeMilliseconds(),
            max = max,
            token = Guid.NewGuid().ToString("N"),
            leaseUntilMs = (now + lease).ToUnixTimeMilliseconds(),
        }))!;
        return claimed.Select(result =>
        {
            var f = (RedisResult[])result!;
            return new JobLease(Deserialize((string)f[1]!), (int)f[2], (string)f[3]!);
        }).ToList();
    }

    public async Task<bool> CompleteAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long)await db.ScriptEvaluateAsync(CompleteScript, Args() with { id = lease.Job.Id, token = lease.Token }) == 1;
    }

    public async Task<bool> ReleaseAsync(JobLease lease, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long)await db.ScriptEvaluateAsync(ReleaseScript, Args() with
        {
            id = lease.Job.Id,
            token = lease.Token,
            dueMs = retryAt.ToUnixTimeMilliseconds(),
        }) == 1;
    }

    public async Task<SchedulerStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var r = (RedisResult[])(await db.ScriptEvaluateAsync(StatsScript, Args() with { nowMs = time.GetUtcNow().ToUnixTimeMilliseconds() }))!;
        return new SchedulerStats((long)r[0], (long)r[1]);
    }

    private ScriptArgs Args() => new() { due = _keys.Due, jobs = _keys.Jobs, claims = _keys.Claims, attempts = _keys.Attempts };

    private static ScheduledJob Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SchedulerJsonContext.Default.ScheduledJob)
        ?? throw new InvalidOperationException("A stored job is empty.");

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Names match the scripts' @parameters.")]
    private sealed record ScriptArgs
    {
        public RedisKey due { get; init; }
        public RedisKey jobs { get; init; }
        public RedisKey claims { get; init; }
        public RedisKey attempts { get; init; }
        public string id { get; init; } = "";
        public string json { get; init; } = "";
        public long dueMs { get; init; }
        public long nowMs { get; init; }
        public int max { get; init; }
        public string token { get; init; } = "";
        public long leaseUntilMs { get; init; }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScheduledJob))]
internal sealed partial class SchedulerJsonContext : JsonSerializerContext;

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.Core.Work;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IWorkQueue"/> on Redis Streams: one stream and consumer group per queue, leases as pending
/// entries (taken over with XAUTOCLAIM once idle for a lease), delivery counts as attempts, a sorted set for
/// not-before times and back-off, and hashes that hold an ordering key's later items back while one is in flight.
/// Every step that touches more than one key is one Lua script over keys sharing the queue's hash tag.
/// </summary>
/// <remarks>
/// StackExchange.Redis shares one connection, so it never blocks on XREADGROUP: consumers poll, and a
/// pub/sub wake-up (<see cref="WaitForWorkAsync"/>) cuts the wait short when something is enqueued or handed on.
/// Acknowledged entries are deleted from the stream, so its length is the backlog; MAXLEN only guards against runaway growth.
/// </remarks>
public sealed partial class RedisWorkQueue(RedisConnection connection, RedisOptions redisOptions, WorkQueueOptions options, TimeProvider time,
    ILogger<RedisWorkQueue>? logger = null) : IWorkQueue
{
    // Helpers shared by the scripts. Items travel as stream fields t (token, unique per enqueue), i (id),
    // k (ordering key), p (payload), a (attempts before this stream entry), c (trace parent, '' for none); held-back and
    // delayed items as cjson.
    private const string Prelude = """
        local S, D, I, F, P, X, XI = @stream, @delayed, @items, @inflight, @parked, @dead, @deadIndex
        local group = 'workers'
        local function add(item)
          redis.call('XADD', S, 'MAXLEN', '~', @maxLength, '*', 't', item.t, 'i', item.i, 'k', item.k, 'p', item.p, 'a', tostring(item.a), 'c', item.c or '')
        end
        local function fields(list)
          local item = {}
          for j = 1, #list, 2 do item[list[j]] = list[j + 1] end
          item.a = tonumber(item.a)
          return item
        end
        local function release(k, t)
          if redis.call('HGET', F, k) ~= t then return 0 end
          local parked = redis.call('HGET', P, k)
          if not parked then
            redis.call('HDEL', F, k)
            return 0
          end
          local list = cjson.decode(parked)
          while #list > 0 do
            local nextToken = table.remove(list, 1)
            local data = redis.call('HGET', I, nextToken)
            if data then
              if #list == 0 then redis.call('HDEL', P, k) else redis.call('HSET', P, k, cjson.encode(list)) end
              redis.call('HDEL', I, nextToken)
              redis.call('HSET', F, k, nextToken)
              add(cjson.decode(data))
              return 1
            end
          end
          redis.call('HDEL', P, k)
          redis.call('HDEL', F, k)
          return 0
        end
        local function bury(item, attempts, err)
          redis.call('HSET', X, item.t, cjson.encode({i = item.i, k = item.k, p = item.p, n = attempts, e = err, d = @nowMs}))
          redis.call('ZADD', XI, @nowMs, item.t)
          return release(item.k, item.t)
        end
        local function holds(id, consumer, deliveries)
          local pending = redis.pcall('XPENDING', S, group, id, id, 1, consumer)
          return type(pending) == 'table' and pending.err == nil and #pending == 1 and tonumber(pending[1][4]) == deliveries
        end

        """;

    // Returns 0 for a duplicate id, 1 when delayed, 2 when deliverable now (and the consumers were woken, in the
    // same round trip).
    private static readonly LuaScript EnqueueScript = LuaScript.Prepare(Prelude + """
        if not redis.call('SET', @seen, '1', 'NX', 'PX', @windowMs) then return 0 end
        local item = {t = @token, i = @id, k = @key, p = @payload, a = 0, c = @trace}
        if tonumber(@dueMs) > tonumber(@nowMs) then
          redis.call('HSET', I, item.t, cjson.encode(item))
          redis.call('ZADD', D, @dueMs, item.t)
          return 1
        end
        add(item)
        redis.call('PUBLISH', @wake, '1')
        return 2
        """);

    // Returns {delivered, buried}: delivered = {entry id, id, key, payload, attempt, deliveries, trace parent}, buried = {id, attempts}.
    // The consumer group is created when the first claim finds none (NOGROUP), not tried on every receive.
    private static readonly LuaScript ReceiveScript = LuaScript.Prepare(Prelude + """
        local want, maxAttempts = tonumber(@count), tonumber(@maxAttempts)
        local delivered, buried = {}, {}

        for _, t in ipairs(redis.call('ZRANGEBYSCORE', D, '-inf', @nowMs, 'LIMIT', 0, 100)) do
          redis.call('ZREM', D, t)
          local data = redis.call('HGET', I, t)
          if data then
            redis.call('HDEL', I, t)
            add(cjson.decode(data))
          end
        end

        local function offer(id, list, deliveries)
          local item = fields(list)
          local owner = redis.call('HGET', F, item.k)
          if owner and owner ~= item.t then
            redis.call('XACK', S, group, id)
            redis.call('XDEL', S, id)
            local parked = redis.call('HGET', P, item.k)
            local queue = parked and cjson.decode(parked) or {}
            table.insert(queue, item.t)
            redis.call('HSET', P, item.k, cjson.encode(queue))
            redis.call('HSET', I, item.t, cjson.encode(item))
            return
          end
          redis.call('HSET', F, item.k, item.t)
          local attempt = item.a + deliveries
          if attempt > maxAttempts then
            redis.call('XACK', S, group, id)
            redis.call('XDEL', S, id)
            bury(item, attempt - 1, 'Its lease ran out on every attempt.')
            table.insert(buried, {item.i, attempt - 1})
            return
          end
          table.insert(delivered, {id, item.i, item.k, item.p, attempt, deliveries, item.c or ''})
        end

        local claimed = redis.pcall('XAUTOCLAIM', S, group, @consumer, @minIdleMs, '0-0', 'COUNT', want)
        if claimed.err then
          if not string.find(claimed.err, 'NOGROUP', 1, true) then return redis.error_reply(claimed.err) end
          redis.call('XGROUP', 'CREATE', S, group, '0', 'MKSTREAM')
          claimed = {'0-0', {}}
        end
        for _, entry in ipairs(claimed[2]) do
          if entry[2] then
            local pending = redis.call('XPENDING', S, group, entry[1], entry[1], 1)
            offer(entry[1], entry[2], tonumber(pending[1][4]))
          end
        end
        if #delivered < want then
          local read = redis.call('XREADGROUP', 'GROUP', group, @consumer, 'COUNT', want - #delivered, 'STREAMS', S, '>')
          if read then
            for _, entry in ipairs(read[1][2]) do offer(entry[1], entry[2], 1) end
          end
        end
        return {delivered, buried}
        """);

    // Returns 0 when the lease is lost, 1 when acknowledged, 2 when that handed the ordering key on (and woke the consumers).
    private static readonly LuaScript AckScript = LuaScript.Prepare(Prelude + """
        if not holds(@entryId, @consumer, tonumber(@deliveries)) then return 0 end
        local entry = redis.call('XRANGE', S, @entryId, @entryId)
        redis.call('XACK', S, group, @entryId)
        redis.call('XDEL', S, @entryId)
        if #entry == 0 then return 1 end
        local item = fields(entry[1][2])
        if release(item.k, item.t) == 0 then return 1 end
        redis.call('PUBLISH', @wake, '1')
        return 2
        """);

    // Returns 0 when the lease is lost, 1 when retrying, 2 when dead-lettered.
    private static readonly LuaScript RetryScript = LuaScript.Prepare(Prelude + """
        if not holds(@entryId, @consumer, tonumber(@deliveries)) then return 0 end
        local entry = redis.call('XRANGE', S, @entryId, @entryId)
        redis.call('XACK', S, group, @entryId)
        redis.call('XDEL', S, @entryId)
        if #entry == 0 then return 0 end
        local item = fields(entry[1][2])
        local attempt = item.a + tonumber(@deliveries)
        if attempt >= tonumber(@maxAttempts) then
          bury(item, attempt, @error)
          return 2
        end
        item.a = attempt
        redis.call('HSET', I, item.t, cjson.encode(item))
        redis.call('ZADD', D, @dueMs, item.t)
        return 1
        """);

    private static readonly LuaScript RequeueScript = LuaScript.Prepare(Prelude + """
        local data = redis.call('HGET', X, @deadId)
        if not data then return 0 end
        redis.call('HDEL', X, @deadId)
        redis.call('ZREM', XI, @deadId)
        local dead = cjson.decode(data)
        add({t = @token, i = dead.i, k = dead.k, p = dead.p, a = 0})
        return 1
        """);

    private static readonly LuaScript DeleteScript = LuaScript.Prepare(Prelude + """
        redis.call('ZREM', XI, @deadId)
        return redis.call('HDEL', X, @deadId)
        """);

    // Returns {ready, leased, delayed, held back, dead letters, id of the oldest stream entry or '', due time (ms) of the
    // earliest delayed item already due or ''}.
    private static readonly LuaScript StatsScript = LuaScript.Prepare(Prelude + """
        local length = redis.call('XLEN', S)
        local leased = 0
        local summary = redis.pcall('XPENDING', S, group)
        if type(summary) == 'table' and summary.err == nil then leased = summary[1] end
        local delayed = redis.call('ZCARD', D)
        local first = redis.call('XRANGE', S, '-', '+', 'COUNT', 1)
        local oldest = ''
        if #first > 0 then oldest = first[1][1] end
        local overdue = redis.call('ZRANGEBYSCORE', D, '-inf', @nowMs, 'WITHSCORES', 'LIMIT', 0, 1)
        local dueMs = ''
        if #overdue > 0 then dueMs = overdue[2] end
        return {length - leased, leased, delayed, redis.call('HLEN', I) - delayed, redis.call('ZCARD', XI), oldest, dueMs}
        """);

    // Returns 1 when something is deliverable now (not counting leases that ran out).
    private static readonly LuaScript ProbeScript = LuaScript.Prepare(Prelude + """
        local leased = 0
        local summary = redis.pcall('XPENDING', S, group)
        if type(summary) == 'table' and summary.err == nil then leased = summary[1] end
        if redis.call('XLEN', S) > leased then return 1 end
        if #redis.call('ZRANGEBYSCORE', D, '-inf', @nowMs, 'LIMIT', 0, 1) > 0 then return 1 end
        return 0
        """);

    private readonly RedisKeys _keys = new(redisOptions.KeyPrefix);
    private readonly ILogger _logger = logger ?? NullLogger<RedisWorkQueue>.Instance;
    private readonly ConcurrentDictionary<string, Lazy<Task<Wake>>> _wakes = new(StringComparer.Ordinal);

    public async Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        WorkValidation.Item(item);
        item = WorkTrace.WithCurrentTrace(item);
        var keys = Keys(queue);
        var now = time.GetUtcNow();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (long)await db.ScriptEvaluateAsync(EnqueueScript, Args(keys, now) with
        {
            seen = keys.Seen(item.Id),
            windowMs = Milliseconds(options.IdempotencyWindow),
            token = NewToken(),
            id = item.Id,
            key = item.OrderingKey,
            payload = item.Payload,
            trace = item.TraceParent ?? "",
            dueMs = (notBefore ?? now).ToUnixTimeMilliseconds(),
        });
        return result != 0;
    }

    public async Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var keys = Keys(queue);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(ReceiveScript, Args(keys, time.GetUtcNow()) with
        {
            consumer = consumer,
            count = maxItems,
            minIdleMs = Milliseconds(lease),
            maxAttempts = options.MaxAttempts,
        }))!;

        foreach (var buried in (RedisResult[])result[1]!)
        {
            var fields = (RedisResult[])buried!;
            OnDeadLettered(queue, (string)fields[0]!, (int)fields[1]);
        }
        return ((RedisResult[])result[0]!).Select(delivered =>
        {
            var f = (RedisResult[])delivered!;
            var receipt = string.Create(CultureInfo.InvariantCulture, $"{(string)f[0]!} {(long)f[5]} {consumer}");
            var trace = (string?)f[6];
            return new WorkLease(new WorkItem((string)f[1]!, (string)f[2]!, (string)f[3]!, string.IsNullOrEmpty(trace) ? null : trace), (int)f[4], receipt);
        }).ToList();
    }

    public async Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var receipt = Receipt.Parse(lease.Receipt);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (long)await db.ScriptEvaluateAsync(AckScript, Args(keys, time.GetUtcNow()) with
        {
            entryId = receipt.EntryId,
            consumer = receipt.Consumer,
            deliveries = receipt.Deliveries,
        });
        return result != 0;
    }

    public async Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var receipt = Receipt.Parse(lease.Receipt);
        var now = time.GetUtcNow();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (long)await db.ScriptEvaluateAsync(RetryScript, Args(keys, now) with
        {
            entryId = receipt.EntryId,
            consumer = receipt.Consumer,
            deliveries = receipt.Deliveries,
            maxAttempts = options.MaxAttempts,
            dueMs = (now + options.RetryDelay(lease.Attempt)).ToUnixTimeMilliseconds(),
            error = error,
        });
        switch (result)
        {
            case 1:
                return RetryOutcome.Retrying;
            case 2:
                OnDeadLettered(queue, lease.Item.Id, lease.Attempt);
                await WakeAsync(db, keys);
                return RetryOutcome.DeadLettered;
            default:
                return RetryOutcome.LeaseLost;
        }
    }

    public async Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var keys = Keys(queue);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var ids = await db.SortedSetRangeByRankAsync(keys.DeadIndex, 0, max - 1);
        if (ids.Length == 0) return [];
        var values = await db.HashGetAsync(keys.Dead, ids);
        return ids.Zip(values).Where(pair => !pair.Second.IsNull).Select(pair => ParseDeadLetter(pair.First!, pair.Second!)).ToList();
    }

    public async Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (long)await db.ScriptEvaluateAsync(RequeueScript, Args(keys, time.GetUtcNow()) with { deadId = deadLetterId, token = NewToken() });
        if (result == 1) await WakeAsync(db, keys);
        return result == 1;
    }

    public async Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long)await db.ScriptEvaluateAsync(DeleteScript, Args(keys, time.GetUtcNow()) with { deadId = deadLetterId }) == 1;
    }

    public async Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var now = time.GetUtcNow();
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var r = (RedisResult[])(await db.ScriptEvaluateAsync(StatsScript, Args(keys, now)))!;
        var oldest = (string)r[5]!;
        DateTimeOffset? deliverableSince = oldest.Length == 0
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(oldest.AsSpan(0, oldest.IndexOf('-')), CultureInfo.InvariantCulture));
        var overdue = (string)r[6]!;
        DateTimeOffset? overdueSince = overdue.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse(overdue, CultureInfo.InvariantCulture));
        var dueSince = deliverableSince is null ? overdueSince : overdueSince is null || deliverableSince < overdueSince ? deliverableSince : overdueSince;
        return new WorkQueueStats((long)r[0], (long)r[1], (long)r[2], (long)r[3], (long)r[4], AgeAt(now, deliverableSince), AgeAt(now, dueSince));
    }

    public async Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        var subscription = _wakes.GetOrAdd(queue, _ => new Lazy<Task<Wake>>(() => SubscribeAsync(keys)));
        Wake wake;
        try
        {
            wake = await subscription.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Not kept: the next wait subscribes again once Redis is back.
            _wakes.TryRemove(new KeyValuePair<string, Lazy<Task<Wake>>>(queue, subscription));
            throw;
        }
        var signal = wake.Next;
        // A wake-up published before this waiter took the signal would be missed: look once before waiting.
        var db = await connection.GetDatabaseAsync(cancellationToken);
        if ((long)await db.ScriptEvaluateAsync(ProbeScript, Args(keys, time.GetUtcNow())) == 1) return;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = await Task.WhenAny(signal, Task.Delay(timeout, time, stop.Token));
        await stop.CancelAsync();
        if (waited != signal) await waited;
    }

    private async Task<Wake> SubscribeAsync(WorkQueueKeys keys)
    {
        var wake = new Wake();
        var subscriber = await connection.GetSubscriberAsync(CancellationToken.None);
        await subscriber.SubscribeAsync(RedisChannel.Literal(keys.Wake), (_, _) => wake.Fire());
        return wake;
    }

    private static Task WakeAsync(IDatabase db, WorkQueueKeys keys) =>
        db.PublishAsync(RedisChannel.Literal(keys.Wake), "1", CommandFlags.FireAndForget);

    private void OnDeadLettered(string queue, string itemId, int attempts)
    {
        WorkMetrics.DeadLettered(queue);
        LogDeadLettered(queue, itemId, attempts);
    }

    private WorkQueueKeys Keys(string queue)
    {
        WorkValidation.Queue(queue);
        return _keys.Work(queue);
    }

    private ScriptArgs Args(WorkQueueKeys keys, DateTimeOffset now) => new()
    {
        stream = keys.Stream,
        delayed = keys.Delayed,
        items = keys.Items,
        inflight = keys.InFlight,
        parked = keys.Parked,
        dead = keys.Dead,
        deadIndex = keys.DeadIndex,
        maxLength = options.MaxLength,
        wake = keys.Wake,
        nowMs = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
    };

    private static WorkDeadLetter ParseDeadLetter(string id, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var item = new WorkItem(root.GetProperty("i").GetString()!, root.GetProperty("k").GetString()!, root.GetProperty("p").GetString()!);
        var deadAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(root.GetProperty("d").GetString()!, CultureInfo.InvariantCulture));
        return new WorkDeadLetter(id, item, root.GetProperty("n").GetInt32(), root.GetProperty("e").GetString()!, deadAt);
    }

    // Stream ids come from the Redis server's clock: a little ahead of ours reads as no age rather than a negative one.
    private static TimeSpan? AgeAt(DateTimeOffset now, DateTimeOffset? since) => since is null ? null : now > since ? now - since : TimeSpan.Zero;

    private static long Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));

    private static string NewToken() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Error, Message = "Work item {ItemId} on queue {Queue} became a dead letter after {Attempts} attempts")]
    private partial void LogDeadLettered(string queue, string itemId, int attempts);

    /// <summary>Entry id, delivery count and consumer: what identifies one delivery in the consumer group.</summary>
    private readonly record struct Receipt(string EntryId, long Deliveries, string Consumer)
    {
        public static Receipt Parse(string receipt)
        {
            var parts = receipt.Split(' ', 3);
            if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var deliveries))
                throw new ArgumentException("Not a receipt this queue issued.", nameof(receipt));
            return new Receipt(parts[0], deliveries, parts[2]);
        }
    }

    private sealed class Wake
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next => Volatile.Read(ref _next).Task;

        public void Fire() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Every script's named parameters (<see cref="LuaScript"/> reads the ones a script uses; RedisKey ones go as KEYS).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Names match the scripts' @parameters.")]
    private sealed record ScriptArgs
    {
        public RedisKey stream { get; init; }
        public RedisKey delayed { get; init; }
        public RedisKey items { get; init; }
        public RedisKey inflight { get; init; }
        public RedisKey parked { get; init; }
        public RedisKey dead { get; init; }
        public RedisKey deadIndex { get; init; }
        public RedisKey seen { get; init; }
        public long maxLength { get; init; }
        public string wake { get; init; } = "";
        public string nowMs { get; init; } = "";
        public long windowMs { get; init; }
        public string token { get; init; } = "";
        public string id { get; init; } = "";
        public string key { get; init; } = "";
        public string payload { get; init; } = "";
        public string trace { get; init; } = "";
        public long dueMs { get; init; }
        public string consumer { get; init; } = "";
        public int count { get; init; }
        public long minIdleMs { get; init; }
        public int maxAttempts { get; init; }
        public string entryId { get; init; } = "";
        public long deliveries { get; init; }
        public string error { get; init; } = "";
        public string deadId { get; init; } = "";
    }
}

using StackExchange.Redis;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary><see cref="IStateStore"/> on Redis: one hash per key holding the value and its ETag, written by compare-and-set scripts.</summary>
public sealed class RedisStateStore(RedisConnection connection, RedisOptions options) : IStateStore
{
    private const string ValueField = "v";
    private const string ETagField = "e";

    // mode: "create" | "any" | "match"; ttlMs: the expiry to set, or 0 for none (a write without one clears an earlier one).
    private static readonly LuaScript WriteScript = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'e')
        if @mode == 'create' then
          if current then return 0 end
        elseif @mode == 'match' then
          if current ~= @expected then return 0 end
        end
        redis.call('HSET', @key, 'v', @value, 'e', @etag)
        if tonumber(@ttlMs) > 0 then redis.call('PEXPIRE', @key, @ttlMs) else redis.call('PERSIST', @key) end
        return 1
        """);

    // mode: "any" | "match".
    private static readonly LuaScript DeleteScript = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'e')
        if not current then return 0 end
        if @mode == 'match' and current ~= @expected then return 0 end
        return redis.call('DEL', @key)
        """);

    private readonly RedisKeys _keys = new(options.KeyPrefix);

    public async Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var fields = await db.HashGetAsync(_keys.State(key), [ValueField, ETagField]);
        return fields[0].IsNull || fields[1].IsNull ? null : new StateEntry(fields[0]!, fields[1]!);
    }

    public Task<string?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken) =>
        TryWriteAsync(key, value, expectedETag, null, cancellationToken);

    public async Task<string?> TryWriteAsync(string key, string value, string? expectedETag, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        // Redis expires in whole milliseconds and refuses zero.
        if (timeToLive is { } ttl) ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var mode = expectedETag switch
        {
            null => "create",
            StateEntry.AnyETag => "any",
            _ => "match",
        };
        // Random rather than a counter: an ETag read before a delete must never match the key recreated after it.
        var etag = Guid.NewGuid().ToString("N");
        var written = (long)await db.ScriptEvaluateAsync(WriteScript, new
        {
            key = (RedisKey)_keys.State(key),
            mode,
            expected = expectedETag ?? "",
            value,
            etag,
            ttlMs = timeToLive is { } lifetime ? (long)Math.Ceiling(lifetime.TotalMilliseconds) : 0L,
        });
        return written == 1 ? etag : null;
    }

    public async Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var mode = expectedETag == StateEntry.AnyETag ? "any" : "match";
        var deleted = (long)await db.ScriptEvaluateAsync(DeleteScript, new { key = (RedisKey)_keys.State(key), mode, expected = expectedETag });
        return deleted == 1;
    }
}

using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary><see cref="IStateStore"/> on Redis: one hash per key holding the value and its ETag, written by compare-and-set scripts.</summary>
public sealed class RedisStateStore(RedisConnection connection, RedisOptions options) : IStateStore
{
    private const string ValueField = "v";
    private const string ETagField = "e";

    // ARGV[1] = mode ("create" | "any" | "match"), ARGV[2] = expected ETag, ARGV[3] = value, ARGV[4] = new ETag.
    private const string WriteScript = """
        local current = redis.call('HGET', KEYS[1], 'e')
        if ARGV[1] == 'create' then
          if current then return 0 end
        elseif ARGV[1] == 'match' then
          if current ~= ARGV[2] then return 0 end
        end
        redis.call('HMSET', KEYS[1], 'v', ARGV[3], 'e', ARGV[4])
        return 1
        """;

    // ARGV[1] = mode ("any" | "match"), ARGV[2] = expected ETag.
    private const string DeleteScript = """
        local current = redis.call('HGET', KEYS[1], 'e')
        if not current then return 0 end
        if ARGV[1] == 'match' and current ~= ARGV[2] then return 0 end
        return redis.call('DEL', KEYS[1])
        """;

    private readonly RedisKeys _keys = new(options.KeyPrefix);

    public async Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var fields = await db.HashGetAsync(_keys.State(key), [ValueField, ETagField]);
        return fields[0].IsNull || fields[1].IsNull ? null : new StateEntry(fields[0]!, fields[1]!);
    }

    public async Task<string?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var mode = expectedETag switch
        {
            null => "create",
            StateEntry.AnyETag => "any",
            _ => "match",
        };
        // Random rather than a counter: an ETag read before a delete must never match the key recreated after it.
        var etag = Guid.NewGuid().ToString("N");
        var written = (long)await db.ScriptEvaluateAsync(WriteScript, [_keys.State(key)], [mode, expectedETag ?? "", value, etag]);
        return written == 1 ? etag : null;
    }

    public async Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var mode = expectedETag == StateEntry.AnyETag ? "any" : "match";
        var deleted = (long)await db.ScriptEvaluateAsync(DeleteScript, [_keys.State(key)], [mode, expectedETag]);
        return deleted == 1;
    }
}

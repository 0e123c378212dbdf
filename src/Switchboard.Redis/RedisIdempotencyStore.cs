using StackExchange.Redis;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary><see cref="IIdempotencyStore"/> on Redis: one <c>SET key 1 NX PX window</c>; Redis expires the claim.</summary>
public sealed class RedisIdempotencyStore(RedisConnection connection, RedisOptions options) : IIdempotencyStore
{
    private readonly RedisKeys _keys = new(options.KeyPrefix);

    public async Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        // Redis rejects a zero expiry and rounds to milliseconds.
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return await db.StringSetAsync(_keys.Claim(key), 1, window, When.NotExists);
    }

    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.KeyDeleteAsync(_keys.Claim(key));
    }
}

using StackExchange.Redis;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary>Readiness: Redis answers PING.</summary>
public sealed class RedisStorageHealth(RedisConnection connection) : IStorageHealth
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = await connection.GetDatabaseAsync(cancellationToken);
            await db.PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }
}

using StackExchange.Redis;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary>
/// Readiness: Redis answers PING within <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).
/// The probe has its own short limit rather than the connection's command timeout (seconds), so a load
/// balancer asking while Redis is down gets "not ready" at once instead of a hung request. The limit runs on
/// <paramref name="time"/> (default the system clock).
/// </summary>
public sealed class RedisStorageHealth(RedisConnection connection, TimeSpan? timeout = null, TimeProvider? time = null) : IStorageHealth
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(500);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PingAsync(cancellationToken).WaitAsync(timeout ?? DefaultTimeout, time ?? TimeProvider.System, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.PingAsync();
    }
}

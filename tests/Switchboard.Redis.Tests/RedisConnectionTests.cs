using System.Net;
using System.Net.Sockets;
using Switchboard.Core.Storage;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisConnectionTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Construct_WithEmptyConfiguration_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RedisConnection(new RedisOptions { Configuration = " " }));

        Assert.Contains("Redis:Configuration", error.Message);
    }

    [Fact]
    public async Task Connect_ByHostName_ReachesServer()
    {
        await using var connection = new RedisConnection(new RedisOptions { Configuration = $"localhost:{redis.Port}" });

        Assert.True(await new RedisStorageHealth(connection).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenServerAnswers_ReturnsTrue()
    {
        Assert.True(await new RedisStorageHealth(redis.Connection).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenNothingListens_ReturnsFalseWithoutThrowing()
    {
        await using var connection = new RedisConnection(new RedisOptions { Configuration = $"127.0.0.1:{UnusedPort()},connectTimeout=300" });

        Assert.False(await new RedisStorageHealth(connection).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenNothingListensAndTimeoutsAreDefault_AnswersFalseWithinASecond()
    {
        await using var connection = new RedisConnection(new RedisOptions { Configuration = $"127.0.0.1:{UnusedPort()}" });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var reachable = await new RedisStorageHealth(connection).IsReachableAsync(None);

        Assert.False(reachable);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"The probe took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task GetDatabase_WithCancelledToken_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => redis.Connection.GetDatabaseAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Restart_OfRedisServer_KeepsDataAndClientReconnects()
    {
        var options = redis.Options(RedisTestPrefix.New("restart"));
        var state = new RedisStateStore(redis.Connection, options);
        var etag = await state.TryWriteAsync("conversation:a", "before restart", null, None);

        await redis.RestartAsync(None);
        await WaitUntilReachableAsync(new RedisStorageHealth(redis.Connection));

        Assert.Equal(new StateEntry("before restart", etag!), await state.ReadAsync("conversation:a", None));
    }

    private static async Task WaitUntilReachableAsync(IStorageHealth health)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await health.IsReachableAsync(None)) return;
            await Task.Delay(100);
        }
        Assert.Fail("The client did not reconnect within 10 s of the restart.");
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

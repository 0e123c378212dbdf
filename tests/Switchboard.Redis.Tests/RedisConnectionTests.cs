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

        // A first connection (name lookup, handshake) on a loaded machine can take longer than the probe's
        // readiness limit; what is tested here is the name, so the probe gets the client's own timeout.
        Assert.True(await new RedisStorageHealth(connection, timeout: TimeSpan.FromSeconds(5)).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenServerAnswers_ReturnsTrue()
    {
        Assert.True(await new RedisStorageHealth(redis.Connection).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenNothingListens_ReturnsFalseWithoutThrowing()
    {
        using var port = LoopbackPort.Refusing();
        await using var connection = new RedisConnection(new RedisOptions { Configuration = $"127.0.0.1:{port.Port},connectTimeout=300" });

        Assert.False(await new RedisStorageHealth(connection).IsReachableAsync(None));
    }

    [Fact]
    public async Task IsReachable_WhenNothingListensAndTheClientWouldWaitLonger_AnswersFalseAtItsOwnDeadline()
    {
        using var port = LoopbackPort.Refusing();
        // The client's own timeouts are far beyond the test's patience: only the probe's deadline can answer.
        await using var connection = new RedisConnection(new RedisOptions { Configuration = $"127.0.0.1:{port.Port},connectTimeout=60000,asyncTimeout=60000" });
        var clock = new TimerWatchingTimeProvider(TestTime.Start);

        var probe = new RedisStorageHealth(connection, time: clock).IsReachableAsync(None);
        await clock.WaitForTimerAsync();
        clock.Advance(RedisStorageHealth.DefaultTimeout);

        Assert.False(await probe.WaitAsync(TimeSpan.FromSeconds(20)));
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
}

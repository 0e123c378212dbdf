using StackExchange.Redis;

namespace Switchboard.Redis;

/// <summary>
/// The process's one <see cref="ConnectionMultiplexer"/>. Connect it at start-up with <see cref="ConnectAsync"/>;
/// the stores ask for the database with <see cref="GetDatabaseAsync"/>. With <c>abortConnect=false</c> the
/// process starts while Redis is down and the multiplexer keeps reconnecting in the background.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;

    public RedisConnection(RedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Configuration))
            throw new InvalidOperationException($"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)} is empty; set it to a Redis configuration string.");
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AbortOnConnectFail = false;
        _multiplexer = new(() => ConnectCoreAsync(configuration));
    }

    /// <summary>Connects (once); later calls return the same connection.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken) =>
        await _multiplexer.Value.WaitAsync(cancellationToken);

    /// <summary>The database, once connected. Commands take no token, so this is where callers' tokens are honoured.</summary>
    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await _multiplexer.Value.WaitAsync(cancellationToken)).GetDatabase();
    }

    /// <summary>The pub/sub side of the connection, once connected.</summary>
    public async Task<ISubscriber> GetSubscriberAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await _multiplexer.Value.WaitAsync(cancellationToken)).GetSubscriber();
    }

    private static async Task<ConnectionMultiplexer> ConnectCoreAsync(ConfigurationOptions configuration)
    {
        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_multiplexer.IsValueCreated || !_multiplexer.Value.IsCompletedSuccessfully) return;
        var multiplexer = await _multiplexer.Value;
        await multiplexer.CloseAsync();
        multiplexer.Dispose();
    }

    public void Dispose()
    {
        if (!_multiplexer.IsValueCreated || !_multiplexer.Value.IsCompletedSuccessfully) return;
        _multiplexer.Value.Result.Dispose();
    }
}

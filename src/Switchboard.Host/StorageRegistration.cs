using Microsoft.Extensions.Options;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Redis;

namespace Switchboard.Host;

public static class StorageRegistration
{
    /// <summary>
    /// Redis when <c>Redis:Configuration</c> is set, otherwise the in-memory stores (state is lost on
    /// restart, which is what a bare `dotnet run` wants). The choice is made once, from the bound options.
    /// </summary>
    public static IHostApplicationBuilder AddSwitchboardStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value);
        services.AddSingleton(sp => new RedisConnection(sp.GetRequiredService<RedisOptions>()));
        services.AddHostedService<RedisStartup>();

        services.AddSingleton<IStateStore>(sp => UsesRedis(sp)
            ? new RedisStateStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryStateStore());
        services.AddSingleton<ITicketStore>(sp => UsesRedis(sp)
            ? new RedisTicketStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryTicketStore());
        services.AddSingleton<IIdempotencyStore>(sp => UsesRedis(sp)
            ? new RedisIdempotencyStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryIdempotencyStore(sp.GetRequiredService<TimeProvider>()));
        // Without Redis, acknowledged work lives only as long as the process: fine for `dotnet run`, not for production.
        services.AddSingleton<IWorkQueue>(sp => UsesRedis(sp)
            ? new RedisWorkQueue(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>(), sp.GetRequiredService<WorkQueueOptions>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisWorkQueue>>())
            : new MemoryWorkQueue(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WorkQueueOptions>(), sp.GetRequiredService<ILogger<MemoryWorkQueue>>()));
        services.AddSingleton<IStorageHealth>(sp => UsesRedis(sp)
            ? new RedisStorageHealth(sp.GetRequiredService<RedisConnection>())
            : new MemoryStorageHealth());
        return builder;
    }

    private static bool UsesRedis(IServiceProvider services) =>
        !string.IsNullOrWhiteSpace(services.GetRequiredService<RedisOptions>().Configuration);

    /// <summary>Connects the process's one multiplexer at start-up (it keeps retrying if Redis is down).</summary>
    private sealed class RedisStartup(IServiceProvider services, ILogger<RedisStartup> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!UsesRedis(services)) return;
            await services.GetRequiredService<RedisConnection>().ConnectAsync(cancellationToken);
            logger.LogInformation("Storage: Redis (key prefix {Prefix})", services.GetRequiredService<RedisOptions>().KeyPrefix);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

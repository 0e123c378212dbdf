using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Reports;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Redis;

namespace Switchboard.Host;

public static class StorageRegistration
{
    /// <summary>
    /// Redis when <c>Redis:Configuration</c> is set, otherwise the in-memory stores (state is lost on
    /// restart, which is what a bare `dotnet run` wants). The choice is made once, from the bound options.
    /// The durable work (queue and scheduler) follows the same choice; a hosted service runs the
    /// <see cref="WorkProcessor"/> and <see cref="SchedulerRunner"/> over whatever handlers are registered.
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
            : new MemoryStateStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITicketStore>(sp => UsesRedis(sp)
            ? new RedisTicketStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryTicketStore());
        services.AddSingleton<IIdempotencyStore>(sp => UsesRedis(sp)
            ? new RedisIdempotencyStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryIdempotencyStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPeopleStore>(sp => UsesRedis(sp)
            ? new RedisPeopleStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryPeopleStore());
        // Replaces the memory store the kudos module registered with the core (which is added first).
        services.Replace(ServiceDescriptor.Singleton<IKudosStore>(sp => UsesRedis(sp)
            ? new RedisKudosStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>(), sp.GetRequiredService<TimeProvider>())
            : new MemoryKudosStore(sp.GetRequiredService<TimeProvider>())));
        services.Replace(ServiceDescriptor.Singleton<IReportStore>(sp => UsesRedis(sp)
            ? new RedisReportStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryReportStore()));
        services.Replace(ServiceDescriptor.Singleton<IKudosActivityStore>(sp => UsesRedis(sp)
            ? new RedisKudosActivityStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>())
            : new MemoryKudosActivityStore()));
        services.AddSingleton<IStorageHealth>(sp => UsesRedis(sp)
            ? new RedisStorageHealth(sp.GetRequiredService<RedisConnection>())
            : new MemoryStorageHealth());

        AddWork(services);
        return builder;
    }

    private static void AddWork(IServiceCollection services)
    {
        services.AddOptions<WorkQueueOptions>().BindConfiguration(WorkQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkProcessorOptions>().BindConfiguration(WorkProcessorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulerRunnerOptions>().BindConfiguration(SchedulerRunnerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IWorkQueue>(sp => UsesRedis(sp)
            ? new RedisWorkQueue(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>(),
                sp.GetRequiredService<IOptions<WorkQueueOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisWorkQueue>>())
            : new MemoryWorkQueue(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WorkQueueOptions>>().Value,
                sp.GetRequiredService<ILogger<MemoryWorkQueue>>()));
        services.AddSingleton<IScheduler>(sp => UsesRedis(sp)
            ? new RedisScheduler(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<RedisOptions>(), sp.GetRequiredService<TimeProvider>())
            : new MemoryScheduler(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WorkProcessor(sp.GetRequiredService<IWorkQueue>(), sp.GetServices<IWorkHandler>(),
            sp.GetRequiredService<IOptions<WorkProcessorOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkProcessor>>()));
        services.AddSingleton(sp => new SchedulerRunner(sp.GetRequiredService<IScheduler>(), sp.GetServices<IJobHandler>(),
            sp.GetRequiredService<IOptions<SchedulerRunnerOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SchedulerRunner>>()));
        services.AddHostedService<WorkRunner>();
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

    /// <summary>
    /// Consumes the work queues and runs due jobs for as long as the host runs. On shutdown both stop taking
    /// work; what was taken but not finished is redelivered (to this or another instance) after its lease.
    /// </summary>
    private sealed class WorkRunner(WorkProcessor processor, SchedulerRunner scheduler) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var running = new List<Task>();
            if (processor.Queues.Count > 0) running.Add(processor.RunAsync(stoppingToken));
            // Without handlers, claiming jobs would only hand them back again and again.
            if (scheduler.Kinds.Count > 0) running.Add(scheduler.RunAsync(stoppingToken));
            return Task.WhenAll(running);
        }
    }
}

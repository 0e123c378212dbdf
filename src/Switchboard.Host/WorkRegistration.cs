using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Core.Work;

namespace Switchboard.Host;

public static class WorkRegistration
{
    /// <summary>
    /// Durable work: the queue and processor options (<c>Work:Queue</c>, <c>Work:Processor</c>) and one
    /// <see cref="WorkProcessor"/> per process, consuming every queue that has an <see cref="IWorkHandler"/> in DI.
    /// The <see cref="IWorkQueue"/> itself comes with the storage (memory or Redis).
    /// </summary>
    public static IHostApplicationBuilder AddSwitchboardWork(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkQueueOptions>().BindConfiguration(WorkQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkProcessorOptions>().BindConfiguration(WorkProcessorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkQueueOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkProcessorOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkProcessor>();
        services.AddHostedService<WorkProcessorService>();
        return builder;
    }

    /// <summary>
    /// Runs the processor for the life of the host. Stopping stops receiving and cancels running handlers; what they
    /// had not finished stays leased in the queue and is redelivered after its lease, to this or another instance.
    /// </summary>
    private sealed class WorkProcessorService(WorkProcessor processor) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => processor.RunAsync(stoppingToken);
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Core.Work;

namespace Switchboard.Host;

public static class WorkRegistration
{
    /// <summary>
    /// The durable work queue (in memory unless storage registers another <see cref="IWorkQueue"/>) and the
    /// processor that runs every registered <see cref="IWorkHandler"/> for as long as the host runs.
    /// </summary>
    public static IServiceCollection AddSwitchboardWork(this IServiceCollection services)
    {
        services.AddOptions<WorkQueueOptions>().BindConfiguration(WorkQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkProcessorOptions>().BindConfiguration(WorkProcessorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkQueueOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkProcessorOptions>>().Value);
        services.TryAddSingleton<IWorkQueue>(sp => new MemoryWorkQueue(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WorkQueueOptions>(), sp.GetRequiredService<ILogger<MemoryWorkQueue>>()));
        services.TryAddSingleton<WorkProcessor>();
        services.AddHostedService<WorkProcessorService>();
        return services;
    }

    /// <summary>Runs the <see cref="WorkProcessor"/> from start to shutdown.</summary>
    private sealed class WorkProcessorService(WorkProcessor processor) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => processor.RunAsync(stoppingToken);
    }
}

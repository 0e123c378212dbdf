using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchboard.Core;
using Switchboard.Core.Work;
using Switchboard.Slack.SocketMode;

namespace Switchboard.Host;

public static class Telemetry
{
    /// <summary>The setting (usually an environment variable) that turns exporting on: the OTLP collector's address.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>How often queue depth and lag are read from storage for the gauges.</summary>
    internal static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Exports Switchboard's metrics and traces over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the
    /// <c>Switchboard</c>, <c>Switchboard.Work</c> and <c>Switchboard.Slack</c> meters, the turn activities, ASP.NET Core's inbound requests
    /// and HttpClient's outbound calls (so one trace runs from the platform's request to our call back to it),
    /// and a sampler that reads queue depth and lag for the gauges. Without the setting nothing is registered:
    /// no listener, no sampling, and the instruments in Core stay free.
    /// </summary>
    /// <remarks>The exporter reads the other <c>OTEL_*</c> settings (protocol, headers, service name) itself.</remarks>
    public static IHostApplicationBuilder AddSwitchboardTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting])) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("switchboard"))
            .WithMetrics(metrics => metrics
                .AddMeter(SwitchboardTelemetry.Name, WorkMetrics.MeterName, SlackTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                .AddSource(SwitchboardTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        builder.Services.AddHostedService(sp => new StatsSampling(new WorkStatsSampler(sp.GetRequiredService<IWorkQueue>(),
            sp.GetRequiredService<WorkProcessor>().Queues, sp.GetRequiredService<IScheduler>(), SampleInterval,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkStatsSampler>>())));
        return builder;
    }

    /// <summary>Runs the sampler for as long as the host runs.</summary>
    private sealed class StatsSampling(WorkStatsSampler sampler) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => sampler.RunAsync(stoppingToken);
    }
}

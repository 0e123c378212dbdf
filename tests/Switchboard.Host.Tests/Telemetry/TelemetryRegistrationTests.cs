using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    // Loopback: nothing listens there, and nothing is sent before the first export interval anyway.
    private const string Collector = "http://127.0.0.1:4317";

    [Fact]
    public void AddSwitchboardTelemetry_WithoutAnEndpoint_RegistersNothing()
    {
        var builder = Builder(endpoint: null);
        var before = builder.Services.Count;

        builder.AddSwitchboardTelemetry();

        Assert.Equal(before, builder.Services.Count);
    }

    [Fact]
    public void AddSwitchboardTelemetry_WithAnEndpoint_RegistersMeterAndTracerProvidersAndTheSampler()
    {
        var builder = Builder(Collector);

        builder.AddSwitchboardTelemetry();

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(MeterProvider));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null);
    }

    [Fact]
    public void Host_WithoutAnEndpoint_HasNoProviders()
    {
        using var factory = new SwitchboardFactory();
        _ = factory.Server;

        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void Host_WithAnEndpoint_StartsWithBothProviders()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { [Switchboard.Host.Telemetry.EndpointSetting] = Collector });
        _ = factory.Server;

        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }

    private static HostApplicationBuilder Builder(string? endpoint)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[Switchboard.Host.Telemetry.EndpointSetting] = endpoint;
        return builder;
    }
}

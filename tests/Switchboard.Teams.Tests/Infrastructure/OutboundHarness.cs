using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.Teams.Connector;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>The Teams outbound side (token, Connector client, gateway) as the host wires it, against the fake.</summary>
public sealed class OutboundHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboundHarness(FakeBotFramework fake, IHost host)
    {
        Fake = fake;
        _host = host;
    }

    public FakeBotFramework Fake { get; }
    public IServiceProvider Services => _host.Services;
    internal ConnectorClient Connector => Services.GetRequiredService<ConnectorClient>();
    internal TeamsGateway Gateway => Services.GetRequiredService<TeamsGateway>();
    internal BotTokenProvider Tokens => Services.GetRequiredService<BotTokenProvider>();

    public static async Task<OutboundHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null, TimeProvider? time = null)
    {
        var fake = await FakeBotFramework.StartAsync();
        var settings = TeamsTestApp.DefaultSettings(fake);
        configure?.Invoke(settings);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (time is not null) builder.Services.AddSingleton(time);
        builder.AddTeamsChannel();
        return new OutboundHarness(fake, builder.Build());
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Fake.DisposeAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Host.Tests.Support;

/// <summary>
/// What a playground API test starts from: the real host in-process with Development's settings (plus
/// <c>settings</c>; <c>services</c> replaces services after the host's own), and a client on its playground API, as
/// the page uses it.
/// </summary>
public sealed class PlaygroundHost : IAsyncDisposable
{
    private readonly SwitchboardFactory _factory;

    public PlaygroundHost(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _factory = new SwitchboardFactory(settings: settings, services: services);
        Http = _factory.CreateClient();
        Playground = new PlaygroundClient(Http);
    }

    public HttpClient Http { get; }

    public PlaygroundClient Playground { get; }

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}

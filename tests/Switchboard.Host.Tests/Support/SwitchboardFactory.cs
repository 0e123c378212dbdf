using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Host.Tests.Support;

/// <summary>
/// The real host, in-process, with settings layered over the repository's appsettings.json; <paramref name="services"/>
/// replaces services after the host's own (a store that fails on cue).
/// </summary>
public sealed class SwitchboardFactory(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }
}

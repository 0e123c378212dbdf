using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_WithRedisDownAndDefaultTimeouts_Answers503WithinASecond()
    {
        // No connect or command timeouts in the configuration: the client's own are 5 s each.
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{UnusedPort()}",
        });
        var client = factory.CreateClient();
        await client.GetAsync("/healthz");

        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync("/readyz");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"/readyz took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class ReadinessTests
{
    /// <summary>
    /// Far below the client's own timeouts set below (60 s), far above the probe's limit (under a second) plus what a
    /// loaded machine adds to a request through the host: answering within it can only be the probe's own limit.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Readiness_WithRedisDownAndLongClientTimeouts_Answers503AtItsOwnLimit()
    {
        using var port = LoopbackPort.Refusing();
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{port.Port},connectTimeout=60000,asyncTimeout=60000",
        });
        var client = factory.CreateClient();
        await client.GetAsync("/healthz");

        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync("/readyz");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < Patience, $"/readyz took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}

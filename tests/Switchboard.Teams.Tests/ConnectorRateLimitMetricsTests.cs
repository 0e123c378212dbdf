using System.Net;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class ConnectorRateLimitMetricsTests
{
    [Fact]
    public async Task ThrottledSend_IncrementsTheRateLimitCounterForTeams()
    {
        using var rateLimits = new RateLimitRecorder();
        await using var harness = await OutboundHarness.StartAsync();
        // A Retry-After beyond the limit fails at once: one 429, no waiting.
        harness.Fake.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "3600");

        await Assert.ThrowsAsync<ConnectorException>(() => harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl,
            TeamsPayloads.PersonalConversationId, new Activity { Type = ActivityTypes.Message, Text = "hello" }, CancellationToken.None));

        Assert.Equal(["teams"], rateLimits.Platforms);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Switchboard.Core;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class ConnectorRateLimitMetricsTests
{
    // Other tests draw 429s in parallel: only those drawn in this test's async flow count.
    private static readonly AsyncLocal<bool> InThisTest = new();

    [Fact]
    public async Task ThrottledSend_IncrementsTheRateLimitCounterForTeams()
    {
        InThisTest.Value = true;
        var platforms = new ConcurrentQueue<object?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SwitchboardTelemetry.Name && instrument.Name == "switchboard.platform.rate_limited") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (InThisTest.Value) platforms.Enqueue(tags.ToArray().Single(t => t.Key == "platform").Value);
        });
        listener.Start();
        await using var harness = await OutboundHarness.StartAsync();
        // A Retry-After beyond the limit fails at once: one 429, no waiting.
        harness.Fake.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "3600");

        await Assert.ThrowsAsync<ConnectorException>(() => harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl,
            TeamsPayloads.PersonalConversationId, new Activity { Type = ActivityTypes.Message, Text = "hello" }, CancellationToken.None));

        Assert.Equal(["teams"], platforms);
    }
}

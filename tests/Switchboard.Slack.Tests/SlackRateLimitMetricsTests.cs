using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackRateLimitMetricsTests
{
    // Other tests draw 429s in parallel: only those drawn in this test's async flow count.
    private static readonly AsyncLocal<bool> InThisTest = new();

    [Fact]
    public async Task RateLimitedCall_IncrementsTheRateLimitCounterForSlack()
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
        await using var host = await SlackAdapterHost.StartAsync(new DelayRecordingTimeProvider(DateTimeOffset.UtcNow));
        host.Api.RateLimitNext("chat.postMessage", retryAfterSeconds: 7);

        await host.Services.GetRequiredService<SlackApiClient>().PostMessageAsync("C0ITDESK", "hello", null, null, CancellationToken.None);

        Assert.Equal(["slack"], platforms);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackRateLimitMetricsTests
{
    [Fact]
    public async Task RateLimitedCall_IncrementsTheRateLimitCounterForSlack()
    {
        using var rateLimits = new RateLimitRecorder();
        await using var host = await SlackAdapterHost.StartAsync(new DelayRecordingTimeProvider(DateTimeOffset.UtcNow));
        host.Api.RateLimitNext("chat.postMessage", retryAfterSeconds: 7);

        await host.Services.GetRequiredService<SlackApiClient>().PostMessageAsync("C0ITDESK", "hello", null, null, CancellationToken.None);

        Assert.Equal(["slack"], rateLimits.Platforms);
    }
}

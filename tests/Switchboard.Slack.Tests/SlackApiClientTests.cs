using Microsoft.Extensions.DependencyInjection;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackApiClientTests
{
    [Fact]
    public async Task PostMessage_RateLimited_WaitsRetryAfterThenRetries()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SlackAdapterHost.StartAsync(time);
        host.Api.RateLimitNext("chat.postMessage", retryAfterSeconds: 7);
        var api = host.Services.GetRequiredService<SlackApiClient>();

        var ts = await api.PostMessageAsync("C0ITDESK", "hello", null, null, CancellationToken.None);

        Assert.Equal(2, host.Api.CallsTo("chat.postMessage").Count());
        Assert.Contains(TimeSpan.FromSeconds(7), time.Delays);
        Assert.False(string.IsNullOrEmpty(ts));
    }

    [Fact]
    public async Task Call_OkFalse_ThrowsWithSlacksErrorCode()
    {
        await using var host = await SlackAdapterHost.StartAsync();
        host.Api.FailNext("chat.update", "message_not_found");
        var api = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            api.UpdateMessageAsync("C0ITDESK", "1.2", "x", null, CancellationToken.None));

        Assert.Equal("message_not_found", error.Error);
        Assert.Equal("chat.update", error.Method);
    }

    [Fact]
    public async Task UsersInfo_IsCachedUntilTheCacheDurationPasses()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await SlackAdapterHost.StartAsync(clock);
        var users = host.Services.GetRequiredService<SlackUserDirectory>();

        var first = await users.GetAsync("U0REQUESTER", CancellationToken.None);
        await users.GetAsync("U0REQUESTER", CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(59);
        await users.GetAsync("U0REQUESTER", CancellationToken.None);
        Assert.Single(host.Api.CallsTo("users.info"));

        clock.Now += TimeSpan.FromMinutes(2);
        await users.GetAsync("U0REQUESTER", CancellationToken.None);

        Assert.Equal(2, host.Api.CallsTo("users.info").Count());
        Assert.Equal(new SlackUserInfo("U0REQUESTER", "Maya Patel", "maya.patel@contoso.example", "Europe/Berlin", false), first);
    }

    [Fact]
    public async Task UsersInfo_UnknownUser_FallsBackToTheUserId()
    {
        await using var host = await SlackAdapterHost.StartAsync();
        var users = host.Services.GetRequiredService<SlackUserDirectory>();

        var person = await users.PersonAsync("U0NOBODY", CancellationToken.None);

        Assert.Equal("U0NOBODY", person.Name);
        Assert.Null(person.Email);
    }

    [Fact]
    public async Task Messages_ToOneChannel_ArePacedAfterTheBurst()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Slack:ChannelBurst"] = "1",
            ["Slack:MessagesPerSecondPerChannel"] = "4",
        });
        var api = host.Services.GetRequiredService<SlackApiClient>();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => api.PostMessageAsync("C0ITDESK", $"m{i}", null, null, CancellationToken.None)));
        await api.PostMessageAsync("C0OTHER", "other", null, null, CancellationToken.None);

        var times = host.Api.CallsTo("chat.postMessage").Where(c => c.Str("channel") == "C0ITDESK").Select(c => c.At).Order().ToList();
        Assert.Equal(3, times.Count);
        // 4 per second: at least ~250 ms between messages to one channel (a little slack for timer granularity).
        Assert.True(times[2] - times[0] >= TimeSpan.FromMilliseconds(400), $"spread was {(times[2] - times[0]).TotalMilliseconds} ms");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackApiClientTests
{
    [Fact]
    public async Task PostMessage_RateLimited_WaitsRetryAfterThenRetries()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow);
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
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SlackAdapterHost.StartAsync(clock);
        var users = host.Services.GetRequiredService<SlackUserDirectory>();

        var first = await users.GetAsync("U0REQUESTER", CancellationToken.None);
        await users.GetAsync("U0REQUESTER", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(59));
        await users.GetAsync("U0REQUESTER", CancellationToken.None);
        Assert.Single(host.Api.CallsTo("users.info"));

        clock.Advance(TimeSpan.FromMinutes(2));
        await users.GetAsync("U0REQUESTER", CancellationToken.None);

        Assert.Equal(2, host.Api.CallsTo("users.info").Count());
        Assert.Equal(new SlackUserInfo("U0REQUESTER", "Maya Patel", "maya.patel@contoso.example", "Europe/Berlin", false), first);
    }

    [Fact]
    public async Task UsersInfo_MorePeopleThanTheCacheHolds_RemembersAtMostItsSize()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:UserCacheSize"] = "10" });
        var users = host.Services.GetRequiredService<SlackUserDirectory>();
        var ids = Enumerable.Range(0, 50).Select(i => $"U0PERSON{i:D3}").ToList();
        foreach (var id in ids) host.Api.Users[id] = ($"Person {id}", $"{id.ToLowerInvariant()}@contoso.example");

        foreach (var id in ids) await users.GetAsync(id, CancellationToken.None);
        foreach (var id in ids) await users.GetAsync(id, CancellationToken.None);

        // Each person was asked about once, then again unless they were among the (at most) ten remembered.
        Assert.InRange(host.Api.CallsTo("users.info").Count(), 50 + 40, 50 + 50);
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
    public async Task Messages_ToOneChannel_ArePacedOnePerSecondAfterTheBurstWhileOtherChannelsAreNot()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SlackAdapterHost.StartAsync(time, new Dictionary<string, string?> { ["Slack:ChannelBurst"] = "2" });
        var api = host.Services.GetRequiredService<SlackApiClient>();

        for (var i = 0; i < 4; i++) await api.PostMessageAsync("C0ITDESK", $"m{i}", null, null, CancellationToken.None);
        await api.PostMessageAsync("C0OTHER", "other", null, null, CancellationToken.None);

        Assert.Equal(5, host.Api.CallsTo("chat.postMessage").Count());
        // Two go at once (the burst); each later one waits for its one-second slot; the other channel does not wait.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], time.Delays);
    }

    [Fact]
    public void Pacer_ConcurrentMessagesToOneChannel_GetSuccessiveSlots()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pacer = new SlackChannelPacer(Microsoft.Extensions.Options.Options.Create(new SlackOptions { ChannelBurst = 1 }), time);

        var waits = Enumerable.Range(0, 4).Select(_ => pacer.Reserve("C0ITDESK")).ToList();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], waits);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C0ITDESK"));
    }
}

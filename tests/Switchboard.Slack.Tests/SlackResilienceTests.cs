using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>What the Slack client's resilience pipeline repeats, and what it never repeats.</summary>
public sealed class SlackResilienceTests
{
    [Fact]
    public async Task PostMessage_ServerError_IsNotPostedAgain()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: Fast);
        var first = 1;
        host.Api.Faults = c => c.Method == "chat.postMessage" && Interlocked.Exchange(ref first, 0) == 1 ? new SlackFault(500) : null;
        var api = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => api.PostMessageAsync("C0ITDESK", "hello", null, null, CancellationToken.None));

        Assert.Equal("http_500", error.Error);
        Assert.Single(host.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Update_ServerError_IsSentAgain()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: Fast);
        var failures = 2;
        host.Api.Faults = c => c.Method == "chat.update" && Interlocked.Decrement(ref failures) >= 0 ? new SlackFault(503) : null;
        var api = host.Services.GetRequiredService<SlackApiClient>();

        await api.UpdateMessageAsync("C0ITDESK", "1.2", "hello", null, CancellationToken.None);

        Assert.Equal(3, host.Api.CallsTo("chat.update").Count());
        Assert.Single(host.Api.Done("chat.update"));
    }

    [Fact]
    public async Task PostMessage_AnsweredTooLate_IsNeverPostedAgainAndSaysItMayHaveArrived()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?>(Fast) { ["Slack:Outbound:AttemptTimeout"] = "00:00:00.300" });
        host.Api.AnswerDelay = c => c.Method == "chat.postMessage" ? TimeSpan.FromSeconds(5) : TimeSpan.Zero;
        var api = host.Services.GetRequiredService<SlackApiClient>();

        await Assert.ThrowsAsync<DeliveryUncertainException>(() => api.PostMessageAsync("C0ITDESK", "hello", null, null, CancellationToken.None));

        // Slack did post it; the bot must not post it again.
        Assert.Single(host.Api.Done("chat.postMessage"));
        Assert.Single(host.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task RateLimited_HoldsBackThatChannelsNextMessage_ButNotOtherChannels()
    {
        await using var host = await SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?>(Fast) { ["Slack:ChannelBurst"] = "10" });
        host.Api.RateLimitNext("chat.postMessage", retryAfterSeconds: 1);
        var api = host.Services.GetRequiredService<SlackApiClient>();

        var throttled = api.PostMessageAsync("C0ITDESK", "first", null, null, CancellationToken.None);
        await host.Api.WaitForCallAsync("chat.postMessage");
        await api.PostMessageAsync("C0OTHER", "elsewhere", null, null, CancellationToken.None);
        var next = api.PostMessageAsync("C0ITDESK", "second", null, null, CancellationToken.None);
        await Task.WhenAll(throttled, next);

        var calls = host.Api.CallsTo("chat.postMessage").ToList();
        var rateLimitedAt = calls[0].At;
        Assert.True(calls.Single(c => c.Str("channel") == "C0OTHER").At - rateLimitedAt < TimeSpan.FromMilliseconds(900));
        Assert.All(calls.Skip(1).Where(c => c.Str("channel") == "C0ITDESK"),
            c => Assert.True(c.At - rateLimitedAt >= TimeSpan.FromMilliseconds(950), $"sent {c.At - rateLimitedAt} after the 429"));
    }

    [Fact]
    public void Pacer_AfterADeferral_HoldsOnlyThatChannelUntilTheGivenTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pacer = new SlackChannelPacer(Microsoft.Extensions.Options.Options.Create(new SlackOptions { ChannelBurst = 3 }), time);

        pacer.Defer("C0ITDESK", time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), pacer.Reserve("C0ITDESK"));
        Assert.Equal(TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(1), pacer.Reserve("C0ITDESK"));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C0OTHER"));
    }

    [Fact]
    public void Pacer_ManyChannels_RemembersAtMostTheConfiguredNumber()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var pacer = new SlackChannelPacer(Microsoft.Extensions.Options.Options.Create(new SlackOptions { PacedChannels = 100 }), time);

        for (var i = 0; i < 5_000; i++) Assert.Equal(TimeSpan.Zero, pacer.Reserve($"D{i:D8}"));

        Assert.InRange(pacer.Count, 1, 100);
    }

    private static readonly Dictionary<string, string?> Fast = new() { ["Slack:Outbound:RetryBaseDelay"] = "00:00:00.010" };
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>What the Connector client's resilience pipeline repeats, and what it never repeats.</summary>
public sealed class ConnectorResilienceTests
{
    private static readonly Activity Hello = new() { Type = ActivityTypes.Message, Text = "hello" };

    [Fact]
    public async Task Post_WithoutAnAnswer_IsNeverSentAgainAndSaysItMayHaveArrived()
    {
        await using var harness = await OutboundHarness.StartAsync(s => s["Teams:AttemptTimeout"] = "00:00:00.300");
        harness.Fake.Unanswered = r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal);

        await Assert.ThrowsAsync<DeliveryUncertainException>(() =>
            harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None));

        Assert.Single(harness.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task Update_WithoutAnAnswer_IsSentAgain()
    {
        await using var harness = await OutboundHarness.StartAsync(s => s["Teams:AttemptTimeout"] = "00:00:00.300");
        var first = true;
        harness.Fake.Unanswered = r => r.Method == "PUT" && Interlocked.Exchange(ref first, false);

        await harness.Connector.UpdateActivityAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, "msg-1", Hello, CancellationToken.None);

        Assert.Equal(2, harness.Fake.ConnectorWrites.Count);
        Assert.NotNull(harness.Fake.ConnectorWrites[1].Response);
    }

    [Fact]
    public async Task Throttled_HoldsBackThatConversationsNextSend_ButNotOtherConversations()
    {
        var clock = new TimerWatchingTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
        await using var harness = await OutboundHarness.StartAsync(time: clock);
        harness.Fake.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "1");
        const string other = "a:other-conversation";
        int Writes(string conversation) => harness.Fake.ConnectorWrites.Count(w => w.Path.Contains(conversation, StringComparison.Ordinal));

        var throttled = harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None);
        // The retry waits out the Retry-After on the clock; the conversation was held back just before.
        await clock.WaitForTimerAsync();
        await harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, other, Hello, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var next = harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None);
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal((1, 1, false), (Writes(TeamsPayloads.PersonalConversationId), Writes(other), next.IsCompleted));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(throttled, next).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, Writes(TeamsPayloads.PersonalConversationId));
    }

    [Fact]
    public void Pacer_AfterADeferral_HoldsOnlyThatConversationUntilTheGivenTime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
        var pacer = new ConversationPacer(clock);

        pacer.Defer("19:thread", clock.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.False(pacer.WaitTurnAsync("19:thread", CancellationToken.None).IsCompleted);
        Assert.True(pacer.WaitTurnAsync("a:other", CancellationToken.None).IsCompletedSuccessfully);
    }
}

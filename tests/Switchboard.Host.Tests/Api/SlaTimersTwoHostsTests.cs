using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>
/// Two hosts share one Redis. Security works around the clock; its Normal first-response target is cut to
/// eight seconds here, so the at-risk reminder and the breach escalation come due while the test watches: each
/// reaches the team's channel exactly once, whichever host's scheduler claims it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SlaTimersTwoHostsTests(RedisServerFixture redis)
{
    private SwitchboardFactory Host(string prefix, string firstResponse) => new(settings: new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
        ["ServiceTeams:security:Sla:FirstResponse:Normal"] = firstResponse,
    });

    [Fact]
    public async Task AtRiskAndBreach_WithTwoHostsOnOneRedis_EachReachTheChannelOnce()
    {
        var prefix = RedisTestPrefix.New("sla-two-hosts");
        await using var first = Host(prefix, "00:00:08");
        await using var second = Host(prefix, "00:00:08");
        var playground = new PlaygroundClient(first.CreateClient());
        _ = second.CreateClient(); // starts the second host's scheduler

        var number = await FileSecurityRequestAsync(playground, first.Services);

        await WaitForAsync(async () => (await ThreadNotesAsync(playground)).Any(t => t.StartsWith($"🚨 {number} missed", StringComparison.Ordinal)), TimeSpan.FromSeconds(40));
        // Both schedulers keep polling a while longer: nothing fires again.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var notes = await ThreadNotesAsync(playground);
        Assert.Single(notes, t => t.StartsWith($"⏰ {number} is unassigned and at risk", StringComparison.Ordinal));
        Assert.Single(notes, t => t.StartsWith($"🚨 {number} missed its first response target", StringComparison.Ordinal));
        Assert.True(TicketNumber.TryParse(number, out var parsed));
        var ticket = await first.Services.GetRequiredService<ITicketStore>().GetAsync(parsed.Value, CancellationToken.None);
        Assert.Equal(2, ticket!.History.Count(e => e.Kind == TicketEventKind.Timer));
    }

    [Fact]
    public async Task TicketAnsweredInTime_FiresNoReminder()
    {
        var prefix = RedisTestPrefix.New("sla-in-time");
        await using var first = Host(prefix, "00:00:06");
        await using var second = Host(prefix, "00:00:06");
        var playground = new PlaygroundClient(first.CreateClient());
        _ = second.CreateClient();

        var number = await FileSecurityRequestAsync(playground, first.Services);
        await playground.ClickAsync("dana.okafor", "team:security", "Assign to me");
        await first.Services.WaitForOutboxAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));

        Assert.DoesNotContain(await ThreadNotesAsync(playground), t => t.StartsWith("⏰", StringComparison.Ordinal) || t.StartsWith($"🚨 {number}", StringComparison.Ordinal));
    }

    private static async Task<string> FileSecurityRequestAsync(PlaygroundClient playground, IServiceProvider services)
    {
        await playground.SayAsync("maya", "dm:maya", "I opened an attachment and now my files are encrypted");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await services.WaitForOutboxAsync();
        var (card, _) = await playground.CardWithButtonAsync("dana.okafor", "team:security", "Assign to me");
        return ((string)card["card"]!["title"]!).Split(' ')[0];
    }

    private static async Task<IReadOnlyList<string>> ThreadNotesAsync(PlaygroundClient playground) =>
        await playground.TextsAsync("dana.okafor", "team:security");

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "What the test waited for never happened.");
            await Task.Delay(200);
        }
    }
}

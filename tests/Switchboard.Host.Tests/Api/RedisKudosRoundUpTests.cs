using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Storage;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;
using Switchboard.Core.Work;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>The weekly round-up with two instances on one Redis: both run the scheduler, the requester gets it once.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisKudosRoundUpTests(RedisServerFixture redis)
{
    private SwitchboardFactory Host(string prefix) => new(settings: new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
    });

    [Fact]
    public async Task RoundUp_WithTwoInstancesRunningTheScheduler_ReachesTheRequesterOnce()
    {
        var prefix = RedisTestPrefix.New("round-up");
        await using var first = Host(prefix);
        await using var second = Host(prefix);
        var one = first.CreateClient();
        var two = second.CreateClient();
        var playground = new PlaygroundClient(one);

        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call since this morning");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await first.Services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Assign to me");
        await playground.ClickAsync("alex.kim", "team:it", "Resolve", new() { ["note"] = "Reinstalled the VPN client" });
        await first.Services.WaitForOutboxAsync();

        // Her round-up job, as the resolution scheduled it (appsettings: Friday 15:00 in her time zone).
        var ticket = (await first.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("playground:maya", CancellationToken.None)).Single();
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        var (maya, zone) = await first.Services.GetRequiredService<KudosService>().ResolveAsync(ticket.Requester, CancellationToken.None);
        var due = KudosRoundUps.Next(first.Services.GetRequiredService<KudosOptions>().RoundUp, zone, ticket.ResolvedAt!.Value);
        var jobId = KudosRoundUps.JobId(maya.Id, DateOnly.FromDateTime(LocalTimes.WallClock(zone, due)));
        var scheduler = first.Services.GetRequiredService<IScheduler>();
        Assert.Equal(due, (await scheduler.GetAsync(jobId, CancellationToken.None))!.DueAt);

        // Both instances' clocks reach it: both runners race for the job.
        foreach (var http in new[] { one, two })
            (await http.PostAsJsonAsync("/api/playground/clock", new { advance = "P8D" })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await scheduler.GetAsync(jobId, CancellationToken.None) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The round-up job was never completed.");
            await Task.Delay(50);
        }

        var roundUps = (await playground.MessagesAsync("maya", "dm:maya"))
            .Where(m => m!["card"]?["title"]?.GetValue<string>() == "Your week's resolved requests").ToList();
        var card = Assert.Single(roundUps)!["card"]!;
        Assert.Equal("1 of your requests was resolved this week by Alex Kim — thank them?", card["text"]!.GetValue<string>());
        Assert.Contains(KudosNudgeNames.RoundUpThankVerb, PlaygroundClient.Json(card));
    }
}

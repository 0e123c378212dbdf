using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Host.Tests.Support;
using Switchboard.Redis;

namespace Switchboard.Host.Tests.Api;

[Collection(RedisCollection.Name)]
public sealed class RedisEndToEndTests(RedisServerFixture redis)
{
    private SwitchboardFactory Host(string prefix) => new(settings: new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
    });

    [Fact]
    public async Task WholeLoop_WithRedis_FilesAssignsResolvesAndTellsTheRequester()
    {
        await using var factory = Host(RedisTestPrefix.New("loop"));

        await PlaygroundScenarios.RunWholeLoopAsync(factory.CreateClient(), factory.Services);

        Assert.IsType<RedisTicketStore>(factory.Services.GetRequiredService<ITicketStore>());
    }

    [Fact]
    public async Task Tickets_SurviveARestartOfTheHost()
    {
        var prefix = RedisTestPrefix.New("restart");
        await using (var first = Host(prefix))
        {
            var playground = new PlaygroundClient(first.CreateClient());
            await playground.SayAsync("maya", "dm:maya", "My VPN drops every call");
            await playground.ClickAsync("maya", "dm:maya", "Submit");
            await first.Services.WaitForOutboxAsync();
        }

        await using var second = Host(prefix);
        var again = new PlaygroundClient(second.CreateClient());
        await again.SayAsync("maya", "dm:maya", "my requests");
        var assigned = await again.ClickAsync("alex.kim", "team:it", "Assign to me");
        await again.SayAsync("maya", "dm:maya", "My VPN drops every call again");
        await again.ClickAsync("maya", "dm:maya", "Submit");
        await second.Services.WaitForOutboxAsync();

        var texts = await again.TextsAsync("maya", "dm:maya");
        Assert.Contains(texts, t => t.Contains("IT-1001 · My VPN drops every call — New (IT Support)"));
        Assert.Equal("Handled", (string?)assigned["outcome"]);
        Assert.Contains(texts, t => t == "IT-1001: Alex Kim is on it.");
        Assert.Contains(texts, t => t.StartsWith("Filed IT-1002 with IT Support"));
        var stored = await second.Services.GetRequiredService<ITicketStore>().GetAsync(new TicketNumber("IT", 1001), CancellationToken.None);
        Assert.Equal(TicketStatus.Assigned, stored!.Status);
    }

    [Fact]
    public async Task Kudos_GivenInThePlaygroundWithRedis_AreStoredInRedis()
    {
        var prefix = RedisTestPrefix.New("kudos");
        await using var factory = Host(prefix);

        var playground = new PlaygroundClient(factory.CreateClient());

        await playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my laptop in ten minutes #ownership");
        await factory.Services.WaitForOutboxAsync();

        Assert.IsType<RedisKudosStore>(factory.Services.GetRequiredService<IKudosStore>());
        Assert.Contains(await playground.TextsAsync("maya", "dm:maya"), t => t.StartsWith("Kudos sent to Alex Kim."));
        // Read back by another store over the same Redis keys: the kudos is in Redis, not in the host's memory.
        var stored = Assert.Single(await new RedisKudosStore(redis.Connection, redis.Options(prefix), TimeProvider.System).RecentAsync(10, CancellationToken.None));
        Assert.Equal("fixing my laptop in ten minutes", stored.Reason);
        Assert.Equal(["Alex Kim"], stored.Receivers.Select(r => r.Name));
    }

    [Fact]
    public async Task Readiness_WithRedisUp_IsReady()
    {
        await using var factory = Host(RedisTestPrefix.New("ready"));

        var response = await factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_WithRedisDown_Is503()
    {
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,syncTimeout=200",
        });

        var response = await factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}

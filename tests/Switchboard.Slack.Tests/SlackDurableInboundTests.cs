using System.Globalization;
using System.Net;
using Switchboard.Core.Work;
using Switchboard.Redis;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Nothing acknowledged to Slack is lost: events are stored in Redis before the 200, so a host killed with SIGKILL
/// (or stopped for a deploy) right after acknowledging them leaves them for the next host, which answers each
/// exactly once; and two hosts on one Redis share the work without answering anything twice.
/// </summary>
[Collection(SlackRedisCollection.Name)]
public sealed class SlackDurableInboundTests(DurableRedisServerFixture redis)
{
    private const int Events = 100;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AcknowledgedEvents_HostKilledBeforeProcessingThem_AreAllAnsweredOnceByTheNextHost()
    {
        // Slack's users.info hangs: the first host takes turns off the queue but gets nowhere with them.
        var (replies, stats, log) = await AcknowledgeKillAndRestartAsync(hangingMethod: "users.info");

        Assert.True(stats == new WorkQueueStats(0, 0, 0, 0, 0, null), log);
        AssertEachAnsweredOnce(replies, log);
    }

    [Fact]
    public async Task AcknowledgedEvents_HostKilledInTheMiddleOfTheirTurns_AreAllAnsweredOnceByTheNextHost()
    {
        // chat.postMessage hangs: the first host's turns are inside the engine, which has claimed their delivery ids.
        var (replies, stats, log) = await AcknowledgeKillAndRestartAsync(hangingMethod: "chat.postMessage");

        Assert.True(stats == new WorkQueueStats(0, 0, 0, 0, 0, null), log);
        AssertEachAnsweredOnce(replies, log);
    }

    [Fact]
    public async Task AcknowledgedBacklog_HostStoppedNormally_IsLeftForTheNextHostAndAnsweredOnce()
    {
        var prefix = RedisTestPrefix.New("stop");
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
            ["Work:Processor:Lease"] = "00:00:10",
            ["Work:Processor:MaxConcurrency"] = "16",
        };
        await using (var hanging = await FakeSlackApi.StartAsync())
        {
            AddPeople(hanging);
            hanging.Hold("users.info");
            // Leaving this block is a deploy: the host stops normally with a backlog, its running turns cut short.
            await using var stopping = await SlackApp.StartAsync(settings, hanging);
            for (var i = 0; i < Events; i++)
                Assert.Equal(HttpStatusCode.OK, (await stopping.Client.SendAsync(DirectMessage(i, retry: null))).StatusCode);
            await hanging.WaitForAsync(calls => calls.Count(c => c.Method == "users.info") >= 16, "16 turns stuck in users.info");
        }

        await using var working = await FakeSlackApi.StartAsync();
        AddPeople(working);
        await using var next = await SlackApp.StartAsync(settings, working);
        var stats = await WaitUntilSettledAsync(prefix, working);

        Assert.Equal(new WorkQueueStats(0, 0, 0, 0, 0, null), stats);
        AssertEachAnsweredOnce(Replies(working));
    }

    [Fact]
    public async Task TwoHostsOnOneRedis_EventsAndSlackRetriesSpreadOverBoth_AreEachAnsweredOnce()
    {
        var prefix = RedisTestPrefix.New("two-hosts");
        await using var api = await FakeSlackApi.StartAsync();
        AddPeople(api);
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
        };
        await using var first = await SlackApp.StartAsync(settings, api);
        await using var second = await SlackApp.StartAsync(settings, api);

        for (var i = 0; i < Events; i++)
        {
            // Each event reaches one host, and Slack's retry of it (as if the ack had been slow) the other.
            var (host, other) = i % 2 == 0 ? (first, second) : (second, first);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(DirectMessage(i, retry: null))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await other.Client.SendAsync(DirectMessage(i, retry: 1))).StatusCode);
        }

        var stats = await WaitUntilSettledAsync(prefix, api);
        Assert.Equal(new WorkQueueStats(0, 0, 0, 0, 0, null), stats);
        AssertEachAnsweredOnce(Replies(api));
    }

    /// <summary>
    /// Posts <see cref="Events"/> signed DMs to a host process whose Slack hangs on <paramref name="hangingMethod"/>,
    /// kills it with SIGKILL once every event is acknowledged and its turns are stuck, then starts a second host
    /// with a working Slack and waits until the queue is empty.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, int> Replies, WorkQueueStats Stats, string Log)> AcknowledgeKillAndRestartAsync(string hangingMethod)
    {
        var prefix = RedisTestPrefix.New("crash");
        await using (var hanging = await FakeSlackApi.StartAsync())
        {
            AddPeople(hanging);
            hanging.Hold(hangingMethod);
            // Fewer workers than events: once they all hang, this host takes nothing more off the queue.
            await using var doomed = await HostProcess.StartAsync(Settings(hanging, prefix, maxConcurrency: 16));
            for (var i = 0; i < Events; i++)
            {
                using var response = await doomed.Client.SendAsync(DirectMessage(i, retry: null));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Event {i} was answered {response.StatusCode}:\n{doomed.Output}");
            }
            await hanging.WaitForAsync(calls => calls.Count(c => c.Method == hangingMethod) >= 16, $"16 turns stuck in {hangingMethod}", 30_000);
            await doomed.KillAsync();
        }

        await using var working = await FakeSlackApi.StartAsync();
        AddPeople(working);
        await using var successor = await HostProcess.StartAsync(Settings(working, prefix, maxConcurrency: 16));
        var stats = await WaitUntilSettledAsync(prefix, working, () => successor.Output);
        return (Replies(working), stats, $"{stats}\n{successor.Output}");
    }

    private Dictionary<string, string> Settings(FakeSlackApi api, string prefix, int maxConcurrency) => new()
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
        ["Slack:SigningSecret"] = SlackSigner.Secret,
        ["Slack:BotToken"] = "xoxb-test-token",
        ["Slack:ApiBaseUrl"] = api.BaseUrl,
        // Short, so the successor takes over the dead host's turns soon; long enough that no turn outlives it on a
        // busy machine (one that did would run again alongside itself, and die silently after its last attempt).
        ["Work:Processor:Lease"] = "00:00:10",
        ["Work:Processor:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Waits until the inbound queue has nothing ready, leased, delayed or waiting: no turn can run any more.</summary>
    private async Task<WorkQueueStats> WaitUntilSettledAsync(string prefix, FakeSlackApi api, Func<string>? hostOutput = null)
    {
        await using var connection = new RedisConnection(new RedisOptions { Configuration = redis.ConnectionString, KeyPrefix = prefix });
        var queue = new RedisWorkQueue(connection, new RedisOptions { Configuration = redis.ConnectionString, KeyPrefix = prefix }, new WorkQueueOptions(), TimeProvider.System);
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var stats = await queue.GetStatsAsync(SlackInboundQueue.Name, CancellationToken.None);
            if (stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0) return stats;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The inbound queue did not empty within {SettleTimeout.TotalSeconds} s: {stats}; " +
                            $"{Replies(api).Count} conversations answered.\n{hostOutput?.Invoke()}");
            }
            await Task.Delay(100);
        }
    }

    private static void AssertEachAnsweredOnce(IReadOnlyDictionary<string, int> replies, string log = "")
    {
        var unanswered = Enumerable.Range(0, Events).Select(Channel).Where(c => !replies.ContainsKey(c)).ToList();
        Assert.True(unanswered.Count == 0, $"Never answered: {string.Join(", ", unanswered)}\n{log}");
        Assert.All(replies, reply => Assert.True(reply.Value == 1, $"{reply.Key} was answered {reply.Value} times\n{log}"));
        Assert.Equal(Events, replies.Count);
    }

    /// <summary>Messages Slack accepted (answered), counted per conversation.</summary>
    private static Dictionary<string, int> Replies(FakeSlackApi api) =>
        api.CallsTo("chat.postMessage").Where(c => c.Answer is not null)
            .GroupBy(c => c.Str("channel")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static HttpRequestMessage DirectMessage(int person, int? retry) =>
        SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", User(person)), ("text", "help"), ("event_id", $"Ev0CRASH{person:D4}"))
                .Replace("D0MAYADM", Channel(person), StringComparison.Ordinal),
            DateTimeOffset.UtcNow, retry);

    private static void AddPeople(FakeSlackApi api)
    {
        for (var i = 0; i < Events; i++) api.Users[User(i)] = ($"Person {i}", $"person{i}@contoso.example");
    }

    private static string User(int person) => $"U0P{person:D4}";

    private static string Channel(int person) => $"D0P{person:D4}";
}

using System.Globalization;
using System.Text.Json.Nodes;
using Switchboard.Core.Work;
using Switchboard.Redis;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// A host in Socket Mode killed with SIGKILL after storing envelopes in Redis and before Slack had any of their
/// acknowledgements: Slack sends them again to the next host, which acknowledges each and answers each once.
/// </summary>
[Collection(SlackRedisCollection.Name)]
public sealed class SlackSocketModeCrashTests(DurableRedisServerFixture redis)
{
    private const int Envelopes = 20;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task HostKilledBetweenStoreAndAck_EnvelopesComeAgainToTheNextHost_EachAcknowledgedAndAnsweredOnce()
    {
        var prefix = RedisTestPrefix.New("socket-crash");
        await using var slack = await FakeSocketModeServer.StartAsync();
        // The successor process takes a while to start (over 90 s on a loaded machine); Slack keeps the envelopes until
        // it has a connection, for as long as the test lets a host start.
        slack.RedeliveryWait = HostProcess.StartTimeout;
        var ids = new List<string>();
        await using (var hanging = await FakeSlackApi.StartAsync())
        {
            hanging.SocketMode = slack;
            AddPeople(hanging);
            // Turns taken off the queue get nowhere: only the store and the ack happen on this host.
            hanging.Hold("users.info");
            await using var doomed = await HostProcess.StartAsync(Settings(hanging, prefix));
            var connection = slack.Connections.Single(c => c.IsOpen);
            slack.DiscardAcks = true;
            for (var i = 0; i < Envelopes; i++)
                ids.Add(await slack.SendAsync("events_api", DirectMessage(i), acceptsResponsePayload: false, on: connection));
            // An ack is sent only after its envelope is stored: once all were sent, all are in Redis.
            await slack.WaitUntilAsync(() => slack.Discarded.Count == Envelopes, "every envelope stored", 30_000);
            await doomed.KillAsync();
            await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            slack.DiscardAcks = false;
        }

        await using var working = await FakeSlackApi.StartAsync();
        working.SocketMode = slack;
        AddPeople(working);
        await using var successor = await HostProcess.StartAsync(Settings(working, prefix));
        foreach (var id in ids) await slack.WaitForAckAsync(id, timeoutMs: 60_000);
        var stats = await WaitUntilSettledAsync(prefix, () => successor.Output);

        Assert.Equal(new WorkQueueStats(0, 0, 0, 0, 0, null), stats);
        Assert.All(ids, id => Assert.Single(slack.AcksFor(id)));
        // Each came again, once, as a retry of what the dead host had stored.
        Assert.All(ids, id => Assert.Single(slack.Sent, s => s.EnvelopeId == id && s.RetryAttempt == 1));
        var replies = working.CallsTo("chat.postMessage").Where(c => c.Answer is not null)
            .GroupBy(c => c.Str("channel")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, Envelopes).Select(Channel).Order(StringComparer.Ordinal), replies.Keys.Order(StringComparer.Ordinal));
        Assert.All(replies, reply => Assert.True(reply.Value == 1, $"{reply.Key} was answered {reply.Value} times\n{successor.Output}"));
    }

    private Dictionary<string, string> Settings(FakeSlackApi api, string prefix) => new()
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
        ["Slack:SocketMode"] = "true",
        ["Slack:AppToken"] = FakeSocketModeServer.AppToken,
        ["Slack:BotToken"] = "xoxb-test-token",
        ["Slack:ApiBaseUrl"] = api.BaseUrl,
        // Short, so the successor takes over the dead host's turns soon (see SlackDurableInboundTests).
        ["Work:Processor:Lease"] = "00:00:10",
        ["Work:Processor:MaxConcurrency"] = "8",
    };

    private async Task<WorkQueueStats> WaitUntilSettledAsync(string prefix, Func<string> hostOutput)
    {
        var options = new RedisOptions { Configuration = redis.ConnectionString, KeyPrefix = prefix };
        await using var connection = new RedisConnection(options);
        var queue = new RedisWorkQueue(connection, options, new WorkQueueOptions(), TimeProvider.System);
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var stats = await queue.GetStatsAsync(SlackInboundQueue.Name, CancellationToken.None);
            if (stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0) return stats;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The inbound queue did not empty within {SettleTimeout.TotalSeconds} s: {stats}\n{hostOutput()}");
            await Task.Delay(100);
        }
    }

    private static JsonObject DirectMessage(int person)
    {
        var payload = SlackSocketModeTests.DirectMessage("help", EventId(person), User(person));
        payload["event"]!["channel"] = Channel(person);
        return payload;
    }

    private static void AddPeople(FakeSlackApi api)
    {
        for (var i = 0; i < Envelopes; i++) api.Users[User(i)] = ($"Person {i}", $"person{i}@contoso.example");
    }

    private static string EventId(int person) => $"Ev0SCRASH{person.ToString("D3", CultureInfo.InvariantCulture)}";

    private static string User(int person) => $"U0S{person.ToString("D4", CultureInfo.InvariantCulture)}";

    private static string Channel(int person) => $"D0S{person.ToString("D4", CultureInfo.InvariantCulture)}";
}

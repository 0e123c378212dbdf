using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Fifty requests filed from the Slack request form and taken by an agent while the Web API answers 30 % of
/// calls 429 and 10 % 500: every one ends with a ticket, one team card, one receipt and an up-to-date
/// requester card, and nothing is posted twice. The requester resubmits a form that showed an error.
/// </summary>
public sealed class OutboxStormTests : IAsyncLifetime
{
    private const int Requests = 50;
    private const string RequesterDm = "DU0REQUESTER";
    private SlackApp _app = null!;
    private int _rateLimited;
    private int _failed;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync(new Dictionary<string, string?>
    {
        // Slack's one message per second per channel would make fifty requests take minutes.
        ["Slack:MessagesPerSecondPerChannel"] = "50",
        ["Slack:ChannelBurst"] = "50",
        // Quick retries, so the storm takes seconds: back-off in the HTTP client and in the outbox queue.
        ["Slack:Outbound:RetryBaseDelay"] = "00:00:00.010",
        ["Work:Queue:FirstRetryDelay"] = "00:00:00.050",
        ["Work:Queue:MaxRetryDelay"] = "00:00:00.200",
        ["Work:Queue:MaxAttempts"] = "100",
        ["Work:Processor:MaxIdleWait"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RequestsFiledAndTakenInA429And500Storm_AllEndComplete_AndNothingIsPostedTwice()
    {
        await _app.CommandAsync("/request", "", "trigger.storm");
        var form = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var storm = new Random(20261123);
        _app.Api.Faults = _ =>
        {
            lock (storm)
            {
                var roll = storm.NextDouble();
                if (roll < 0.3)
                {
                    Interlocked.Increment(ref _rateLimited);
                    return new SlackFault(429, storm.Next(4) == 0 ? 1 : 0);
                }
                if (roll < 0.4)
                {
                    Interlocked.Increment(ref _failed);
                    return new SlackFault(500);
                }
                return null;
            }
        };

        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, _) =>
        {
            var state = SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", $"VPN drops every call ({i})")), "team", "it"), "priority", "Normal");
            await UntilAcceptedAsync(() => _app.SubmitViewAsync(form, "U0REQUESTER", state, $"V0STORM{i}"));
        });
        // Accepted submissions are stored on Slack's inbound queue and run from there, so filing finishes a little later.
        await WaitUntilAsync(async () => (await _app.Tickets.ListByRequesterAsync("slack:U0REQUESTER", CancellationToken.None)).Count >= Requests, "every request filed");
        var filed = await _app.Tickets.ListByRequesterAsync("slack:U0REQUESTER", CancellationToken.None);
        Assert.Equal(Requests, filed.Count);
        await Parallel.ForEachAsync(filed, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (ticket, _) =>
        {
            var card = await _app.WaitForCardAsync(SlackApp.ItChannel, c => c.Call.Answer is not null && c.Text.Contains(ticket.Number.ToString()), $"{ticket.Number}'s team card");
            await UntilAcceptedAsync(() => _app.ClickAsync(card, "ticket.assign-me", "UAGENT"));
        });
        await WaitUntilAsync(async () => (await _app.Tickets.ListByRequesterAsync("slack:U0REQUESTER", CancellationToken.None)).All(t => t.Status == TicketStatus.Assigned), "every ticket taken");
        await _app.Services.WaitForOutboxAsync(timeoutMs: 60_000);

        Assert.True(_rateLimited > 100 && _failed > 30, $"the storm: {_rateLimited} 429s, {_failed} 500s");
        var posts = _app.Api.Done("chat.postMessage").ToList();
        var updates = _app.Api.Done("chat.update").ToList();
        Assert.Equal(Requests, posts.Count(p => p.Str("channel") == SlackApp.ItChannel && p.Str("thread_ts") is null));
        foreach (var ticket in await _app.Tickets.ListByRequesterAsync("slack:U0REQUESTER", CancellationToken.None))
        {
            var number = ticket.Number.ToString();
            Assert.Empty(ticket.Outbox);
            // (The playground, on in Development, has the team's other channel.)
            var teamCard = Assert.Single(ticket.TeamCards, c => c.Address.Platform == SlackPlatform.Id);
            var posted = Assert.Single(posts, p => p.Str("channel") == SlackApp.ItChannel && p.Str("thread_ts") is null && p.AllText.Contains(number));
            Assert.Equal(teamCard.MessageId, posted.Answer!["ts"]!.GetValue<string>());
            Assert.Single(posts, p => p.Str("channel") == RequesterDm && p.Str("text")!.StartsWith($"Filed {number} with", StringComparison.Ordinal));
            Assert.Single(posts, p => p.Str("channel") == RequesterDm && p.Str("text") == $"{number}: Alex K. is on it.");
            Assert.Single(posts, p => p.Str("channel") == SlackApp.ItChannel && p.Str("thread_ts") == teamCard.MessageId && p.AllText.Contains($"took {number}"));
            var requesterCard = Assert.Single(posts, p => p.Str("channel") == RequesterDm && p.Body["blocks"] is not null && p.AllText.Contains(number));
            Assert.Equal(ticket.RequesterCard!.MessageId, requesterCard.Answer!["ts"]!.GetValue<string>());
            // The requester's card shows the ticket as it is now.
            // Up to date: its last update, or the post itself when the storm delayed it past the assignment.
            var latest = updates.LastOrDefault(u => u.Str("channel") == RequesterDm && u.Str("ts") == ticket.RequesterCard.MessageId) ?? requesterCard;
            Assert.Contains("Alex K.", latest.AllText);
        }
        Assert.Empty(await _app.Services.GetRequiredService<IWorkQueue>().ListDeadLettersAsync(TicketOutbox.QueueName, 10, CancellationToken.None));
    }

    /// <summary>Sends until Slack's request is accepted: a form that showed an error is submitted again, as a person would.</summary>
    private static async Task UntilAcceptedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && !body.Contains("\"errors\"", StringComparison.Ordinal)) return;
            Assert.True(attempt < 20, $"attempt {attempt}: {(int)response.StatusCode} {body}");
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}

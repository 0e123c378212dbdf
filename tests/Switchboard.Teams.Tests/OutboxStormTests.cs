using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// Fifty requests filed and taken in Teams while the Connector answers 30 % of calls 429 and 10 % 500: every
/// one ends with a ticket, one team card, one receipt and an up-to-date requester card, and nothing is posted twice.
/// Teams redelivers an activity the bot answered with an error, as the real Connector does.
/// </summary>
public sealed partial class OutboxStormTests : IAsyncLifetime
{
    private const int Requests = 50;
    private FakeBotFramework _fake = null!;
    private TeamsTestApp _app = null!;
    private TestTokens _tokens = null!;
    private int _rateLimited;
    private int _failed;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _fake.MemberEmails[TeamsPayloads.AgentId] = "alex.kim@contoso.example";
        _app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, settings =>
        {
            settings["Teams:ServiceTeamChannels:it:ChannelId"] = TeamsPayloads.ItChannelId;
            settings["Teams:ServiceTeamChannels:it:ServiceUrl"] = _fake.ServiceUrl;
            settings["Teams:ServiceTeamChannels:it:TenantId"] = TeamsPayloads.TenantId;
            settings["ServiceTeams:it:Agents:0:Ids:0"] = "teams:" + TeamsPayloads.AgentId;
            // Quick retries, so the storm takes seconds: back-off in the HTTP client and in the outbox queue.
            settings["Teams:RetryBaseDelay"] = "00:00:00.010";
            settings["Teams:MaxRetryAttempts"] = "8";
            settings["Work:Queue:FirstRetryDelay"] = "00:00:00.050";
            settings["Work:Queue:MaxRetryDelay"] = "00:00:00.200";
            settings["Work:Queue:MaxAttempts"] = "100";
            settings["Work:Processor:MaxIdleWait"] = "00:00:00.050";
        });
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RequestsFiledAndTakenInA429And500Storm_AllEndComplete_AndNothingIsPostedTwice()
    {
        var storm = new Random(20261123);
        _fake.Faults = request =>
        {
            lock (storm)
            {
                var roll = storm.NextDouble();
                if (roll < 0.3)
                {
                    Interlocked.Increment(ref _rateLimited);
                    return new ConnectorFault(HttpStatusCode.TooManyRequests, storm.Next(4) == 0 ? "1" : "0");
                }
                if (roll < 0.4)
                {
                    Interlocked.Increment(ref _failed);
                    return new ConnectorFault(HttpStatusCode.InternalServerError);
                }
                return null;
            }
        };

        var filed = new string[Requests];
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 10 },
            async (i, _) => filed[i] = await FileAndTakeAsync(i));
        await _app.Services.WaitForOutboxAsync(timeoutMs: 60_000);

        Assert.True(_rateLimited > 50 && _failed > 15, $"the storm: {_rateLimited} 429s, {_failed} 500s");
        var done = _fake.ConnectorWrites.Where(r => r.Response is not null).ToList();
        var tickets = await _app.Services.GetRequiredService<ITicketStore>().ListByTeamAsync("it", CancellationToken.None);
        Assert.Equal(filed.Order(), tickets.Select(t => t.Number.ToString()).Order());
        Assert.Equal(Requests, done.Count(r => r.Method == "POST" && r.Path == "/amer/v3/conversations"));
        foreach (var ticket in tickets)
        {
            var number = ticket.Number.ToString();
            var chat = $"/amer/v3/conversations/{ticket.RequesterAddress.ConversationId}/activities";
            Assert.Equal(TicketStatus.Assigned, ticket.Status);
            Assert.Empty(ticket.Outbox);
            // (The playground, on in Development, has the team's other channel.)
            var teamCard = Assert.Single(ticket.TeamCards, c => c.Address.Platform == TeamsPlatform.Id);
            Assert.Single(done, r => r.Path == "/amer/v3/conversations" && CardReader.Text(CardReader.CardOf(r.Json)).Contains(number));
            Assert.Equal(teamCard.MessageId, done.Single(r => r.Path == "/amer/v3/conversations" && CardReader.Text(CardReader.CardOf(r.Json)).Contains(number)).ResponseId);
            Assert.Single(done, r => r.Method == "POST" && r.Path == chat && Text(r).Contains($"Filed {number} with", StringComparison.Ordinal));
            Assert.Single(done, r => r.Method == "POST" && r.Path == chat && Text(r).Contains($"{number}: {TeamsPayloads.AgentName} is on it", StringComparison.Ordinal));
            Assert.Single(done, r => r.Method == "POST" && r.Path == chat && CardReader.CardOf(r.Json) is not null);
            // The requester's card (the confirmation card they submitted) shows the ticket as it is now.
            var requesterCard = done.Last(r => r.Method == "PUT" && r.Path == $"{chat}/{ticket.RequesterCard!.MessageId}");
            Assert.Contains(TeamsPayloads.AgentName, CardReader.Text(CardReader.CardOf(requesterCard.Json)));
        }
        Assert.Empty(await _app.Services.GetRequiredService<IWorkQueue>().ListDeadLettersAsync(TicketOutbox.QueueName, 10, CancellationToken.None));
    }

    /// <summary>Requester <paramref name="i"/> asks, submits the confirmation card, and Alex takes the ticket from the channel card.</summary>
    private async Task<string> FileAndTakeAsync(int i)
    {
        var user = $"29:storm-{i}";
        var conversation = $"a:storm-{i}";
        _fake.MemberEmails[user] = $"storm{i}@contoso.example";
        await DeliverAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, $"My VPN drops every call ({i})", fromId: user, fromName: $"Storm {i}", conversationId: conversation));

        var confirmation = _fake.ConnectorWrites.Last(r => r.Response is not null && r.Path == $"/amer/v3/conversations/{conversation}/activities" &&
                                                           CardReader.FindExecute(CardReader.CardOf(r.Json), "intake.submit") is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        var submitted = await DeliverAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"),
            confirmation.ResponseId!, conversationId: conversation, fromId: user, fromName: $"Storm {i}"));
        var number = TicketNumberPattern().Match(CardReader.Text(submitted["value"])).Value;

        var thread = await WaitForAsync(() => _fake.ConnectorWrites.LastOrDefault(r => r.Response is not null && r.Path == "/amer/v3/conversations" &&
                                                                                        CardReader.Text(CardReader.CardOf(r.Json)).Contains(number)), $"{number}'s team card");
        var rootId = thread.ResponseId!;
        var teamCard = CardReader.CardOf(thread.Json)!;
        await DeliverAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "ticket.assign-me", CardReader.ClickData(teamCard, "ticket.assign-me"), rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, title: "Assign to me"));
        return number;
    }

    /// <summary>Posts the activity until the bot answers 200, as the Connector redelivers; returns the answer's JSON.</summary>
    private async Task<JsonNode> DeliverAsync(string activity)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await _app.PostAsync(activity, _tokens.Channel());
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK) return string.IsNullOrEmpty(body) ? new JsonObject() : JsonNode.Parse(body)!;
            Assert.True(response.StatusCode == HttpStatusCode.BadGateway && attempt < 20, $"attempt {attempt}: {(int)response.StatusCode} {body}");
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> find, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }

    private static string Text(RecordedRequest request) => request.Json?["text"]?.GetValue<string>() ?? "";

    [GeneratedRegex(@"IT-\d+")]
    private static partial Regex TicketNumberPattern();
}

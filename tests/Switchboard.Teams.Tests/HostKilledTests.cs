using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// A Teams host killed in the middle of a burst of Submits, and another host started on the same storage: every
/// ticket that was stored gets its team card, and no card is posted twice. The kill is simulated where it shows:
/// from that moment nothing the first host does reaches storage (<see cref="KillSwitch"/>) or the Connector.
/// </summary>
public sealed partial class HostKilledTests : IAsyncLifetime
{
    private const int Requesters = 60;
    private const int ThreadsBeforeTheConnectorStalls = 10;
    private const string FirstHostToken = "Bearer access-token-1";

    // Storage that outlives a host: what Redis is in production.
    private readonly MemoryTicketStore _tickets = new();
    private readonly MemoryStateStore _state = new();
    private readonly MemoryIdempotencyStore _claims = new(TimeProvider.System);
    private readonly MemoryWorkQueue _queue = new(TimeProvider.System, new WorkQueueOptions
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    });
    private readonly KillSwitch _kill = new();
    private FakeBotFramework _fake = null!;
    private TestTokens _tokens = null!;
    private int _threadsRequested;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
        for (var i = 0; i < Requesters; i++) _fake.MemberEmails[User(i)] = $"burst{i}@contoso.example";
        // The Connector gets slow at starting threads after the first few; once the host is killed, nothing it
        // sends arrives. Requests that are never answered are never done either.
        _fake.Unanswered = r => r.Authorization == FirstHostToken &&
                                (_kill.IsKilled || (r.Method == "POST" && r.Path == "/amer/v3/conversations" &&
                                                    Interlocked.Increment(ref _threadsRequested) > ThreadsBeforeTheConnectorStalls));
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task HostKilledDuringABurstOfSubmits_EveryStoredTicketGetsItsTeamCardAfterTheRestart_AndNoneTwice()
    {
        var first = await StartHostAsync(killable: true);
        var confirmations = new List<(int User, RecordedRequest Card)>();
        for (var i = 0; i < Requesters; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(
                TeamsPayloads.PersonalMessage(_fake.ServiceUrl, $"My VPN drops every call ({i})", fromId: User(i), fromName: $"Burst {i}", conversationId: Chat(i)),
                _tokens.Channel())).StatusCode);
            confirmations.Add((i, _fake.ConnectorWrites.Last(r => r.Response is not null && r.Path == $"/amer/v3/conversations/{Chat(i)}/activities")));
        }

        // The burst: every requester submits at once. The host is killed once half the tickets are stored and the
        // first few are fully delivered, while the rest wait for their threads (so every send of the first host
        // either completed and was recorded, or never reached the Connector: no card can be posted twice).
        var submits = confirmations.Select(c => SubmitAsync(first, c.User, c.Card)).ToList();
        await WaitUntilAsync(async () =>
        {
            var stored = await _tickets.ListByTeamAsync("it", CancellationToken.None);
            return stored.Count >= Requesters / 2 &&
                   stored.Count(t => t.Outbox.Count == 0 && t.TeamCards.Any(c => c.Address.Platform == TeamsPlatform.Id)) == ThreadsBeforeTheConnectorStalls;
        }, "half the tickets stored, the first few delivered");
        _kill.Kill();
        var atKill = await _tickets.ListByTeamAsync("it", CancellationToken.None);
        await first.DisposeAsync();
        await Task.WhenAll(submits);

        Assert.True(atKill.Count(t => !t.TeamCards.Any(c => c.Address.Platform == TeamsPlatform.Id)) >= Requesters / 2 - ThreadsBeforeTheConnectorStalls,
            "most stored tickets had no team card when the host died");
        await using var second = await StartHostAsync(killable: false);
        await WaitUntilAsync(async () => (await _tickets.ListByTeamAsync("it", CancellationToken.None))
            .All(t => t.Outbox.Count == 0 && t.TeamCards.Any(c => c.Address.Platform == TeamsPlatform.Id)), "every stored ticket's team card");

        var stored = await _tickets.ListByTeamAsync("it", CancellationToken.None);
        var threads = _fake.ConnectorWrites.Where(r => r.Response is not null && r.Method == "POST" && r.Path == "/amer/v3/conversations").ToList();
        Assert.True(stored.Count >= atKill.Count);
        Assert.Equal(stored.Count, threads.Count);
        foreach (var ticket in stored)
        {
            var card = Assert.Single(ticket.TeamCards, c => c.Address.Platform == TeamsPlatform.Id);
            var posted = Assert.Single(threads, r => TicketOf(r) == ticket.Number.ToString());
            Assert.Equal(card.MessageId, posted.ResponseId);
            Assert.Single(_fake.ConnectorWrites, r => r.Response is not null && r.Method == "POST" &&
                                                      r.Path == $"/amer/v3/conversations/{ticket.RequesterAddress.ConversationId}/activities" &&
                                                      r.Json?["text"]?.GetValue<string>().Contains($"Filed {ticket.Number} with") == true);
        }
    }

    private async Task<TeamsTestApp> StartHostAsync(bool killable) =>
        await TeamsTestApp.StartAsync(_fake, TestEngine.Real, configure: settings =>
        {
            settings.TeamChannel(_fake, "it", TeamsPayloads.ItChannelId);
            // Production: the team works in Teams only (Development adds the playground's channel).
            settings["Teams:AllowedTenants:0"] = TeamsPayloads.TenantId;
            settings["Admin:ApiKey"] = "test-admin-key";
            // A dead host's work comes back after its lease; a change it stored but never queued, after its guard.
            settings["Work:Processor:Lease"] = "00:00:05";
            settings["Work:Processor:MaxIdleWait"] = "00:00:00.100";
            settings["Work:Outbox:RecoveryDelay"] = "00:00:01";
            settings["Work:Outbox:MaxRunTime"] = "00:00:02";
        }, services: services =>
        {
            services.AddSingleton<ITicketStore>(killable ? new KillableTicketStore(_tickets, _kill) : _tickets);
            services.AddSingleton<IStateStore>(killable ? new KillableStateStore(_state, _kill) : _state);
            services.AddSingleton<IIdempotencyStore>(killable ? new KillableIdempotencyStore(_claims, _kill) : _claims);
            services.AddSingleton<IWorkQueue>(killable ? new KillableWorkQueue(_queue, _kill) : _queue);
        }, environment: "Production");

    /// <summary>Submits requester <paramref name="user"/>'s confirmation card; a Submit the dying host never answers properly is fine.</summary>
    private async Task SubmitAsync(TeamsTestApp host, int user, RecordedRequest confirmation)
    {
        var card = CardReader.CardOf(confirmation.Json)!;
        try
        {
            using var response = await host.PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"),
                confirmation.ResponseId!, conversationId: Chat(user), fromId: User(user), fromName: $"Burst {user}"), _tokens.Channel());
        }
        catch (Exception)
        {
            // The host died under the request: whatever it answers (or throws) is not an answer.
        }
    }

    private static string User(int i) => $"29:burst-{i}";

    private static string Chat(int i) => $"a:burst-{i}";

    private static string? TicketOf(RecordedRequest thread) => TicketNumberPattern().Match(CardReader.Text(CardReader.CardOf(thread.Json))).Value;

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

    [GeneratedRegex(@"IT-\d+")]
    private static partial Regex TicketNumberPattern();
}

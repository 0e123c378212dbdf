using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>Turns that fail for good, and turns cut off by a crash, in the whole host (real engine, memory storage).</summary>
public sealed class SlackDeadLetterTests : IAsyncLifetime
{
    private const string DeadLetters = "/api/admin/dead-letters";
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync(new Dictionary<string, string?>
    {
        ["Work:Queue:MaxAttempts"] = "2",
        ["Work:Queue:FirstRetryDelay"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TurnThatKeepsFailing_IsListedAsADeadLetterAndARequeueAnswersIt()
    {
        _app.Api.FailNext("chat.postMessage", "channel_not_found");
        _app.Api.FailNext("chat.postMessage", "channel_not_found");

        await _app.DirectMessageAsync("help", "Ev0DEAD1");

        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Answer is not null && c.Str("text") == SlackInboundWorkHandler.MessageApology);
        var listed = await _app.Client.GetFromJsonAsync<JsonArray>(DeadLetters);
        // Every consumed queue is listed (the ticket outbox's too); only the Slack turn is dead.
        var queue = Assert.Single(listed!, q => q!["queue"]!.GetValue<string>() == SlackInboundQueue.Name)!;
        Assert.Equal(1, queue["count"]!.GetValue<int>());
        Assert.All(listed!.Where(q => q != queue), q => Assert.Equal(0, q!["count"]!.GetValue<int>()));
        var dead = Assert.Single(queue["deadLetters"]!.AsArray())!;
        Assert.Equal(("Ev0DEAD1", 2), (dead["itemId"]!.GetValue<string>(), dead["attempts"]!.GetValue<int>()));
        Assert.Contains("channel_not_found", dead["error"]!.GetValue<string>());

        var requeued = await _app.Client.PostAsync($"{DeadLetters}/{SlackInboundQueue.Name}/{dead["id"]!.GetValue<string>()}/requeue", null);

        Assert.Equal(HttpStatusCode.NoContent, requeued.StatusCode);
        var answer = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Answer is not null && c.Str("text")!.StartsWith("Hi! I'm Switchboard", StringComparison.Ordinal));
        Assert.Equal(SlackApp.RequesterDm, answer.Str("channel"));
        var after = await _app.Client.GetFromJsonAsync<JsonArray>(DeadLetters);
        Assert.Empty(after![0]!["deadLetters"]!.AsArray());
    }

    [Fact]
    public async Task DeadLetter_Deleted_IsGoneAndASecondDeleteFindsNothing()
    {
        _app.Api.FailNext("chat.postMessage", "channel_not_found");
        _app.Api.FailNext("chat.postMessage", "channel_not_found");
        await _app.DirectMessageAsync("help", "Ev0DEAD2");
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Answer is not null && c.Str("text") == SlackInboundWorkHandler.MessageApology);
        var queue = _app.Services.GetRequiredService<IWorkQueue>();
        var dead = Assert.Single(await queue.ListDeadLettersAsync(SlackInboundQueue.Name, 10, CancellationToken.None));

        var deleted = await _app.Client.DeleteAsync($"{DeadLetters}/{SlackInboundQueue.Name}/{dead.Id}");
        var again = await _app.Client.DeleteAsync($"{DeadLetters}/{SlackInboundQueue.Name}/{dead.Id}");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, again.StatusCode));
        Assert.Empty(await queue.ListDeadLettersAsync(SlackInboundQueue.Name, 10, CancellationToken.None));
    }

    [Fact]
    public async Task DeadLetters_OfAQueueNobodyConsumes_AreNotFound()
    {
        var response = await _app.Client.GetAsync($"{DeadLetters}?queue=nobody-reads-this");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(SlackInboundQueue.Name, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeadLetters_WithAnAdminKeyConfigured_RefuseCallersWithoutIt()
    {
        await using var guarded = await SlackApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "admin-key-for-tests" });

        var anonymous = await guarded.Client.GetAsync(DeadLetters);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, DeadLetters) { Headers = { { "X-Admin-Key", "admin-key-for-tests" } } };
        var admitted = await guarded.Client.SendAsync(withKey);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (anonymous.StatusCode, admitted.StatusCode));
    }

    [Fact]
    public async Task Redelivery_OfATurnCutOffInsideTheEngine_RunsItAgainAndAnswersOnce()
    {
        var pending = new SlackPendingTurn("Ev0CUTOFF", "U0REQUESTER", "T0CONTOSO", SlackApp.RequesterDm, null, ConversationScope.Personal, "help", null, DateTimeOffset.UtcNow);
        // The first attempt's engine claimed the delivery, then its host died: nobody gave the claim back.
        var claim = ConversationEngine.DeliveryClaim(new Turn(pending.DeliveryId, new PersonRef(SlackPlatform.Id, pending.UserId, "Maya Patel"),
            new ConversationAddress(SlackPlatform.Id, SlackApp.RequesterDm), ConversationScope.Personal, pending.Text, null, pending.Timestamp))!;
        Assert.True(await _app.Services.GetRequiredService<IIdempotencyStore>().TryClaimAsync(claim, ConversationEngine.DedupeWindow, CancellationToken.None));
        var item = new WorkItem(pending.DeliveryId!, "user:U0REQUESTER", JsonSerializer.Serialize(pending, SlackWorkJsonContext.Default.SlackPendingTurn));

        await Handler.HandleAsync(new WorkLease(item, 2, "redelivery"), CancellationToken.None);
        await Handler.HandleAsync(new WorkLease(item, 3, "redelivery-after-a-lost-ack"), CancellationToken.None);

        var answer = Assert.Single(_app.Api.CallsTo("chat.postMessage"));
        Assert.StartsWith("Hi! I'm Switchboard", answer.Str("text"));
    }

    private IWorkHandler Handler => _app.Services.GetServices<IWorkHandler>().Single(h => h.Queue == SlackInboundQueue.Name);
}

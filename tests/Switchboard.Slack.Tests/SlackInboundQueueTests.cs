using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Work;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The Slack handlers acknowledge only what the durable queue stored, and the queue's handler runs each turn once,
/// in the person's order, and apologises for one that keeps failing (in-memory queue, recording engine).
/// </summary>
public sealed class SlackInboundQueueTests : IAsyncLifetime
{
    private SlackAdapterHost _host = null!;

    public async Task InitializeAsync() => _host = await SlackAdapterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Event_WhenTheQueueCannotStoreIt_Answers503SoSlackRetries()
    {
        _host.Queue.Unreachable = true;

        var response = await PostDirectMessageAsync("vpn is down", "Ev0DOWN1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_host.Queue.Enqueued);
    }

    [Fact]
    public async Task Event_StoredAfterTheStoreCameBack_IsHandledOnce()
    {
        _host.Queue.Unreachable = true;
        await PostDirectMessageAsync("vpn is down", "Ev0BACK1");
        _host.Queue.Unreachable = false;

        var retried = await PostDirectMessageAsync("vpn is down", "Ev0BACK1", retry: 1);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Ev0BACK1", (await _host.Engine.WaitForTurnAsync()).DeliveryId);
    }

    [Fact]
    public async Task Event_RetriedBySlackAfterItWasStored_RunsOnce()
    {
        await PostDirectMessageAsync("vpn is down", "Ev0TWICE");
        var retried = await PostDirectMessageAsync("vpn is down", "Ev0TWICE", retry: 1);
        // The same person's next message runs after everything they sent before it.
        await PostDirectMessageAsync("thanks", "Ev0AFTER");

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await _host.Engine.WaitForTurnAsync(2);
        Assert.Equal(["Ev0TWICE", "Ev0AFTER"], _host.Engine.Turns.Select(t => t.DeliveryId));
    }

    [Fact]
    public async Task SlashCommand_WhenTheQueueCannotStoreIt_TellsThePersonToTryAgain()
    {
        _host.Queue.Unreachable = true;

        var response = await _host.Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("team_id", "T0CONTOSO"), new("channel_id", "C0GENERAL"), new("user_id", "U0REQUESTER"),
            new("command", "/request"), new("text", "the printer is jammed"), new("trigger_id", "trigger.down.1"),
        ], DateTimeOffset.UtcNow));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Contains("try again", answer["text"]!.GetValue<string>());
        Assert.DoesNotContain("DM", answer["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SlashCommand_WithAnEmptyTriggerId_IsStillStoredAndRun()
    {
        var response = await _host.Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("team_id", "T0CONTOSO"), new("channel_id", "C0GENERAL"), new("user_id", "U0REQUESTER"),
            new("command", "/request"), new("text", "the printer is jammed"), new("trigger_id", ""),
        ], DateTimeOffset.UtcNow));

        Assert.Contains("DM", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["text"]!.GetValue<string>());
        // The slash command's text reaches the engine as its intent's argument, not as text to parse again.
        Assert.Equal("the printer is jammed", (await _host.Engine.WaitForTurnAsync()).Intent!.Get(EntryPoint.TextArgument));
    }

    [Fact]
    public async Task ModalSubmission_WhenTheQueueCannotStoreIt_KeepsTheFormOpenAndSaysSo()
    {
        // Opened as a person would, with /request and no text.
        await _host.Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("team_id", "T0CONTOSO"), new("channel_id", "C0GENERAL"), new("user_id", "U0REQUESTER"),
            new("command", "/request"), new("text", ""), new("trigger_id", "trigger.modal.down"),
        ], DateTimeOffset.UtcNow));
        var metadata = (await _host.Api.WaitForCallAsync("views.open")).Body["view"]!["private_metadata"]!.GetValue<string>();
        _host.Queue.Unreachable = true;
        var state = SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "Laptop will not boot"), ("details", "")), "team", "it"), "priority", "High");

        var response = await _host.Client.SendAsync(SlackSigner.Interaction(Payload.Load("view-submission.json",
            ("user", "U0REQUESTER"), ("view_id", "V0DOWN1"), ("callback_id", "sb_action"), ("private_metadata", JsonSerializer.Serialize(metadata)),
            ("state", state.ToJsonString())), DateTimeOffset.UtcNow));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", answer["response_action"]!.GetValue<string>());
        Assert.Contains("submit again", answer["errors"]!.AsObject().Single().Value!.GetValue<string>());
    }

    [Fact]
    public async Task OnePersonsTurns_RunInOrder_WhileTheirSlowTurnHoldsUpNobodyElse()
    {
        _host.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Engine.Gated = turn => turn.Text == "first";

        await PostDirectMessageAsync("first", "Ev0ORDER1");
        await PostDirectMessageAsync("second", "Ev0ORDER2");
        await PostDirectMessageAsync("hello", "Ev0OTHER1", user: "UAGENT");

        await _host.Engine.WaitForTurnAsync(2);
        Assert.Equal(["first", "hello"], _host.Engine.Turns.Select(t => t.Text).Order());
        _host.Engine.Gate.SetResult();
        await _host.Engine.WaitForTurnAsync(3);
        Assert.Equal(["first", "second"], _host.Engine.Turns.Where(t => t.From.Id == "U0REQUESTER").Select(t => t.Text));
    }

    [Fact]
    public async Task DirectMessage_FailingEveryAttempt_BecomesADeadLetterAndThePersonGetsAnApology()
    {
        _host.Engine.Answer = _ => throw new InvalidOperationException("The engine broke.");

        await PostDirectMessageAsync("my laptop is on fire", "Ev0BROKEN");

        var apology = await _host.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "D0MAYADM");
        Assert.Equal(SlackInboundWorkHandler.MessageApology, apology.Str("text"));
        var dead = Assert.Single(await _host.Queue.ListDeadLettersAsync(SlackInboundQueue.Name, 10, CancellationToken.None));
        Assert.Equal(("Ev0BROKEN", new WorkQueueOptions().MaxAttempts), (dead.Item.Id, dead.Attempts));
        Assert.Contains("The engine broke.", dead.Error);
        Assert.Equal(new WorkQueueOptions().MaxAttempts, _host.Engine.Turns.Count);
        Assert.Single(_host.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ChannelMention_FailingEveryAttempt_ApologisesOnlyToThePersonInTheThread()
    {
        _host.Engine.Answer = _ => throw new InvalidOperationException("The engine broke.");

        await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", Payload.Load("event-app-mention.json",
            ("user", "UAGENT"), ("text", "link it"), ("channel", "C0ITDESK"), ("event_id", "Ev0BROKEN2")), DateTimeOffset.UtcNow));

        var apology = await _host.Api.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal(("C0ITDESK", "UAGENT", "1763810100.000300"), (apology.Str("channel"), apology.Str("user"), apology.Str("thread_ts")));
        Assert.Equal(SlackInboundWorkHandler.MessageApology, apology.Str("text"));
        Assert.Empty(_host.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Redelivery_OfATurnThatHadFinished_DoesNotRunItAgain()
    {
        await PostDirectMessageAsync("vpn is down", "Ev0DONE1");
        await _host.Engine.WaitForTurnAsync();
        await WaitUntilAcknowledgedAsync();
        var item = Assert.Single(_host.Queue.Enqueued).Item;

        // As if the host had died after the turn and before the queue heard of it: the lease runs out, the item comes back.
        await Handler.HandleAsync(new WorkLease(item, 2, "redelivery"), CancellationToken.None);

        Assert.Single(_host.Engine.Turns);
    }

    private IWorkHandler Handler => _host.Services.GetServices<IWorkHandler>().Single(h => h.Queue == SlackInboundQueue.Name);

    private async Task WaitUntilAcknowledgedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _host.Queue.GetStatsAsync(SlackInboundQueue.Name, CancellationToken.None)) is { Ready: > 0 } or { Leased: > 0 })
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The turn was not acknowledged in time.");
            await Task.Delay(20);
        }
    }

    private Task<HttpResponseMessage> PostDirectMessageAsync(string text, string eventId, string user = "U0REQUESTER", int? retry = null) =>
        _host.Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", user), ("text", text), ("event_id", eventId)), DateTimeOffset.UtcNow, retry));
}

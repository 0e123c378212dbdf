using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Core.Conversations;
using Switchboard.Core.Work;
using Switchboard.Slack.Processing;
using Switchboard.Slack.SocketMode;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Slack in Socket Mode against a fake Socket Mode server: the connection, each kind of envelope, acknowledgements
/// (within Slack's 3 s, with their payloads), refreshes, drops, retries and a crash between store and ack, with
/// nothing lost and nothing handled twice (recording engine in place of the real one).
/// </summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    // Envelope outcomes are counted process-wide: only those of hosts started in this test's async flow count.
    private static readonly AsyncLocal<bool> InThisTest = new();

    private readonly ConcurrentQueue<(string Type, string Outcome)> _outcomes = new();
    private readonly ConcurrentQueue<string> _reconnects = new();
    private MeterListener _listener = null!;
    private FakeSocketModeServer _slack = null!;
    private SlackAdapterHost _host = null!;

    public async Task InitializeAsync()
    {
        InThisTest.Value = true;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SlackTelemetry.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (InThisTest.Value) _outcomes.Enqueue((Tag(tags, "type"), Tag(tags, "outcome")));
        });
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (InThisTest.Value && instrument.Name == "switchboard.slack.socket.reconnects") _reconnects.Enqueue(Tag(tags, "reason"));
        });
        _listener.Start();
        _slack = await FakeSocketModeServer.StartAsync();
        _host = await SlackAdapterHost.StartAsync(settings: SocketSettings(), socketMode: _slack);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        _listener.Dispose();
    }

    /// <summary>Socket Mode only: no signing secret, quick reconnects.</summary>
    internal static Dictionary<string, string?> SocketSettings(string? signingSecret = "") => new()
    {
        ["Slack:SocketMode"] = "true",
        ["Slack:AppToken"] = FakeSocketModeServer.AppToken,
        ["Slack:SigningSecret"] = signingSecret,
        ["Slack:SocketReconnectDelay"] = "00:00:00.050",
        ["Slack:SocketMaxReconnectDelay"] = "00:00:00.200",
    };

    [Fact]
    public async Task Start_OpensAConnectionWithTheAppToken_AndIsReadyOnceSlackSaysHello()
    {
        var connection = await _slack.WaitForConnectionAsync(1);

        Assert.True(connection.IsOpen);
        var open = Assert.Single(_host.Api.CallsTo("apps.connections.open"));
        Assert.Equal($"Bearer {FakeSocketModeServer.AppToken}", open.Authorization);
        await _slack.WaitUntilAsync(() => _host.Services.GetRequiredService<SlackSocketState>().Open == 1, "the connection counted as open");
        var health = await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.StartsWith("connected", health.Entries[SlackSocketHealthCheck.Name].Description);
    }

    [Fact]
    public async Task EventsApiEnvelope_DirectMessage_IsStoredThenAcknowledgedWithinTheDeadline()
    {
        await _slack.WaitForConnectionAsync(1);

        var id = await _slack.SendAsync("events_api", DirectMessage("my laptop &amp; dock won't charge", "Ev0SOCKDM1"), acceptsResponsePayload: false);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.True(ack.After < AckDeadline, $"acknowledged after {ack.After.TotalMilliseconds} ms");
        Assert.Null(ack.Payload);
        Assert.Equal("Ev0SOCKDM1", Assert.Single(_host.Queue.Enqueued).Item.Id);
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal(("Ev0SOCKDM1", "my laptop & dock won't charge", ConversationScope.Personal), (turn.DeliveryId, turn.Text, turn.Scope));
        Assert.Equal(new ConversationAddress(SlackPlatform.Id, "D0MAYADM", null, null, "T0CONTOSO"), turn.Conversation);
    }

    [Fact]
    public async Task SlashCommandEnvelope_WithText_IsAcknowledgedWithTheEphemeralReplyAndBecomesTheIntent()
    {
        await _slack.WaitForConnectionAsync(1);

        var id = await _slack.SendAsync("slash_commands", Command("/request", "my VPN drops every call", "trigger.sock.1"), acceptsResponsePayload: true);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.True(ack.After < AckDeadline, $"acknowledged after {ack.After.TotalMilliseconds} ms");
        Assert.Equal("ephemeral", ack.Payload!["response_type"]!.GetValue<string>());
        Assert.Contains("DM", ack.Payload["text"]!.GetValue<string>());
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("my VPN drops every call", turn.Intent!.Arguments.Values.Single());
        Assert.Equal("DU0REQUESTER", turn.Conversation.ConversationId);
    }

    [Fact]
    public async Task SlashCommandEnvelope_WithoutText_OpensTheModalAndIsAcknowledgedWithoutAReply()
    {
        await _slack.WaitForConnectionAsync(1);

        var id = await _slack.SendAsync("slash_commands", Command("/request", "", "trigger.sock.modal"), acceptsResponsePayload: true);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.Null(ack.Payload);
        var open = Assert.Single(_host.Api.CallsTo("views.open"));
        Assert.Equal("trigger.sock.modal", open.Str("trigger_id"));
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task UnknownSlashCommand_IsAcknowledgedWithTheCommandsThereAre()
    {
        await _slack.WaitForConnectionAsync(1);

        var id = await _slack.SendAsync("slash_commands", Command("/frobnicate", "x", "trigger.sock.unknown"), acceptsResponsePayload: true);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.Contains("/request", ack.Payload!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task InteractiveEnvelope_ModalSubmittedWithMissingFields_IsAcknowledgedWithTheFieldErrors()
    {
        await _slack.WaitForConnectionAsync(1);
        var opened = await _slack.SendAsync("slash_commands", Command("/request", "", "trigger.sock.form"), acceptsResponsePayload: true);
        await _slack.WaitForAckAsync(opened);
        var metadata = Assert.Single(_host.Api.CallsTo("views.open")).Body["view"]!["private_metadata"]!.GetValue<string>();
        var state = new JsonObject
        {
            ["summary"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "" } },
            ["priority"] = new JsonObject { ["priority"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "Normal" } } },
        };

        var id = await _slack.SendAsync("interactive", ViewSubmission(metadata, state, "V0SOCKBAD"), acceptsResponsePayload: true);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.True(ack.After < AckDeadline, $"acknowledged after {ack.After.TotalMilliseconds} ms");
        Assert.Equal("errors", ack.Payload!["response_action"]!.GetValue<string>());
        Assert.NotNull(ack.Payload["errors"]!["summary"]);
        Assert.NotNull(ack.Payload["errors"]!["team"]);
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task InteractiveEnvelope_ModalSubmission_EngineRefuses_IsAcknowledgedWithTheRefusalOnTheForm()
    {
        _host.Engine.Answer = _ => TurnResult.Refused("The summary is too long.");
        await _slack.WaitForConnectionAsync(1);
        var opened = await _slack.SendAsync("slash_commands", Command("/request", "", "trigger.sock.refused"), acceptsResponsePayload: true);
        await _slack.WaitForAckAsync(opened);
        var metadata = Assert.Single(_host.Api.CallsTo("views.open")).Body["view"]!["private_metadata"]!.GetValue<string>();

        var id = await _slack.SendAsync("interactive", ViewSubmission(metadata, FilledForm("Printer"), "V0SOCKREF"), acceptsResponsePayload: true);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.True(ack.After < AckDeadline, $"acknowledged after {ack.After.TotalMilliseconds} ms");
        Assert.Equal("The summary is too long.", ack.Payload!["errors"]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task InteractiveEnvelope_CardClick_BecomesTheCardActionAndIsAcknowledgedEmpty()
    {
        await _slack.WaitForConnectionAsync(1);
        var (blocks, ts, button) = await PostCardAsync();

        var id = await _slack.SendAsync("interactive", Click(blocks, ts, button), acceptsResponsePayload: false);

        var ack = await _slack.WaitForAckAsync(id);
        Assert.Null(ack.Payload);
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("ticket.assign-me", turn.Action!.Verb);
        Assert.Equal(new MessageRef(turn.Conversation, ts), turn.SourceMessage);
    }

    [Fact]
    public async Task UnknownEnvelopeType_IsAcknowledgedSoSlackStopsSendingIt()
    {
        await _slack.WaitForConnectionAsync(1);

        var id = await _slack.SendAsync("something_new", new JsonObject { ["x"] = 1 }, acceptsResponsePayload: false);

        Assert.Null((await _slack.WaitForAckAsync(id)).Payload);
        Assert.Empty(_host.Queue.Enqueued);
    }

    [Fact]
    public async Task DisconnectWarning_OpensTheNewConnectionBeforeTheOldCloses_AndLosesOrDoublesNothing()
    {
        var first = await _slack.WaitForConnectionAsync(1);
        var before = await _slack.SendAsync("events_api", DirectMessage("before the refresh", "Ev0REFRESH1"), acceptsResponsePayload: false);
        await _slack.WaitForAckAsync(before);

        await first.DisconnectAsync();
        // Slack still uses the old connection until it closes it: what arrives there now is answered there.
        var during = await _slack.SendAsync("events_api", DirectMessage("during the refresh", "Ev0REFRESH2"), acceptsResponsePayload: false, on: first);
        var second = await _slack.WaitForConnectionAsync(2);
        var after = await _slack.SendAsync("events_api", DirectMessage("after the refresh", "Ev0REFRESH3"), acceptsResponsePayload: false, on: second);

        await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(second.IsOpen);
        // The new connection said hello while the old was still open.
        Assert.Equal(2, second.OpenAtHello);
        Assert.Equal(1, (await _slack.WaitForAckAsync(during)).Connection);
        Assert.Equal(2, (await _slack.WaitForAckAsync(after)).Connection);
        await WaitForQueueDrainedAsync();
        Assert.Equal(["after the refresh", "before the refresh", "during the refresh"], _host.Engine.Turns.Select(t => t.Text!).Order(StringComparer.Ordinal));
        Assert.All(new[] { before, during, after }, id => Assert.Single(_slack.AcksFor(id)));
        Assert.Contains("refresh", _reconnects);
        Assert.Equal(2, _host.Api.CallsTo("apps.connections.open").Count());
    }

    [Fact]
    public async Task DroppedSocket_Reconnects_AndTheEnvelopeItLeftUnacknowledgedIsHandledOnce()
    {
        var first = await _slack.WaitForConnectionAsync(1);
        // The envelope arrives, and the connection dies before its turn is stored, so it cannot be acknowledged.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Queue.Gate = gate;
        var id = await _slack.SendAsync("events_api", DirectMessage("sent as the network failed", "Ev0DROP1"), acceptsResponsePayload: false);
        await _slack.WaitUntilAsync(() => _host.Queue.Attempts == 1, "the envelope's turn on its way to the queue");
        first.Drop();
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        _host.Queue.Gate = null;
        gate.SetResult();

        // Slack sends it again on the new connection; the store already holds it.
        var second = await _slack.WaitForConnectionAsync(2);
        var ack = await _slack.WaitForAckAsync(id);
        Assert.Equal(second.Number, ack.Connection);
        await WaitForQueueDrainedAsync();
        Assert.Single(_host.Engine.Turns, t => t.DeliveryId == "Ev0DROP1");
        Assert.Single(_slack.AcksFor(id));
        Assert.Contains("dropped", _reconnects);
        await _slack.WaitUntilAsync(() => _outcomes.Contains(("events_api", "ack_lost")), "the lost acknowledgement counted");
    }

    [Fact]
    public async Task EnvelopeRetriedAfterAMissingAck_IsAcknowledgedAgainButHandledOnce()
    {
        await _slack.WaitForConnectionAsync(1);
        var id = await _slack.SendAsync("events_api", DirectMessage("is anyone there?", "Ev0RETRY1"), acceptsResponsePayload: false);
        await _slack.WaitForAckAsync(id);

        // The ack was too late for Slack (or lost): the same envelope comes again.
        await _slack.RetryAsync(id);
        await _slack.WaitForAckAsync(id, count: 2);

        await WaitForQueueDrainedAsync();
        Assert.Single(_host.Engine.Turns, t => t.DeliveryId == "Ev0RETRY1");
        Assert.Equal(2, _host.Queue.Enqueued.Count(e => e.Item.Id == "Ev0RETRY1"));
    }

    [Fact]
    public async Task CrashBetweenStoreAndAck_TheEnvelopeIsNotAcknowledged_AndItsRetryIsAcknowledgedAndHandledOnce()
    {
        await _slack.WaitForConnectionAsync(1);
        _host.Queue.FailAfterNextStore = true;

        var id = await _slack.SendAsync("events_api", DirectMessage("stored, then the lights went out", "Ev0CRASH1"), acceptsResponsePayload: false);
        await _slack.WaitUntilAsync(() => _outcomes.Contains(("events_api", "not_stored")), "the envelope left unacknowledged");
        Assert.Empty(_slack.AcksFor(id));

        await _slack.RetryAsync(id);
        await _slack.WaitForAckAsync(id);
        await WaitForQueueDrainedAsync();
        Assert.Single(_host.Engine.Turns, t => t.DeliveryId == "Ev0CRASH1");
        Assert.Single(_slack.AcksFor(id));
    }

    [Fact]
    public async Task StorageDown_EnvelopeIsLeftUnacknowledged_ThenItsRetryIsTaken()
    {
        await _slack.WaitForConnectionAsync(1);
        _host.Queue.Unreachable = true;

        var id = await _slack.SendAsync("events_api", DirectMessage("while Redis was down", "Ev0DOWN1"), acceptsResponsePayload: false);
        await _slack.WaitUntilAsync(() => _outcomes.Contains(("events_api", "not_stored")), "the envelope left unacknowledged");
        Assert.Empty(_slack.AcksFor(id));

        _host.Queue.Unreachable = false;
        await _slack.RetryAsync(id);
        await _slack.WaitForAckAsync(id);
        Assert.Equal("Ev0DOWN1", (await _host.Engine.WaitForTurnAsync()).DeliveryId);
    }

    [Fact]
    public async Task SlackRefusingToOpenAConnection_IsRetriedWithBackOffUntilItWorks()
    {
        InThisTest.Value = true;
        await using var refusing = await FakeSocketModeServer.StartAsync();
        refusing.OpenError = "internal_error";
        await using var host = await SlackAdapterHost.StartAsync(settings: SocketSettings(), socketMode: refusing);

        await refusing.WaitUntilAsync(() => refusing.OpenCalls.Count >= 3, "three attempts");
        Assert.Empty(refusing.Connections);
        refusing.OpenError = null;

        Assert.True((await refusing.WaitForConnectionAsync(1)).IsOpen);
        Assert.Contains("error", _reconnects);
    }

    [Fact]
    public async Task HttpEndpoints_InSocketModeWithoutASigningSecret_RefuseEveryRequest()
    {
        var response = await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", "U0REQUESTER"), ("text", "hello"), ("event_id", "Ev0HTTP1")), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Socket Mode", await response.Content.ReadAsStringAsync());
        Assert.Empty(_host.Queue.Enqueued);
    }

    [Fact]
    public async Task HttpEndpoints_InSocketModeWithASigningSecretToo_TakeSignedRequests()
    {
        await using var both = await SlackAdapterHost.StartAsync(settings: SocketSettings(signingSecret: SlackSigner.Secret), socketMode: _slack);

        var response = await both.Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", "U0REQUESTER"), ("text", "hello"), ("event_id", "Ev0HTTP2")), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ev0HTTP2", (await both.Engine.WaitForTurnAsync()).DeliveryId);
    }

    [Fact]
    public async Task TwoConnections_AreBothOpen_AndEnvelopesOnEitherAreAnswered()
    {
        await using var slack = await FakeSocketModeServer.StartAsync();
        var settings = SocketSettings();
        settings["Slack:SocketConnections"] = "2";
        await using var host = await SlackAdapterHost.StartAsync(settings: settings, socketMode: slack);

        var one = await slack.WaitForConnectionAsync(1);
        var two = await slack.WaitForConnectionAsync(2);
        var a = await slack.SendAsync("events_api", DirectMessage("on the first", "Ev0TWO1"), acceptsResponsePayload: false, on: one);
        var b = await slack.SendAsync("events_api", DirectMessage("on the second", "Ev0TWO2"), acceptsResponsePayload: false, on: two);

        Assert.Equal(1, (await slack.WaitForAckAsync(a)).Connection);
        Assert.Equal(2, (await slack.WaitForAckAsync(b)).Connection);
        await slack.WaitUntilAsync(() => host.Services.GetRequiredService<SlackSocketState>().Open == 2, "two connections counted as open");
    }

    private async Task WaitForQueueDrainedAsync()
    {
        var queue = _host.Services.GetRequiredService<IWorkQueue>();
        await _slack.WaitUntilAsync(() =>
        {
            var stats = queue.GetStatsAsync(SlackInboundQueue.Name, CancellationToken.None).GetAwaiter().GetResult();
            return stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0 && _host.Queue.Enqueued.Count > 0;
        }, "the inbound queue drained");
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags) if (tag.Key == name) return tag.Value as string ?? "";
        return "";
    }

    internal static JsonObject DirectMessage(string text, string eventId, string user = "U0REQUESTER") =>
        JsonNode.Parse(Payload.Load("event-dm-message.json", ("user", user), ("text", text), ("event_id", eventId)))!.AsObject();

    internal static JsonObject Command(string command, string text, string triggerId, string user = "U0REQUESTER") => new()
    {
        ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl", ["team_id"] = "T0CONTOSO", ["team_domain"] = "contoso",
        ["channel_id"] = "C0GENERAL", ["channel_name"] = "general", ["user_id"] = user, ["user_name"] = "maya.patel",
        ["command"] = command, ["text"] = text, ["api_app_id"] = FakeSocketModeServer.AppId, ["is_enterprise_install"] = "false",
        ["response_url"] = "https://hooks.slack.com/commands/T0CONTOSO/1/x", ["trigger_id"] = triggerId,
    };

    internal static JsonObject ViewSubmission(string metadata, JsonObject state, string viewId, string user = "U0REQUESTER") =>
        JsonNode.Parse(Payload.Load("view-submission.json", ("user", user), ("view_id", viewId), ("callback_id", "sb_action"),
            ("private_metadata", JsonSerializer.Serialize(metadata)), ("state", state.ToJsonString())))!.AsObject();

    private static JsonObject FilledForm(string summary) => new()
    {
        ["team"] = new JsonObject { ["team"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "it" } } },
        ["summary"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = summary } },
        ["priority"] = new JsonObject { ["priority"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "Normal" } } },
    };

    private async Task<(JsonArray Blocks, string Ts, JsonObject Button)> PostCardAsync()
    {
        var gateway = _host.Services.GetServices<IPlatformGateway>().Single(g => g.Platform == SlackPlatform.Id);
        var card = new Card("IT-1001 · Printer jammed", null, [], [], [new CardAction("Assign to me", "ticket.assign-me", new Dictionary<string, string> { ["ticket"] = "IT-1001" })]);
        var sent = await gateway.SendAsync(new OutboundMessage(new ConversationAddress(SlackPlatform.Id, "C0ITDESK", null, null, "T0CONTOSO"), null, card), CancellationToken.None);
        var call = _host.Api.CallsTo("chat.postMessage").Last();
        return (call.Body["blocks"]!.AsArray(), sent.MessageId, call.Buttons.Single());
    }

    private static JsonObject Click(JsonArray blocks, string ts, JsonObject button)
    {
        var actions = blocks.OfType<JsonObject>().Single(b => b["type"]!.GetValue<string>() == "actions");
        return JsonNode.Parse(Payload.Load("block-actions.json",
            ("user", "UAGENT"), ("channel", "C0ITDESK"), ("message_ts", ts), ("blocks", blocks.ToJsonString()), ("state", "{}"),
            ("action_id", button["action_id"]!.GetValue<string>()), ("block_id", actions["block_id"]!.GetValue<string>()),
            ("title", button["text"]!["text"]!.GetValue<string>()), ("value", JsonSerializer.Serialize(button["value"]!.GetValue<string>())),
            ("action_ts", "1763810400.000777")))!.AsObject();
    }
}

public sealed class SlackSocketBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(2, 0.0, 2.0)]
    [InlineData(3, 0.0, 4.0)]
    [InlineData(3, 1.0, 4.8)]
    [InlineData(5, 0.5, 17.6)]
    [InlineData(6, 0.0, 30.0)]
    [InlineData(60, 1.0, 30.0)]
    public void Backoff_DoublesWithJitterUpToTheMaximum(int attempt, double jitter, double seconds) =>
        Assert.Equal(seconds, SlackSocketModeService.Backoff(attempt, Initial, Max, null, jitter).TotalSeconds, precision: 6);

    [Fact]
    public void Backoff_SlackAskingForLonger_WaitsAsLongAsSlackAsked() =>
        Assert.Equal(TimeSpan.FromSeconds(45), SlackSocketModeService.Backoff(1, Initial, Max, TimeSpan.FromSeconds(45), 0));

    [Fact]
    public void Backoff_SlackAskingForLess_KeepsTheBackoff() =>
        Assert.Equal(TimeSpan.FromSeconds(4), SlackSocketModeService.Backoff(3, Initial, Max, TimeSpan.FromSeconds(1), 0));
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The whole host in Socket Mode, tried as a new user would: no public URL and no signing secret, Slack played by a
/// fake Socket Mode server and the fake Web API. A DM, <c>/request</c> with and without text, a card click and the
/// modal work as over HTTP, through a refresh of the connection, and nothing is lost or posted twice.
/// </summary>
public sealed class SlackSocketModeEndToEndTests : IAsyncLifetime
{
    private const string Requester = "slack:U0REQUESTER";
    private FakeSocketModeServer _slack = null!;
    private FakeSlackApi _api = null!;
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSocketModeServer.StartAsync();
        _api = await FakeSlackApi.StartAsync();
        _api.SocketMode = _slack;
        _app = await SlackApp.StartAsync(SlackSocketModeTests.SocketSettings(), _api);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task NewUser_DmCommandsCardClickAndModal_ThroughARefresh_WorkAsOverHttpWithNothingLostOrDoubled()
    {
        var first = await _slack.WaitForConnectionAsync(1);
        var envelopes = new List<string>();

        // Maya DMs the bot; it proposes a team on a confirmation card, which she submits.
        envelopes.Add(await _slack.SendAsync("events_api", SlackSocketModeTests.DirectMessage("My laptop won't boot after the update", "Ev0SE2E01"), acceptsResponsePayload: false));
        var confirmation = await ConfirmationAsync(SlackApp.RequesterDm, envelopes);
        var state = SlackApp.WithSelect(SlackApp.TextState(("summary", "Laptop won't boot")), "priority", "High");
        envelopes.Add(await InteractAsync(SlackApp.ClickPayload(confirmation, "intake.submit", "U0REQUESTER", state.ToJsonString())));
        var laptop = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the first ticket"));
        Assert.Equal(("it", "Laptop won't boot", Priority.High), (laptop.TeamId, laptop.Summary, laptop.Priority));

        // Slack refreshes the connection in the middle of her work.
        await first.DisconnectAsync();

        // /request with text is answered at once and continues in her DM.
        var command = await _slack.SendAsync("slash_commands", SlackSocketModeTests.Command("/request", "my VPN drops every call", "trigger.se2e.1"), acceptsResponsePayload: true);
        envelopes.Add(command);
        Assert.Contains("DM", (await _slack.WaitForAckAsync(command)).Payload!["text"]!.GetValue<string>());
        var vpn = await ConfirmationAsync("DU0REQUESTER", envelopes);
        envelopes.Add(await InteractAsync(SlackApp.ClickPayload(vpn, "intake.submit", "U0REQUESTER")));
        await _app.WaitForTicketsAsync(Requester, t => t.Count == 2, "the second ticket");

        var second = await _slack.WaitForConnectionAsync(2);
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, second.OpenAtHello);

        // /request alone opens the form; she submits it.
        var form = await _slack.SendAsync("slash_commands", SlackSocketModeTests.Command("/request", "", "trigger.se2e.modal"), acceptsResponsePayload: true);
        envelopes.Add(form);
        Assert.Null((await _slack.WaitForAckAsync(form)).Payload);
        var view = (await _api.WaitForCallAsync("views.open", c => c.Str("trigger_id") == "trigger.se2e.modal")).Body["view"]!;
        var submission = SlackApp.WithSelect(SlackApp.WithSelect(
            SlackApp.TextState(("summary", "Monitor flickers"), ("details", "Since Monday, the left one")), "team", "it"), "priority", "Low");
        var submitted = await InteractAsync(SlackApp.SubmissionPayload(view, "U0REQUESTER", submission, "V0SE2E"));
        envelopes.Add(submitted);
        Assert.Null((await _slack.WaitForAckAsync(submitted)).Payload);
        var monitor = (await _app.WaitForTicketsAsync(Requester, t => t.Any(x => x.Summary == "Monitor flickers"), "the modal's ticket")).Single(t => t.Summary == "Monitor flickers");

        // The agent takes it from the team card.
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me", c => c.Text.Contains(monitor.Number.ToString()));
        envelopes.Add(await InteractAsync(SlackApp.ClickPayload(teamCard, "ticket.assign-me", "UAGENT")));
        await _app.WaitForTicketsAsync(Requester, t => t.Single(x => x.Number == monitor.Number).Status == TicketStatus.Assigned, "the assignment");
        await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.resolve", c => c.Call.Method == "chat.update" && c.Ts == teamCard.Ts);

        await SettledAsync();
        // Each envelope acknowledged once; each ticket filed once, its team card posted once; no post repeated.
        Assert.All(envelopes, id => Assert.Single(_slack.AcksFor(id)));
        Assert.Equal(3, (await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None)).Count);
        foreach (var ticket in await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None))
        {
            Assert.Single(_api.CallsTo("chat.postMessage"), c => c.Str("channel") == SlackApp.ItChannel && c.Str("thread_ts") is null && c.AllText.Contains(ticket.Number.ToString()));
        }
        var posts = _api.CallsTo("chat.postMessage").Select(c => c.Body.ToJsonString()).ToList();
        Assert.Equal(posts.Count, posts.Distinct(StringComparer.Ordinal).Count());
        Assert.Single(_api.CallsTo("views.open"));
        // Slack's HTTP endpoints are closed: there is no signing secret to verify anything posted to them.
        var http = await _app.DirectMessageAsync("over HTTP", "Ev0SE2EHTTP");
        Assert.Equal(HttpStatusCode.Forbidden, http.StatusCode);
    }

    [Fact]
    public async Task Readiness_ReportsTheSocketConnected_AndNotReadyWithoutIt()
    {
        await _slack.WaitForConnectionAsync(1);
        await _slack.WaitUntilAsync(() => _app.Client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK, "ready");

        var ready = JsonNode.Parse(await _app.Client.GetStringAsync("/readyz"))!;
        Assert.StartsWith("connected", ready["checks"]!["slack-socket"]!.GetValue<string>());

        _slack.OpenError = "internal_error";
        _slack.Connections[0].Drop();
        await _slack.WaitUntilAsync(() => _app.Client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.ServiceUnavailable, "not ready");
        var notReady = await _app.Client.GetAsync("/readyz");
        Assert.StartsWith("not connected", JsonNode.Parse(await notReady.Content.ReadAsStringAsync())!["checks"]!["slack-socket"]!.GetValue<string>());
    }

    /// <summary>The intake card of a request typed in <paramref name="channel"/>, with the team picked first when the bot asked for it.</summary>
    private async Task<SlackCard> ConfirmationAsync(string channel, List<string> envelopes)
    {
        var card = await _app.WaitForCardAsync(channel, c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team"), $"an intake card in {channel}");
        if (!card.HasVerb("intake.set-team")) return card;
        envelopes.Add(await InteractAsync(SlackApp.ClickPayload(card, "intake.set-team", "U0REQUESTER", SlackApp.WithSelect([], "team", "it").ToJsonString())));
        var ts = card.Ts;
        return await _app.WaitForCardAsync(channel, "intake.submit", c => c.Ts == ts);
    }

    private Task<string> InteractAsync(string payload) =>
        _slack.SendAsync("interactive", JsonNode.Parse(payload)!.AsObject(), acceptsResponsePayload: payload.Contains("\"view_submission\"", StringComparison.Ordinal));

    /// <summary>Waits until the inbound queue and the ticket outbox have nothing left to do.</summary>
    private async Task SettledAsync()
    {
        var queue = _app.Services.GetRequiredService<IWorkQueue>();
        await _slack.WaitUntilAsync(() =>
        {
            var stats = queue.GetStatsAsync(SlackInboundQueue.Name, CancellationToken.None).GetAwaiter().GetResult();
            return stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0;
        }, "the inbound queue drained");
        await _app.Services.WaitForOutboxAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>The engine's messages as Slack Web API calls and Block Kit.</summary>
public sealed class SlackGatewayTests : IAsyncLifetime
{
    private SlackAdapterHost _host = null!;
    private IPlatformGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _host = await SlackAdapterHost.StartAsync();
        _gateway = _host.Services.GetServices<IPlatformGateway>().Single(g => g.Platform == SlackPlatform.Id);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static ConversationAddress Channel(string id, string? thread = null) => new(SlackPlatform.Id, id, thread, null, "T0CONTOSO");

    [Fact]
    public async Task Send_ToAChannelWithoutThread_PostsTopLevelAndReturnsTheNewThread()
    {
        var sent = await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), "New request"), CancellationToken.None);

        var call = Assert.Single(_host.Api.CallsTo("chat.postMessage"));
        Assert.Null(call.Body["thread_ts"]);
        Assert.Equal("Bearer xoxb-test-token", call.Authorization);
        Assert.Equal(sent.MessageId, sent.Address.ThreadId);
        Assert.Equal("C0ITDESK", sent.Address.ConversationId);
    }

    [Fact]
    public async Task Send_ToAThread_RepliesInsideIt()
    {
        var sent = await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK", "1763810000.000100"), "Alex took it"), CancellationToken.None);

        Assert.Equal("1763810000.000100", Assert.Single(_host.Api.CallsTo("chat.postMessage")).Str("thread_ts"));
        Assert.Equal("1763810000.000100", sent.Address.ThreadId);
    }

    [Fact]
    public async Task Send_ToADirectMessage_StaysOutOfThreads()
    {
        var sent = await _gateway.SendAsync(new OutboundMessage(Channel("D0MAYADM"), "Filed IT-1001"), CancellationToken.None);

        Assert.Null(sent.Address.ThreadId);
    }

    [Fact]
    public async Task Send_VisibleToOnePerson_PostsAnEphemeralMessage()
    {
        var viewer = new PersonRef(SlackPlatform.Id, "U0REQUESTER", "Maya Patel");

        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK", "1763810000.000100"), "Only you see this", VisibleTo: viewer), CancellationToken.None);

        var call = Assert.Single(_host.Api.Calls);
        Assert.Equal("chat.postEphemeral", call.Method);
        Assert.Equal("U0REQUESTER", call.Str("user"));
        Assert.Equal("1763810000.000100", call.Str("thread_ts"));
    }

    [Fact]
    public async Task Update_ReplacesTheMessageInPlace()
    {
        var target = new MessageRef(Channel("C0ITDESK", "1763810000.000100"), "1763810000.000100");
        var card = new Card("IT-1001 · Resolved", null, [], [], [], Accent: CardAccent.Good);

        await _gateway.UpdateAsync(target, new OutboundMessage(target.Address, null, card), CancellationToken.None);

        var call = Assert.Single(_host.Api.CallsTo("chat.update"));
        Assert.Equal("C0ITDESK", call.Str("channel"));
        Assert.Equal("1763810000.000100", call.Str("ts"));
        Assert.Contains(":white_check_mark:", call.AllText);
    }

    [Fact]
    public async Task Card_RendersHeaderFactsTextContextInputsAndStyledButtons()
    {
        var card = new Card(
            "IT-1001 · Laptop <b>will not</b> boot",
            "Black screen & fan noise",
            [new CardFact("Priority", "High"), new CardFact("Requester", "Maya Patel")],
            [new CardInput("reason", "Reason", InputKind.Choice, InputRequirement.Required, "dup",
                Choices: [new CardChoice("dup", "Duplicate"), new CardChoice("wrong", "Wrong team")])],
            [
                new CardAction("Assign to me", "ticket.assign", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Positive),
                new CardAction("Cancel", "ticket.cancel", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Destructive),
                new CardAction("Details", "ticket.details", new Dictionary<string, string>()),
            ],
            Subtitle: "Filed by Maya",
            Accent: CardAccent.Warning);

        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, card), CancellationToken.None);

        var call = Assert.Single(_host.Api.CallsTo("chat.postMessage"));
        var blocks = call.Body["blocks"]!.AsArray();
        Assert.Equal(["header", "context", "section", "section", "input", "actions"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("IT-1001 · Laptop <b>will not</b> boot", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(":warning: Filed by Maya", blocks[1]!["elements"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Black screen &amp; fan noise", blocks[2]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("*Priority*\nHigh", blocks[3]!["fields"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("reason", blocks[4]!["block_id"]!.GetValue<string>());
        Assert.Equal("dup", blocks[4]!["element"]!["initial_option"]!["value"]!.GetValue<string>());
        var buttons = call.Buttons.ToList();
        Assert.Equal("primary", buttons[0]["style"]!.GetValue<string>());
        Assert.Equal("danger", buttons[1]["style"]!.GetValue<string>());
        Assert.Null(buttons[2]["style"]);
        Assert.Equal(3, buttons.Select(b => b["action_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal("IT-1001 · Laptop &lt;b&gt;will not&lt;/b&gt; boot", call.Str("text"));
    }

    [Fact]
    public async Task Card_WithAFormTooLargeForAButton_StillOpensTheWholeForm()
    {
        var choices = Enumerable.Range(0, 60).Select(i => new CardChoice($"choice-{i}", $"A long descriptive choice number {i}")).ToList();
        var form = new CardForm("Move", [new CardInput("team", "Team", InputKind.Choice, InputRequirement.Required, Choices: choices)], "Move");
        var card = new Card("IT-1001", null, [], [], [new CardAction("Move", "ticket.move", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, Form: form)]);

        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, card), CancellationToken.None);

        var value = Assert.Single(_host.Api.CallsTo("chat.postMessage")).Buttons.Single()["value"]!.GetValue<string>();
        Assert.True(value.Length <= 2000);
        var codec = _host.Services.GetRequiredService<Outbound.SlackActionCodec>();
        var decoded = await codec.DecodeAsync(value, CancellationToken.None);
        Assert.Equal("ticket.move", decoded!.Value.Verb);
        Assert.Equal(60, decoded.Value.Form!.Inputs[0].Choices!.Count);
    }
}

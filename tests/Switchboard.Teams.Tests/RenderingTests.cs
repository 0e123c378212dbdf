using Switchboard.Core.Conversations;
using Switchboard.Teams.Rendering;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class AdaptiveCardRendererTests
{
    private static readonly Card Ticket = new(
        "IT-1001 · VPN drops every call",
        "My VPN drops every call since Monday.",
        [new CardFact("Status", "New"), new CardFact("Priority", "High")],
        [new CardInput("note", "Note", InputKind.MultilineText, InputRequirement.Optional, Placeholder: "Anything to add?", MaxLength: 500)],
        [
            new CardAction("Assign to me", "ticket.assign-me", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Positive),
            new CardAction("Resolve", "ticket.resolve", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Default,
                new CardForm("How was it resolved?", [new CardInput("resolution", "Resolution", InputKind.Text, InputRequirement.Required)], "Resolve")),
            new CardAction("Move", "ticket.move", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Destructive,
                new CardForm("Move to", [new CardInput("team", "Team", InputKind.Choice, InputRequirement.Required, "hr", Choices: [new CardChoice("hr", "People & HR"), new CardChoice("legal", "Legal")])], "Move")),
        ],
        Subtitle: "IT Support · filed by Maya Patel",
        Accent: CardAccent.Warning);

    [Fact]
    public void Card_RendersAsAdaptiveCard15WithHeaderFactsAndInputs()
    {
        var card = AdaptiveCardRenderer.Render(Ticket);

        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var body = card["body"]!.AsArray();
        var header = body[0]!;
        Assert.Equal("Container", header["type"]!.GetValue<string>());
        Assert.Equal("warning", header["style"]!.GetValue<string>());
        Assert.Equal(Ticket.Title, header["items"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(Ticket.Subtitle, header["items"]![1]!["text"]!.GetValue<string>());
        Assert.Equal(Ticket.Text, body[1]!["text"]!.GetValue<string>());
        var facts = body[2]!;
        Assert.Equal("FactSet", facts["type"]!.GetValue<string>());
        Assert.Equal("Priority", facts["facts"]![1]!["title"]!.GetValue<string>());
        Assert.Equal("High", facts["facts"]![1]!["value"]!.GetValue<string>());
        var note = body[3]!;
        Assert.Equal("Input.Text", note["type"]!.GetValue<string>());
        Assert.Equal("note", note["id"]!.GetValue<string>());
        Assert.True(note["isMultiline"]!.GetValue<bool>());
        Assert.Equal(500, note["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public void Action_IsExecuteWithVerbDataAndSubmitFallback()
    {
        var assign = AdaptiveCardRenderer.Render(Ticket)["actions"]![0]!;

        Assert.Equal("Action.Execute", assign["type"]!.GetValue<string>());
        Assert.Equal("ticket.assign-me", assign["verb"]!.GetValue<string>());
        Assert.Equal("IT-1001", assign["data"]!["ticket"]!.GetValue<string>());
        Assert.Equal("positive", assign["style"]!.GetValue<string>());
        var fallback = assign["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        Assert.Equal("ticket.assign-me", fallback["data"]![AdaptiveCardRenderer.VerbField]!.GetValue<string>());
        Assert.Equal("IT-1001", fallback["data"]!["ticket"]!.GetValue<string>());
    }

    [Fact]
    public void ActionWithForm_IsShowCardHoldingTheInputsAndTheExecute()
    {
        var actions = AdaptiveCardRenderer.Render(Ticket)["actions"]!.AsArray();
        var resolve = actions[1]!;
        var move = actions[2]!;

        Assert.Equal("Action.ShowCard", resolve["type"]!.GetValue<string>());
        var inner = resolve["card"]!;
        var input = inner["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.Text")!;
        Assert.Equal("resolution", input["id"]!.GetValue<string>());
        Assert.True(input["isRequired"]!.GetValue<bool>());
        var submit = inner["actions"]![0]!;
        Assert.Equal("Action.Execute", submit["type"]!.GetValue<string>());
        Assert.Equal("ticket.resolve", submit["verb"]!.GetValue<string>());
        Assert.Equal("Resolve", submit["title"]!.GetValue<string>());

        var choice = move["card"]!["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.ChoiceSet")!;
        Assert.Equal("hr", choice["value"]!.GetValue<string>());
        Assert.Equal(["hr", "legal"], choice["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal("destructive", move["style"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(CardAccent.Default, "default")]
    [InlineData(CardAccent.Good, "good")]
    [InlineData(CardAccent.Warning, "warning")]
    [InlineData(CardAccent.Muted, "emphasis")]
    public void Accent_BecomesTheHeaderContainerStyle(CardAccent accent, string style)
    {
        var card = AdaptiveCardRenderer.Render(new Card("t", null, [], [], [], Accent: accent));

        Assert.Equal(style, card["body"]![0]!["style"]!.GetValue<string>());
        Assert.Null(card["actions"]);
    }
}

public sealed class TeamsTextTests
{
    [Theory]
    [InlineData("plain words", "plain words")]
    [InlineData("Use *this* and _that_", "Use \\*this\\* and \\_that\\_")]
    [InlineData("a <b>tag</b> & more", "a &lt;b&gt;tag&lt;/b&gt; &amp; more")]
    [InlineData("line one\nline two", "line one<br>line two")]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("- not a list\n1. nor this", "\\- not a list<br>1\\. nor this")]
    [InlineData("IT-1001 costs 3.50", "IT-1001 costs 3.50")]
    [InlineData("[link](http://x)", "\\[link\\](http://x)")]
    public void PlainText_IsEscapedForTeamsMarkdown(string text, string expected)
    {
        Assert.Equal(expected, TeamsText.FromPlainText(text));
    }
}

public sealed class GatewayTests
{
    private static readonly Card SimpleCard = new("IT-1001 · VPN", null, [new CardFact("Status", "New")], [], []);

    [Fact]
    public async Task SendToChannelWithoutThread_CreatesAThreadAndPointsTheReferenceAtIt()
    {
        await using var harness = await OutboundHarness.StartAsync();
        var channel = new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.ItChannelId, null, harness.Fake.ServiceUrl, TeamsPayloads.TenantId);

        var sent = await harness.Gateway.SendAsync(new OutboundMessage(channel, null, SimpleCard), CancellationToken.None);

        var create = Assert.Single(harness.Fake.ConnectorWrites);
        Assert.Equal("/amer/v3/conversations", create.Path);
        var body = create.Json!;
        Assert.True(body["isGroup"]!.GetValue<bool>());
        Assert.Equal(TeamsPayloads.ItChannelId, body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.TenantId, body["tenantId"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["activity"]!["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal(sent.MessageId, sent.Address.ThreadId);
        Assert.Equal(channel.InThread(sent.MessageId), sent.Address);
    }

    [Fact]
    public async Task SendWithThread_RepliesInThatThread()
    {
        await using var harness = await OutboundHarness.StartAsync();
        var thread = new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.ItChannelId, "root-7", harness.Fake.ServiceUrl);

        var sent = await harness.Gateway.SendAsync(new OutboundMessage(thread, "Taking a look"), CancellationToken.None);

        var reply = Assert.Single(harness.Fake.ConnectorWrites);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.ItChannelId};messageid=root-7/activities/root-7", reply.Path);
        Assert.Equal("root-7", reply.Json!["replyToId"]!.GetValue<string>());
        Assert.Equal("Taking a look", reply.Json!["text"]!.GetValue<string>());
        Assert.Equal(thread, sent.Address);
    }

    [Fact]
    public async Task SendToPersonalChat_PostsToTheConversation()
    {
        await using var harness = await OutboundHarness.StartAsync();
        var chat = new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.PersonalConversationId, null, harness.Fake.ServiceUrl);

        var sent = await harness.Gateway.SendAsync(new OutboundMessage(chat, "Filed as IT-1001"), CancellationToken.None);

        var post = Assert.Single(harness.Fake.ConnectorWrites);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities", post.Path);
        Assert.Null(sent.Address.ThreadId);
    }

    [Fact]
    public async Task SendToUserId_OpensAOneToOneChatFirst()
    {
        await using var harness = await OutboundHarness.StartAsync();
        var user = new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.RequesterId, null, harness.Fake.ServiceUrl, TeamsPayloads.TenantId);

        var sent = await harness.Gateway.SendAsync(new OutboundMessage(user, "Your request was resolved"), CancellationToken.None);

        var writes = harness.Fake.ConnectorWrites;
        Assert.Equal(2, writes.Count);
        Assert.Equal("/amer/v3/conversations", writes[0].Path);
        Assert.Equal(TeamsPayloads.RequesterId, writes[0].Json!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.BotId, writes[0].Json!["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsPayloads.TenantId, writes[0].Json!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal($"/amer/v3/conversations/{sent.Address.ConversationId}/activities", writes[1].Path);
        Assert.StartsWith("a:", sent.Address.ConversationId);
    }

    [Fact]
    public async Task Update_ReplacesTheActivityInPlace()
    {
        await using var harness = await OutboundHarness.StartAsync();
        var target = new MessageRef(new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.ItChannelId, "root-9", harness.Fake.ServiceUrl), "root-9");

        await harness.Gateway.UpdateAsync(target, new OutboundMessage(target.Address, null, SimpleCard with { Accent = CardAccent.Good }), CancellationToken.None);

        var put = Assert.Single(harness.Fake.ConnectorWrites);
        Assert.Equal("PUT", put.Method);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.ItChannelId};messageid=root-9/activities/root-9", put.Path);
        Assert.Equal("root-9", put.Json!["id"]!.GetValue<string>());
        Assert.Equal("good", put.Json!["attachments"]![0]!["content"]!["body"]![0]!["style"]!.GetValue<string>());
    }
}

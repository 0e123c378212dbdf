using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
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
        Assert.Equal("plain_text", blocks[2]!["text"]!["type"]!.GetValue<string>());
        Assert.Equal("Black screen & fan noise", blocks[2]!["text"]!["text"]!.GetValue<string>());
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
        var codec = _host.Services.GetRequiredService<SlackActionCodec>();
        var decoded = await codec.DecodeAsync(value, CancellationToken.None);
        Assert.Equal("ticket.move", decoded!.Value.Verb);
        Assert.Equal(60, decoded.Value.Form!.Inputs[0].Choices!.Count);
    }

    private static readonly Dictionary<string, string> TicketData = new() { ["ticket"] = "IT-1001" };

    private static readonly CardForm MoveForm = new("Move to another team",
        [new CardInput("team", "Team", InputKind.Choice, InputRequirement.Required, Choices: [new CardChoice("hr", "People & HR"), new CardChoice("legal", "Legal")])],
        "Move");

    /// <summary>A team card as TicketCards makes it: two buttons, the rest in the "More" menu.</summary>
    private static Card TeamCard(params CardAction[] more) => new("IT-1001 · VPN drops every call", "Since Monday.", [], [],
    [
        new CardAction("Assign to me", "ticket.assign-me", TicketData, ActionStyle.Positive),
        new CardAction("Resolve", "ticket.resolve", TicketData, ActionStyle.Positive),
        .. more.Select(a => a with { Prominence = ActionProminence.Secondary }),
    ]);

    private static readonly CardAction[] ThreeSecondary =
    [
        new("Assign to someone", "ticket.assign", TicketData),
        new("In progress", "ticket.start", TicketData),
        new("Move to another team", "ticket.move", TicketData, Form: MoveForm),
    ];

    [Fact]
    public async Task Card_SecondaryActions_AreEntriesOfAnOverflowMenuAfterThePrimaryButtons()
    {
        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(ThreeSecondary)), CancellationToken.None);

        var elements = Assert.Single(_host.Api.CallsTo("chat.postMessage")).Buttons.ToList();
        Assert.Equal(["button", "button", "overflow"], elements.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(["Assign to me", "Resolve"], elements.Take(2).Select(e => e["text"]!["text"]!.GetValue<string>()));
        var options = elements[2]["options"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(["Assign to someone", "In progress", "Move to another team"], options.Select(o => o["text"]!["text"]!.GetValue<string>()));
        Assert.StartsWith(BlockKit.ActionIdPrefix, elements[2]["action_id"]!.GetValue<string>());
        Assert.Equal(3, elements.Select(e => e["action_id"]!.GetValue<string>()).Distinct().Count());

        // An entry's value holds at most 150 characters and still decodes to the whole action, form included.
        var codec = _host.Services.GetRequiredService<SlackActionCodec>();
        Assert.All(options, o => Assert.True(o["value"]!.GetValue<string>().Length <= SlackActionCodec.MaxOptionValueLength));
        var move = (await codec.DecodeAsync(options[2]["value"]!.GetValue<string>(), CancellationToken.None))!.Value;
        Assert.Equal("ticket.move", move.Verb);
        Assert.Equal(TicketData, move.Data);
        Assert.Equal(["hr", "legal"], move.Form!.Inputs[0].Choices!.Select(c => c.Value));
    }

    [Fact]
    public async Task Card_OneSecondaryAction_StaysAButton()
    {
        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(ThreeSecondary[1])), CancellationToken.None);

        var elements = Assert.Single(_host.Api.CallsTo("chat.postMessage")).Buttons.ToList();
        Assert.Equal(["button", "button", "button"], elements.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("In progress", elements[2]["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Card_MoreSecondaryActionsThanAnOverflowMenuHolds_AreOptionsOfAMoreSelect()
    {
        var six = Enumerable.Range(1, 6).Select(i => new CardAction($"Step {i}", $"ticket.step-{i}", TicketData)).ToArray();

        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(six)), CancellationToken.None);

        var menu = Assert.Single(_host.Api.CallsTo("chat.postMessage")).Buttons.Last();
        Assert.Equal("static_select", menu["type"]!.GetValue<string>());
        Assert.Equal(BlockKitRenderer.MoreMenuTitle, menu["placeholder"]!["text"]!.GetValue<string>());
        Assert.Equal(6, menu["options"]!.AsArray().Count);
    }

    [Fact]
    public async Task MoreSelectEntry_Chosen_SendsItsTurnWithoutTheSelectAmongTheInputs()
    {
        var six = Enumerable.Range(1, 6).Select(i => new CardAction($"Step {i}", $"ticket.step-{i}", TicketData)).ToArray();
        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(six)), CancellationToken.None);
        var post = Assert.Single(_host.Api.CallsTo("chat.postMessage"));
        var blocks = post.Body["blocks"]!.AsArray();
        var actions = blocks.OfType<JsonObject>().Single(b => b["type"]!.GetValue<string>() == "actions");
        var select = post.Buttons.Last();
        var entry = select["options"]![4]!;
        // A select in a message is stateful: Slack also reports its choice in state.values.
        var state = new JsonObject
        {
            [actions["block_id"]!.GetValue<string>()] = new JsonObject
            {
                [select["action_id"]!.GetValue<string>()] = new JsonObject { ["type"] = "static_select", ["selected_option"] = entry.DeepClone() },
            },
        };
        var payload = Payload.Load("block-actions-overflow.json",
            ("user", "UAGENT"), ("channel", "C0ITDESK"), ("message_ts", post.Answer!["ts"]!.GetValue<string>()),
            ("blocks", blocks.ToJsonString()), ("state", state.ToJsonString()),
            ("action_id", select["action_id"]!.GetValue<string>()), ("block_id", actions["block_id"]!.GetValue<string>()),
            ("title", "Step 5"), ("value", JsonSerializer.Serialize(entry["value"]!.GetValue<string>())), ("action_ts", "1763810400.000003"));
        payload = payload.Replace("\"type\": \"overflow\"", "\"type\": \"static_select\"", StringComparison.Ordinal);

        (await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("ticket.step-5", turn.Action!.Verb);
        Assert.Equal(TicketData, turn.Action.Values);
    }

    [Fact]
    public async Task MenuEntry_Chosen_SendsTheSameTurnAsItsButtonWould()
    {
        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(ThreeSecondary)), CancellationToken.None);
        var post = Assert.Single(_host.Api.CallsTo("chat.postMessage"));

        await ChooseAsync(post, "In progress");

        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("ticket.start", turn.Action!.Verb);
        Assert.Equal(TicketData, turn.Action.Values);
        Assert.Equal("UAGENT", turn.From.Id);
        Assert.Equal(post.Answer!["ts"]!.GetValue<string>(), turn.SourceMessage!.MessageId);
    }

    [Fact]
    public async Task MenuEntryWithForm_Chosen_OpensTheFormModalUnderTheCardsTitle()
    {
        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), null, TeamCard(ThreeSecondary)), CancellationToken.None);

        await ChooseAsync(Assert.Single(_host.Api.CallsTo("chat.postMessage")), "Move to another team");

        var view = (await _host.Api.WaitForCallAsync("views.open")).Body["view"]!;
        Assert.Equal("Move to another team", view["title"]!["text"]!.GetValue<string>());
        Assert.Equal("IT-1001 · VPN drops every call", view["blocks"]![0]!["elements"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("team", view["blocks"]![1]!["block_id"]!.GetValue<string>());
        Assert.Empty(_host.Engine.Turns);
    }

    [Theory]
    [InlineData("Resolve request", "Resolve request")]
    [InlineData("Add information to FAC-1234", "Add information to…")]
    [InlineData("What do you need from the requester?", "What do you need from…")]
    [InlineData("Supercalifragilisticexpialidocious", "Supercalifragilisticexp…")]
    public void ModalTitle_LongerThanSlackAllows_IsCutAtAWordBoundary(string title, string shown)
    {
        var view = SlackModals.FormModal(new CardForm(title, [], "Send"), new SlackFormMetadata("ticket.add-info", [], "C0ITDESK", null, null, null));

        var text = view["title"]!["text"]!.GetValue<string>();
        Assert.Equal(shown, text);
        Assert.True(text.Length <= SlackModals.MaxTitleLength);
    }

    /// <summary>Text a person could write to ping a channel, fake a link or inject markup.</summary>
    public const string Hostile =
        "[Reset your password](https://evil.example/login) <https://evil.example|Click here> <!here> <!channel> <!everyone> " +
        "<@U0REQUESTER> <#C0ITDESK|it> <!subteam^S123> @here @channel *bold* <b>html</b> & &amp;";

    [Fact]
    public async Task Card_ShowsTextPeopleWroteLiterally()
    {
        var card = new Card($"IT-1001 · {Hostile}", Hostile, [new CardFact("Resolution", Hostile), new CardFact("Requester", Hostile)], [],
            [new CardAction("Resolve", "ticket.resolve", TicketData)], Subtitle: Hostile);

        await _gateway.SendAsync(new OutboundMessage(Channel("C0ITDESK"), Hostile, card), CancellationToken.None);

        var call = Assert.Single(_host.Api.CallsTo("chat.postMessage"));
        var texts = TextObjects(call.Body["blocks"]!).ToList();
        // Plain text is shown as written; Slack parses nothing in it.
        Assert.Contains(texts, t => t["type"]!.GetValue<string>() == "plain_text" && t["text"]!.GetValue<string>() == Hostile);
        // mrkdwn carries the text with & < > escaped, so no <...> link or mention is left, and verbatim stops
        // Slack from making mentions or links of "@here" or bare URLs by itself.
        var markdown = texts.Where(t => t["type"]!.GetValue<string>() == "mrkdwn").ToList();
        Assert.NotEmpty(markdown);
        Assert.All(markdown, t =>
        {
            Assert.True(t["verbatim"]!.GetValue<bool>());
            var text = t["text"]!.GetValue<string>();
            Assert.DoesNotContain("<", text);
            Assert.DoesNotContain(">", text);
            Assert.Contains(BlockKit.Escape(Hostile), text);
        });
        // The notification text is mrkdwn too.
        Assert.Equal(BlockKit.Escape($"{Hostile}\nIT-1001 · {Hostile}"), call.Str("text"));
    }

    private static IEnumerable<JsonObject> TextObjects(JsonNode node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() is "plain_text" or "mrkdwn" && o["text"] is JsonValue => [o],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : TextObjects(p.Value)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(TextObjects),
        _ => [],
    };

    /// <summary>Chooses the entry titled <paramref name="title"/> in the posted card's overflow menu, as UAGENT.</summary>
    private async Task ChooseAsync(SlackApiCall post, string title)
    {
        var blocks = post.Body["blocks"]!.AsArray();
        var actions = blocks.OfType<JsonObject>().Single(b => b["type"]!.GetValue<string>() == "actions");
        var menu = actions["elements"]!.AsArray().OfType<JsonObject>().Single(e => e["type"]!.GetValue<string>() == "overflow");
        var entry = menu["options"]!.AsArray().OfType<JsonObject>().Single(o => o["text"]!["text"]!.GetValue<string>() == title);
        var payload = Payload.Load("block-actions-overflow.json",
            ("user", "UAGENT"), ("channel", post.Str("channel")!), ("message_ts", post.Answer!["ts"]!.GetValue<string>()),
            ("blocks", blocks.ToJsonString()), ("state", "{}"),
            ("action_id", menu["action_id"]!.GetValue<string>()), ("block_id", actions["block_id"]!.GetValue<string>()),
            ("title", title), ("value", JsonSerializer.Serialize(entry["value"]!.GetValue<string>())),
            ("action_ts", "1763810400.000002"));
        var response = await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));
        response.EnsureSuccessStatusCode();
    }
}

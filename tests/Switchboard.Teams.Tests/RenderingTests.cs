using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
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
        Assert.Equal(Ticket.Title, Text(header["items"]![0]!));
        Assert.Equal("bolder", header["items"]![0]!["inlines"]![0]!["weight"]!.GetValue<string>());
        Assert.Equal(Ticket.Subtitle, Text(header["items"]![1]!));
        Assert.True(header["items"]![1]!["inlines"]![0]!["isSubtle"]!.GetValue<bool>());
        Assert.Equal(Ticket.Text, Text(body[1]!));
        var priority = body[3]!;
        Assert.Equal("ColumnSet", priority["type"]!.GetValue<string>());
        Assert.Equal("Priority", Text(priority["columns"]![0]!["items"]![0]!));
        Assert.Equal("High", Text(priority["columns"]![1]!["items"]![0]!));
        var note = body[4]!;
        Assert.Equal("Input.Text", note["type"]!.GetValue<string>());
        Assert.Equal("note", note["id"]!.GetValue<string>());
        Assert.True(note["isMultiline"]!.GetValue<bool>());
        Assert.Equal(500, note["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public void TextWithLineBreaks_BecomesOneBlockPerLineWithAGapForABlankLine()
    {
        var card = AdaptiveCardRenderer.Render(new Card("t", "first\nsecond\n\nthird", [], [], []));

        var lines = card["body"]!.AsArray().Skip(1).ToList();
        Assert.Equal(["first", "second", "third"], lines.Select(l => Text(l!)));
        Assert.Equal([null, "None", "Medium"], lines.Select(l => l!["spacing"]?.GetValue<string>()));
    }

    [Fact]
    public void Action_IsExecuteWithVerbDataAndSubmitFallback()
    {
        var assign = AdaptiveCardRenderer.Render(Ticket)["actions"]![0]!;

        Assert.Equal("Action.Execute", assign["type"]!.GetValue<string>());
        Assert.Equal("ticket.assign-me", assign["verb"]!.GetValue<string>());
        Assert.Equal("IT-1001", assign["data"]!["ticket"]!.GetValue<string>());
        Assert.Equal("positive", assign["style"]!.GetValue<string>());
        Assert.Null(assign["mode"]);
        Assert.Null(assign["associatedInputs"]);
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
        Assert.Equal("How was it resolved?", Text(inner["body"]![0]!));
        var input = inner["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.Text")!;
        Assert.Equal("sbf1.resolution", input["id"]!.GetValue<string>());
        Assert.True(input["isRequired"]!.GetValue<bool>());
        var submit = inner["actions"]![0]!;
        Assert.Equal("Action.Execute", submit["type"]!.GetValue<string>());
        Assert.Equal("ticket.resolve", submit["verb"]!.GetValue<string>());
        Assert.Equal("Resolve", submit["title"]!.GetValue<string>());
        Assert.Equal("1", submit["data"]![AdaptiveCardRenderer.FormField]!.GetValue<string>());
        Assert.Equal("1", submit["fallback"]!["data"]![AdaptiveCardRenderer.FormField]!.GetValue<string>());

        var choice = move["card"]!["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.ChoiceSet")!;
        Assert.Equal("sbf2.team", choice["id"]!.GetValue<string>());
        Assert.Equal("hr", choice["value"]!.GetValue<string>());
        Assert.Equal(["hr", "legal"], choice["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal("destructive", move["style"]!.GetValue<string>());
    }

    [Fact]
    public void SecondaryAction_GoesToTheOverflowMenu()
    {
        var card = Ticket with
        {
            Actions = [.. Ticket.Actions.Select((a, i) => i == 0 ? a : a with { Prominence = ActionProminence.Secondary })],
        };

        var actions = AdaptiveCardRenderer.Render(card)["actions"]!.AsArray();

        Assert.Equal([null, "secondary", "secondary"], actions.Select(a => a!["mode"]?.GetValue<string>()));
    }

    [Fact]
    public void ActionIgnoringTheCardsInputs_SendsNoneSoAnEmptyRequiredInputDoesNotBlockIt()
    {
        var confirmation = AdaptiveCardRenderer.Render(SampleCards.Cards.Confirmation(SampleCards.Draft()));

        var actions = confirmation["actions"]!.AsArray().ToDictionary(a => a!["title"]!.GetValue<string>(), a => a!);
        Assert.Equal("none", actions["Cancel"]["associatedInputs"]!.GetValue<string>());
        Assert.Equal("none", actions["Cancel"]["fallback"]!["associatedInputs"]!.GetValue<string>());
        Assert.Null(actions["Submit"]["associatedInputs"]);
    }

    [Fact]
    public void FormInputIds_AreRestoredForTheSubmittedFormOnly()
    {
        var values = new Dictionary<string, string>
        {
            ["ticket"] = "IT-1001",
            [AdaptiveCardRenderer.FormField] = "3",
            ["sbf3.note"] = "Rebooted the router",
            ["sbf2.note"] = "a question typed into the other form",
            ["sbf12.note"] = "and another",
        };

        var restored = AdaptiveCardRenderer.RestoreFormInputIds(values);

        Assert.Equal(new Dictionary<string, string> { ["ticket"] = "IT-1001", ["note"] = "Rebooted the router" }, restored);
    }

    /// <summary>The text of a RichTextBlock (its runs joined).</summary>
    internal static string Text(JsonNode block)
    {
        Assert.Equal("RichTextBlock", block["type"]!.GetValue<string>());
        return string.Concat(block["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()));
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

/// <summary>
/// Every card Switchboard sends, rendered for Teams, checked against the Adaptive Card 1.5 schema and the rules
/// Teams applies on top of it (unique input ids, buttons that fit, text that is not Markdown).
/// </summary>
public sealed class AdaptiveCardSchemaTests
{
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "adaptive-card-1.5.json")));

    public static TheoryData<string> CardNames() => [.. SampleCards.All().Select(c => c.Name)];

    private static JsonObject Rendered(string name) => AdaptiveCardRenderer.Render(SampleCards.All().Single(c => c.Name == name).Card);

    [Theory]
    [MemberData(nameof(CardNames))]
    public void RenderedCard_IsValidAgainstTheAdaptiveCard15Schema(string name)
    {
        Assert.Empty(SchemaErrors(Rendered(name)));
    }

    [Fact]
    public void SchemaCheck_RefusesACardTeamsWouldRefuse()
    {
        // The check above must be able to fail: an action property the schema does not know.
        var card = Rendered("team card, New");
        card["actions"]![0]!["isPrimary"] = true;

        Assert.NotEmpty(SchemaErrors(card));
    }

    [Theory]
    [MemberData(nameof(CardNames))]
    public void RenderedCard_HasInputIdsUniqueAcrossTheCardAndItsForms(string name)
    {
        var ids = Descendants(Rendered(name))
            .Where(o => o["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true)
            .Select(o => o["id"]!.GetValue<string>())
            .ToList();

        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }

    [Theory]
    [MemberData(nameof(CardNames))]
    public void RenderedCard_ShowsAtMostThreeButtonsAndPutsTheRestInTheOverflowMenu(string name)
    {
        var actions = Rendered(name)["actions"]?.AsArray() ?? [];

        Assert.True(actions.Count(a => a!["mode"]?.GetValue<string>() != "secondary") <= 3, $"{name} shows too many buttons for a Teams card");
    }

    [Fact]
    public void TeamCard_WhenAssigned_ShowsTwoButtonsAndFourActionsInTheOverflowMenu()
    {
        var actions = Rendered("team card, Assigned")["actions"]!.AsArray();

        Assert.Equal(["In progress", "Resolve"], actions.Where(a => a!["mode"] is null).Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(["Assign to me", "Assign to someone", "Waiting on requester", "Move to another team"],
            actions.Where(a => a!["mode"]?.GetValue<string>() == "secondary").Select(a => a!["title"]!.GetValue<string>()));
    }

    /// <summary>Text a person could write to fake a link, ping people or inject markup.</summary>
    private const string Hostile =
        "[Reset your password](https://evil.example/login) <at>Everyone</at> @here <!channel> <@U123> **urgent** <b>html</b> &amp;";

    [Fact]
    public void TextPeopleWrote_IsOnlyEverInTextRunsAndInputValuesWhichTeamsDoesNotReadAsMarkdown()
    {
        var ticket = SampleCards.Ticket(TicketStatus.Resolved, summary: Hostile, details: Hostile, resolution: Hostile);
        Card[] cards =
        [
            SampleCards.Cards.Confirmation(SampleCards.Draft(text: Hostile, summary: Hostile)),
            SampleCards.Cards.ForRequester(ticket),
            SampleCards.Cards.ForTeam(ticket, ChannelPrivacy.Private),
        ];

        foreach (var card in cards)
        {
            var rendered = AdaptiveCardRenderer.Render(card);
            var places = Descendants(rendered)
                .SelectMany(o => o.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains("evil.example", StringComparison.Ordinal))
                    .Select(p => $"{o["type"]?.GetValue<string>()}.{p.Key}"))
                .ToList();
            Assert.NotEmpty(places);
            Assert.All(places, place => Assert.True(place is "TextRun.text" or "Input.Text.value", $"'{card.Title}' puts people's text in {place}"));
            // Shown as written, nothing escaped away.
            Assert.Contains(Descendants(rendered), o => o["type"]?.GetValue<string>() == "TextRun" && o["text"]!.GetValue<string>() == Hostile);
        }
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Descendants).Prepend(o),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    /// <summary>"instance location: keyword: message" for each failed check.</summary>
    private static List<string> SchemaErrors(JsonNode card)
    {
        using var document = JsonDocument.Parse(card.ToJsonString());
        var results = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
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
    [InlineData("<at>Everyone</at> ping", "&lt;at&gt;Everyone&lt;/at&gt; ping")]
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

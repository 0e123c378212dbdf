using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>Slack payloads become the right turns, and only those (recording engine in place of the real one).</summary>
public sealed class SlackAdapterTests : IAsyncLifetime
{
    private SlackAdapterHost _host = null!;

    private int AcceptedTurns => _host.Queue.Enqueued.Count;

    public async Task InitializeAsync() => _host = await SlackAdapterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> PostEventAsync(string json, int? retry = null) =>
        _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", json, DateTimeOffset.UtcNow, retry));

    private Task<HttpResponseMessage> PostCommandAsync(string command, string text, string triggerId = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c") =>
        _host.Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("token", "Jhj5dZrVaK7ZwHHjRyZWjbDl"), new("team_id", "T0CONTOSO"), new("team_domain", "contoso"),
            new("channel_id", "C0GENERAL"), new("channel_name", "general"), new("user_id", "U0REQUESTER"),
            new("user_name", "maya.patel"), new("command", command), new("text", text), new("api_app_id", "A0SWITCHBD"),
            new("is_enterprise_install", "false"),
            new("response_url", "https://hooks.slack.com/commands/T0CONTOSO/397700885554/96rGlfmibIGlgcZRskXaIFfN"),
            new("trigger_id", triggerId),
        ], DateTimeOffset.UtcNow));

    [Fact]
    public async Task DirectMessage_BecomesAPersonalTurnFromTheLookedUpPerson()
    {
        var response = await PostEventAsync(Payload.Load("event-dm-message.json",
            ("user", "U0REQUESTER"), ("text", "my laptop &amp; dock won't charge"), ("event_id", "Ev0DM0001")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("Ev0DM0001", turn.DeliveryId);
        Assert.Equal(new PersonRef(SlackPlatform.Id, "U0REQUESTER", "Maya Patel", "maya.patel@contoso.example"), turn.From);
        Assert.Equal(new ConversationAddress(SlackPlatform.Id, "D0MAYADM", null, null, "T0CONTOSO"), turn.Conversation);
        Assert.Equal(ConversationScope.Personal, turn.Scope);
        Assert.Equal("my laptop & dock won't charge", turn.Text);
        Assert.Null(turn.Action);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763810000000), turn.Timestamp);
    }

    [Fact]
    public async Task AppMention_BecomesAChannelTurnInTheMessagesThreadWithoutTheMention()
    {
        await PostEventAsync(Payload.Load("event-app-mention.json",
            ("user", "UAGENT"), ("text", "link it"), ("channel", "C0ITDESK"), ("event_id", "Ev0MENTION1")));

        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("link it", turn.Text);
        Assert.Equal(ConversationScope.Channel, turn.Scope);
        Assert.Equal(new ConversationAddress(SlackPlatform.Id, "C0ITDESK", "1763810100.000300", null, "T0CONTOSO"), turn.Conversation);
        Assert.Equal("alex.kim@contoso.example", turn.From.Email);
    }

    [Theory]
    [InlineData("event-bot-message.json")]
    [InlineData("event-message-changed.json")]
    public async Task OwnOrEditedMessages_AreAcknowledgedButIgnored(string payload)
    {
        var response = await PostEventAsync(Payload.Load(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, AcceptedTurns); // decided before answering: nothing was queued for the engine
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task SlackbotMessage_InTheDirectMessage_IsIgnored()
    {
        var response = await PostEventAsync(Payload.Load("event-dm-message.json",
            ("user", "USLACKBOT"), ("text", "Reminder: submit your expenses"), ("event_id", "Ev0SLACKBOT")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, AcceptedTurns); // decided before answering: nothing was queued for the engine
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task Event_WhileTheEngineIsStillWorking_IsAcknowledgedAtOnce()
    {
        _host.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var post = PostEventAsync(Payload.Load("event-dm-message.json",
            ("user", "U0REQUESTER"), ("text", "vpn is down"), ("event_id", "Ev0SLOW")));

        // The engine is held until the end of the test: an answer that waited for it would never come.
        var first = await Task.WhenAny(post, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(post, first);
        Assert.Equal(HttpStatusCode.OK, (await post).StatusCode);
        await _host.Engine.WaitForTurnAsync();
        _host.Engine.Gate.SetResult();
    }

    [Fact]
    public async Task RequestCommandWithText_ContinuesInTheDirectMessageAndAnswersEphemerally()
    {
        var response = await PostCommandAsync("/request", "the printer on floor 3 is jammed", "trigger.request.1");

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Contains("DM", answer["text"]!.GetValue<string>());
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("trigger.request.1", turn.DeliveryId);
        Assert.Null(turn.Text);
        Assert.Equal(RequestIntents.New, turn.Intent!.Name);
        Assert.Equal("the printer on floor 3 is jammed", turn.Intent.Get(EntryPoint.TextArgument));
        Assert.Equal("DU0REQUESTER", turn.Conversation.ConversationId);
        Assert.Equal(ConversationScope.Personal, turn.Scope);
        Assert.Single(_host.Api.CallsTo("conversations.open"), c => c.Str("users") == "U0REQUESTER");
    }

    [Fact]
    public async Task RequestCommandWithoutText_OpensTheRequestModalWithTheTeams()
    {
        var response = await PostCommandAsync("/request", "", "trigger.modal.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_host.Api.CallsTo("views.open"));
        Assert.Equal("trigger.modal.1", call.Str("trigger_id"));
        var view = call.Body["view"]!;
        Assert.Equal("sb_action", view["callback_id"]!.GetValue<string>());
        var blocks = view["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).ToList();
        Assert.Equal(["team", "summary", "details", "priority"], blocks);
        var teamOptions = view["blocks"]![0]!["element"]!["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>());
        Assert.Equal(["it", "hr"], teamOptions);
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task RequestsCommand_ReachesItsIntentInTheDirectMessage_NotTextToParseAgain()
    {
        var response = await PostCommandAsync("/requests", "", "trigger.list.1");

        Assert.Contains("ephemeral", await response.Content.ReadAsStringAsync());
        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Null(turn.Text);
        Assert.Equal(RequestIntents.Mine, turn.Intent!.Name);
        Assert.Empty(turn.Intent.Arguments);
        Assert.Equal("DU0REQUESTER", turn.Conversation.ConversationId);
    }

    [Fact]
    public async Task UnknownCommand_GetsAHelpfulEphemeralAnswer()
    {
        var response = await PostCommandAsync("/helpdesk", "printer");

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Contains("/request", answer["text"]!.GetValue<string>());
        Assert.Contains("/requests", answer["text"]!.GetValue<string>());
        Assert.Equal(0, AcceptedTurns); // decided before answering: nothing was queued for the engine
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task MessageShortcut_OpensTheRequestModalPrefilledWithTheTextAndALink()
    {
        var payload = Payload.Load("message-action.json", ("user", "U0REQUESTER"), ("text", "The badge reader at door B is dead\\nSince this morning"));

        var response = await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = Assert.Single(_host.Api.CallsTo("views.open")).Body["view"]!;
        Assert.Equal("sb_action", view["callback_id"]!.GetValue<string>());
        var blocks = view["blocks"]!.AsArray();
        Assert.Equal("The badge reader at door B is dead", blocks[1]!["element"]!["initial_value"]!.GetValue<string>());
        var details = blocks[2]!["element"]!["initial_value"]!.GetValue<string>();
        Assert.Contains("Since this morning", details);
        Assert.Contains("https://contoso.slack.com/archives/C0GENERAL/p1763810250000700", details);
    }

    [Fact]
    public async Task MessageShortcut_OnAVeryLongMessage_PrefillsWithinSlacksInputLimits()
    {
        var payload = Payload.Load("message-action.json", ("user", "U0REQUESTER"), ("text", new string('a', 200) + " " + new string('b', 4000)));

        await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));

        var blocks = Assert.Single(_host.Api.CallsTo("views.open")).Body["view"]!["blocks"]!.AsArray();
        foreach (var element in blocks.Select(b => b!["element"]!).Where(e => e["initial_value"] is not null))
        {
            Assert.True(element["initial_value"]!.GetValue<string>().Length <= element["max_length"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task RequestModalSubmission_SendsRequestFileFromTheRequestersDirectMessage()
    {
        var response = await SubmitRequestModalAsync("it", "Laptop will not boot", "Black screen after the update", "High");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var turn = Assert.Single(_host.Engine.Turns);
        Assert.Equal("request.file", turn.Action!.Verb);
        Assert.Equal("it", turn.Action.Get("team"));
        Assert.Equal("Laptop will not boot", turn.Action.Get("summary"));
        Assert.Equal("Black screen after the update", turn.Action.Get("details"));
        Assert.Equal("High", turn.Action.Get("priority"));
        Assert.Equal("DU0REQUESTER", turn.Conversation.ConversationId);
        Assert.StartsWith("slack-view:V0MODAL1:1763810200.Ab12Cd34:", turn.DeliveryId);
    }

    [Fact]
    public async Task RequestModalSubmission_WithBlankSummaryAndNoTeam_ReturnsFieldErrorsWithoutCallingTheEngine()
    {
        var response = await SubmitRequestModalAsync(null, "   ", "", "Normal");

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", answer["response_action"]!.GetValue<string>());
        Assert.NotNull(answer["errors"]!["summary"]);
        Assert.NotNull(answer["errors"]!["team"]);
        Assert.Null(answer["errors"]!["priority"]);
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task RequestModalSubmission_RefusedByTheEngine_ShowsTheNoticeOnTheFieldItNames()
    {
        _host.Engine.Answer = _ => TurnResult.Refused("That priority is not allowed for HR requests.");

        var response = await SubmitRequestModalAsync("hr", "Parental leave", "", "Urgent");

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", answer["response_action"]!.GetValue<string>());
        Assert.Equal("That priority is not allowed for HR requests.", answer["errors"]!["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task CardButton_SendsItsVerbWithDataAndCardInputsFromTheSourceMessage()
    {
        var card = new Card("IT-1001 · Laptop will not boot", "Black screen", [new CardFact("Status", "New")],
            [new CardInput("comment", "Comment", InputKind.Text)],
            [new CardAction("Assign to me", "ticket.assign", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Positive)]);
        var posted = await PostCardAsync(card, "C0ITDESK");
        var button = posted.Buttons.Single();

        await ClickAsync(button, posted, "C0ITDESK", state: """{"comment":{"comment":{"type":"plain_text_input","value":"on it"}}}""");

        var turn = await _host.Engine.WaitForTurnAsync();
        Assert.Equal("ticket.assign", turn.Action!.Verb);
        Assert.Equal("IT-1001", turn.Action.Get("ticket"));
        Assert.Equal("on it", turn.Action.Get("comment"));
        Assert.Equal(ConversationScope.Channel, turn.Scope);
        var ts = posted.Ts;
        Assert.Equal(new MessageRef(new ConversationAddress(SlackPlatform.Id, "C0ITDESK", ts, null, "T0CONTOSO"), ts), turn.SourceMessage);
        Assert.Equal(ts, turn.Conversation.ThreadId);
        Assert.Equal("UAGENT", turn.From.Id);
    }

    [Fact]
    public async Task CardButton_RefusedByTheEngine_TellsOnlyTheClicker()
    {
        _host.Engine.Answer = _ => TurnResult.Refused("Only IT Support agents can assign IT requests.");
        var card = new Card("IT-1001", null, [], [],
            [new CardAction("Assign to me", "ticket.assign", new Dictionary<string, string> { ["ticket"] = "IT-1001" })]);
        var posted = await PostCardAsync(card, "C0ITDESK");

        await ClickAsync(posted.Buttons.Single(), posted, "C0ITDESK", user: "U0REQUESTER");

        var notice = await _host.Api.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal("U0REQUESTER", notice.Str("user"));
        Assert.Equal("C0ITDESK", notice.Str("channel"));
        Assert.Equal(posted.Ts, notice.Str("thread_ts"));
        Assert.Equal("Only IT Support agents can assign IT requests.", notice.Str("text"));
    }

    [Fact]
    public async Task CardButtonWithForm_OpensAModalAndItsSubmissionSendsTheVerbWithTheFormInputs()
    {
        var card = new Card("IT-1001", null, [], [],
        [
            new CardAction("Resolve", "ticket.resolve", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Positive,
                new CardForm("Resolve IT-1001", [new CardInput("note", "What fixed it?", InputKind.MultilineText, InputRequirement.Required)], "Resolve")),
        ]);
        var posted = await PostCardAsync(card, "C0ITDESK");

        await ClickAsync(posted.Buttons.Single(), posted, "C0ITDESK");

        var open = await _host.Api.WaitForCallAsync("views.open");
        var view = open.Body["view"]!;
        Assert.Equal("sb_action", view["callback_id"]!.GetValue<string>());
        Assert.Equal("context", view["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("IT-1001", view["blocks"]![0]!["elements"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("note", view["blocks"]![1]!["block_id"]!.GetValue<string>());
        Assert.Empty(_host.Engine.Turns);

        var metadata = view["private_metadata"]!.GetValue<string>();
        var empty = await SubmitViewAsync("sb_action", metadata, """{"note":{"note":{"type":"plain_text_input","value":" "}}}""", "V0FORM1");
        Assert.Equal("errors", JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["response_action"]!.GetValue<string>());
        Assert.Empty(_host.Engine.Turns);

        var submitted = await SubmitViewAsync("sb_action", metadata, """{"note":{"note":{"type":"plain_text_input","value":"Reinstalled the driver"}}}""", "V0FORM2");

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var turn = Assert.Single(_host.Engine.Turns);
        Assert.Equal("ticket.resolve", turn.Action!.Verb);
        Assert.Equal("IT-1001", turn.Action.Get("ticket"));
        Assert.Equal("Reinstalled the driver", turn.Action.Get("note"));
        Assert.Equal(posted.Ts, turn.SourceMessage!.MessageId);
        Assert.Equal("C0ITDESK", turn.SourceMessage.Address.ConversationId);
    }

    [Fact]
    public async Task RequestModalSubmission_EngineSlowerThanSlackWaits_ClosesTheModalAndTellsTheRefusalByEphemeral()
    {
        _host.Engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Engine.Answer = _ => TurnResult.Refused("summary: write a one-line summary.");

        var response = await SubmitRequestModalAsync("it", "Slow one", "", "Normal");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        _host.Engine.Gate.SetResult();
        var notice = await _host.Api.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal("DU0REQUESTER", notice.Str("channel"));
        Assert.Equal("U0REQUESTER", notice.Str("user"));
        Assert.Contains("summary", notice.Str("text"));
    }

    [Fact]
    public async Task CardButtonWithForm_WhenTheModalCannotOpen_TellsTheClicker()
    {
        var card = new Card("IT-1001", null, [], [],
        [
            new CardAction("Resolve", "ticket.resolve", new Dictionary<string, string> { ["ticket"] = "IT-1001" }, ActionStyle.Positive,
                new CardForm("Resolve", [new CardInput("note", "Note", InputKind.MultilineText, InputRequirement.Required)], "Resolve")),
        ]);
        var posted = await PostCardAsync(card, "C0ITDESK");
        _host.Api.FailNext("views.open", "expired_trigger_id");

        await ClickAsync(posted.Buttons.Single(), posted, "C0ITDESK");

        var notice = await _host.Api.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal("UAGENT", notice.Str("user"));
        Assert.Contains("form", notice.Str("text"));
        Assert.Empty(_host.Engine.Turns);
    }

    [Fact]
    public async Task GlobalShortcut_OpensAnEmptyRequestModal()
    {
        var payload = """
            {"type":"shortcut","token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","action_ts":"1763810500.000001",
             "team":{"id":"T0CONTOSO","domain":"contoso"},"user":{"id":"U0REQUESTER","username":"maya.patel","team_id":"T0CONTOSO"},
             "is_enterprise_install":false,"enterprise":null,"callback_id":"new_request",
             "trigger_id":"6113927408355.47445629121.bb11cc22dd33ee44ff5566778899aabb"}
            """;

        await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));

        var call = Assert.Single(_host.Api.CallsTo("views.open"));
        Assert.Equal("6113927408355.47445629121.bb11cc22dd33ee44ff5566778899aabb", call.Str("trigger_id"));
        Assert.Null(call.Body["view"]!["blocks"]![1]!["element"]!["initial_value"]);
    }

    [Fact]
    public async Task ButtonFromSomeoneElse_IsIgnored()
    {
        var foreign = JsonSerializer.Serialize("approve-expense-42");
        var payload = Payload.Load("block-actions.json", ("user", "UAGENT"), ("channel", "C0ITDESK"), ("message_ts", "1763810000.000100"),
            ("blocks", "[]"), ("state", "{}"), ("action_id", "approve"), ("block_id", "b1"), ("title", "Approve"), ("value", foreign),
            ("action_ts", "1763810400.000001"));

        var response = await _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, AcceptedTurns); // decided before answering: nothing was queued for the engine
        Assert.Empty(_host.Engine.Turns);
    }

    private sealed record PostedCard(string Ts, JsonArray Blocks, IReadOnlyList<JsonObject> Buttons);

    private async Task<PostedCard> PostCardAsync(Card card, string channel)
    {
        var gateway = _host.Services.GetServices<IPlatformGateway>().Single(g => g.Platform == SlackPlatform.Id);
        var sent = await gateway.SendAsync(new OutboundMessage(new ConversationAddress(SlackPlatform.Id, channel, null, null, "T0CONTOSO"), null, card), CancellationToken.None);
        var call = _host.Api.CallsTo("chat.postMessage").Last();
        return new PostedCard(sent.MessageId, call.Body["blocks"]!.AsArray(), call.Buttons.ToList());
    }

    private Task<HttpResponseMessage> ClickAsync(JsonObject button, PostedCard card, string channel, string user = "UAGENT", string state = "{}")
    {
        var actionsBlock = card.Blocks.OfType<JsonObject>().Single(b => b["type"]!.GetValue<string>() == "actions");
        var payload = Payload.Load("block-actions.json",
            ("user", user), ("channel", channel), ("message_ts", card.Ts), ("blocks", card.Blocks.ToJsonString()), ("state", state),
            ("action_id", button["action_id"]!.GetValue<string>()), ("block_id", actionsBlock["block_id"]!.GetValue<string>()),
            ("title", button["text"]!["text"]!.GetValue<string>()), ("value", JsonSerializer.Serialize(button["value"]!.GetValue<string>())),
            ("action_ts", "1763810400.000001"));
        return _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));
    }

    /// <summary>Opens the request modal with <c>/request</c>, as a person would, and submits it.</summary>
    private async Task<HttpResponseMessage> SubmitRequestModalAsync(string? team, string summary, string details, string priority)
    {
        await PostCommandAsync("/request", "", "trigger.modal.submit");
        var metadata = Assert.Single(_host.Api.CallsTo("views.open")).Body["view"]!["private_metadata"]!.GetValue<string>();
        var state = new JsonObject
        {
            ["team"] = new JsonObject { ["team"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = team is null ? null : new JsonObject { ["value"] = team } } },
            ["summary"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = summary } },
            ["details"] = new JsonObject { ["details"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = details } },
            ["priority"] = new JsonObject { ["priority"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = priority } } },
        };
        return await SubmitViewAsync("sb_action", metadata, state.ToJsonString(), "V0MODAL1");
    }

    private Task<HttpResponseMessage> SubmitViewAsync(string callbackId, string? metadata, string state, string viewId)
    {
        var payload = Payload.Load("view-submission.json", ("user", "U0REQUESTER"), ("view_id", viewId), ("callback_id", callbackId),
            ("private_metadata", JsonSerializer.Serialize(metadata ?? "")), ("state", state));
        return _host.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));
    }
}

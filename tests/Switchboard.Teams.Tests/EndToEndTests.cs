using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// The whole Teams journey through the real host and engine, against the fake Connector with valid tokens:
/// a request filed in personal chat lands as a thread in IT's channel, an agent works it from the card,
/// and the requester's card and chat follow along.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = MayaEmail;
            settings.ItWorksInTeams(fake);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RequestFiledInPersonalChat_IsWorkedByAnAgentFromTheChannelCard()
    {
        // 1. Maya writes to the bot in personal chat; it answers with a confirmation card.
        var request = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "My VPN drops every call since this morning");
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(request)).StatusCode);
        var confirmation = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var confirmationCard = CardReader.CardOf(confirmation.Json)!;
        Assert.Equal("1.5", confirmationCard["version"]!.GetValue<string>());
        Assert.All(_host.Fake.ConnectorWrites, r => Assert.Equal("Bearer access-token-1", r.Authorization));

        // 2. She clicks Submit (an adaptiveCard/action invoke carrying the card's inputs).
        _host.Fake.ClearRequests();
        var submit = TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "intake.submit", CardReader.ClickData(confirmationCard, "intake.submit"), confirmation.ResponseId!);
        var submitted = await _host.PostAsync(submit);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var submitBody = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", submitBody["type"]!.GetValue<string>());
        Assert.Contains("IT-1001", CardReader.Text(submitBody["value"]));
        await _host.Services.WaitForOutboxAsync();

        // 3. A new thread holding the ticket card is started in IT's channel.
        var thread = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        Assert.True(thread.Json!["isGroup"]!.GetValue<bool>());
        Assert.Equal(TeamsPayloads.ItChannelId, thread.Json!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var teamCard = CardReader.CardOf(thread.Json)!;
        Assert.Contains("IT-1001", CardReader.Text(teamCard));
        Assert.NotNull(CardReader.FindExecute(teamCard, "ticket.assign-me"));
        var rootId = thread.ResponseId!;
        // The clicked confirmation card shows the ticket from the invoke's answer: it is not also updated in place.
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, r => r.Method == "PUT" && r.Path == $"{TeamsHost.PersonalActivities}/{confirmation.ResponseId}");
        Assert.Contains(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && r.Json!["text"]?.GetValue<string>().Contains("IT-1001") == true);

        // 4. Alex (an IT agent by Teams id) clicks "Assign to me" on the channel card.
        _host.Fake.ClearRequests();
        var assign = TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.assign-me", CardReader.ClickData(teamCard, "ticket.assign-me"), rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, id: "f:assign-click-1", title: "Assign to me");
        var assigned = await _host.PostAsync(assign);

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var assignBody = JsonNode.Parse(await assigned.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", assignBody["type"]!.GetValue<string>());
        Assert.Contains(TeamsPayloads.AgentName, CardReader.Text(assignBody["value"]));
        await _host.Services.WaitForOutboxAsync();

        // 5. The clicked team card took the answer; Maya's card is updated in place, and she is told in her personal chat.
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, r => r.Method == "PUT" && r.Path == $"/amer/v3/conversations/{TeamsPayloads.ItChannelId};messageid={rootId}/activities/{rootId}");
        var requesterUpdate = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "PUT" && r.Path == $"{TeamsHost.PersonalActivities}/{confirmation.ResponseId}");
        Assert.Contains(TeamsPayloads.AgentName, CardReader.Text(CardReader.CardOf(requesterUpdate.Json)));
        var told = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities);
        Assert.Contains("IT-1001", told.Json!["text"]!.GetValue<string>());

        // 6. Teams redelivers the click (same activity id): nothing happens twice.
        _host.Fake.ClearRequests();
        var again = await _host.PostAsync(assign);
        await _host.Services.WaitForOutboxAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty(_host.Fake.ConnectorWrites);
    }

    [Theory]
    [InlineData("status IT-١٠٠١")]
    [InlineData("IT-１００１")]
    public async Task TicketNumberInDigitsOfAnotherScript_IsReadAndAnsweredInChat(string text)
    {
        var response = await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && r.Json!["text"]?.GetValue<string>() == "I can't find IT-1001. \"my requests\" lists yours.");
    }

    [Fact]
    public async Task ButtonCarryingDigitsOfAnotherScript_GetsAFriendlyInvokeAnswer()
    {
        var click = TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.cancel", new JsonObject { ["ticket"] = "IT-١٠٠١" }, "1700000099300");

        var response = await _host.PostAsync(click);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((200, "application/vnd.microsoft.activity.message"), (body["statusCode"]!.GetValue<int>(), body["type"]!.GetValue<string>()));
        Assert.Equal("I can't find IT-1001. \"my requests\" lists yours.", body["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRequestFromAMessage_OpensThePrefilledForm_AndItsSubmissionFilesTheRequest()
    {
        var fetch = TeamsPayloads.ExtensionInvoke(_host.Fake.ServiceUrl, "composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "create_request",
            ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = "1700000000123",
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>The badge reader at door B is dead</p><p>Since this morning &amp; still</p>" },
                ["linkToMessage"] = "https://teams.microsoft.com/l/message/19:general/1700000000123",
            },
        });

        var opened = await _host.PostAsync(fetch);

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var task = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["task"]!;
        Assert.Equal("continue", task["type"]!.GetValue<string>());
        var form = task["value"]!["card"]!["content"]!;
        var inputs = form["body"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!["value"]?.GetValue<string>());
        Assert.Equal(["team", "summary", "details", "priority"], inputs.Keys);
        Assert.Equal("The badge reader at door B is dead", inputs["summary"]);
        Assert.Contains("Since this morning & still", inputs["details"]);
        Assert.Contains("https://teams.microsoft.com/l/message/19:general/1700000000123", inputs["details"]);

        var submitted = form["actions"]![0]!["data"]!.AsObject().DeepClone().AsObject();
        submitted["team"] = "it";
        submitted["summary"] = inputs["summary"];
        submitted["details"] = inputs["details"];
        submitted["priority"] = "High";
        var submit = TeamsPayloads.ExtensionInvoke(_host.Fake.ServiceUrl, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "create_request",
            ["commandContext"] = "message",
            ["data"] = submitted,
        });

        var filed = await _host.PostAsync(submit);

        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var answer = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!["task"]!;
        Assert.Equal(("message", "Filed IT-1001 with IT Support."), (answer["type"]!.GetValue<string>(), answer["value"]!.GetValue<string>()));
        await _host.Services.WaitForOutboxAsync();
        Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations" && CardReader.Text(CardReader.CardOf(r.Json)).Contains("IT-1001"));
    }

    [Fact]
    public async Task MessageExtensionCommandNoModuleRegisters_IsAnsweredWithAMessage()
    {
        var fetch = TeamsPayloads.ExtensionInvoke(_host.Fake.ServiceUrl, "composeExtension/fetchTask",
            new JsonObject { ["commandId"] = "retired_command", ["commandContext"] = "compose" });

        var response = await _host.PostAsync(fetch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["task"]!["type"]!.GetValue<string>());
        Assert.Empty(_host.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task RedeliveredMessage_IsAnsweredOnce()
    {
        var message = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "help", id: "1700000099001");

        await _host.PostAsync(message);
        var afterFirst = _host.Fake.ConnectorWrites.Count;
        await _host.PostAsync(message);

        Assert.True(afterFirst > 0);
        Assert.Equal(afterFirst, _host.Fake.ConnectorWrites.Count);
    }

    [Fact]
    public async Task ConnectorRefusingTheReply_Is502_AndTheRedeliveryIsAnswered()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "help", id: "1700000099049")); // caches Maya's e-mail lookup
        var message = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "help", id: "1700000099050");
        _host.Fake.ClearRequests();
        _host.Fake.FailNext(HttpStatusCode.Forbidden);

        var failed = await _host.PostAsync(message);
        var redelivered = await _host.PostAsync(message);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Contains("could not be delivered", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        // The help text reached the chat on the redelivery: a write the Connector accepted (it answered an id).
        Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && r.ResponseId is not null && r.Json!["text"]!.GetValue<string>().Contains("Switchboard"));
    }

    [Fact]
    public async Task AdminMentionInAChannel_LinksItToATeamAndAnswersInTheThread()
    {
        _host.Fake.MemberEmails[TeamsPayloads.AgentId] = "alex.kim@contoso.example";
        var channel = "19:facilities-desk@thread.tacv2";
        var mention = TeamsPayloads.ChannelMention(_host.Fake.ServiceUrl, "link facilities", id: "1700000099100", channelId: channel);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(mention)).StatusCode);

        var reply = Assert.Single(_host.Fake.ConnectorWrites);
        Assert.Equal($"/amer/v3/conversations/{channel};messageid=1700000099100/activities/1700000099100", reply.Path);
        Assert.Contains("Linked this channel", reply.Json!["text"]!.GetValue<string>());
        Assert.Contains("team-links", _host.App.State.Writes);

        // A facilities request filed afterwards starts a thread in the linked channel.
        _host.Fake.ClearRequests();
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "The AC in room Everest is broken"));
        var confirmation = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"), confirmation.ResponseId!));
        await _host.Services.WaitForOutboxAsync();

        Assert.Contains(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations" && r.Json!["channelData"]!["channel"]!["id"]!.GetValue<string>() == channel);
    }

    [Fact]
    public async Task AgentResolvesFromTheCardsForm_RequesterIsToldAndTheThreadRecordsIt()
    {
        var (_, rootId, teamCard) = await FileVpnRequestAsync();
        _host.Fake.ClearRequests();

        // "Resolve" is a ShowCard form: Teams sends the typed note along with the action's data.
        var data = CardReader.ClickData(teamCard, "ticket.resolve", new Dictionary<string, string> { ["note"] = "Replaced the VPN profile on your laptop" });
        var response = await _host.PostAsync(AgentClick("ticket.resolve", data, rootId, "f:resolve-click-1"));
        await _host.Services.WaitForOutboxAsync();

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("Resolved", CardReader.Text(body["value"]));
        // One card in her personal chat says it is resolved, with what was done, and asks whether it fixed it.
        var told = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities);
        Assert.Equal("IT-1001 is resolved. Did this fix it?", told.Json!["text"]!.GetValue<string>());
        var survey = told.Json["attachments"]![0]!["content"];
        Assert.Contains("Replaced the VPN profile on your laptop", CardReader.Text(survey));
        Assert.Contains("Yes, it's fixed", CardReader.Text(survey));
        var threadNote = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == $"/amer/v3/conversations/{TeamsPayloads.ItChannelId};messageid={rootId}/activities/{rootId}");
        Assert.Contains("resolved IT-1001", threadNote.Json!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequesterAnswersTheSurveyOnItsCard_TheRatingIsStored()
    {
        var (_, rootId, teamCard) = await FileVpnRequestAsync();
        var resolve = CardReader.ClickData(teamCard, "ticket.resolve", new Dictionary<string, string> { ["note"] = "Replaced the VPN profile" });
        await _host.PostAsync(AgentClick("ticket.resolve", resolve, rootId, "f:survey-resolve"));
        await _host.Services.WaitForOutboxAsync();
        var told = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities && r.Json!["text"]?.GetValue<string>() == "IT-1001 is resolved. Did this fix it?");
        var survey = CardReader.CardOf(told.Json)!;

        var answer = CardReader.ClickData(survey, "survey.fixed", new Dictionary<string, string> { ["rating"] = "2", ["comment"] = "Took two days" });
        var response = await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "survey.fixed", answer, told.ResponseId!, id: "f:survey-answer"));
        await _host.Services.WaitForOutboxAsync();

        Assert.Contains("Thank you for your answer.", CardReader.Text(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]));
        var ticket = (await _host.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync($"teams:{TeamsPayloads.RequesterId}", CancellationToken.None)).Single();
        Assert.Equal((SurveyState.Answered, true, 2, "Took two days"), (ticket.Survey!.State, ticket.Survey.Fixed, ticket.Survey.Rating, ticket.Survey.Comment));
        var thread = _host.Fake.ConnectorWrites.Where(r => r.Path.Contains(rootId, StringComparison.Ordinal)).Select(r => r.Json?["text"]?.GetValue<string>()).ToList();
        Assert.Contains(thread, t => t?.StartsWith("Maya Patel says IT-1001 is fixed, rated 2/5.", StringComparison.Ordinal) == true && t.Contains("Took two days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentQuestion_AnsweredInPlainWords_LandsOnTheTicket()
    {
        var (_, rootId, teamCard) = await FileVpnRequestAsync();
        var assigned = await _host.PostAsync(AgentClick("ticket.assign-me", CardReader.ClickData(teamCard, "ticket.assign-me"), rootId, "f:q-assign"));
        await _host.Services.WaitForOutboxAsync();
        var assignedCard = JsonNode.Parse(await assigned.Content.ReadAsStringAsync())!["value"]!;
        var wait = CardReader.ClickData(assignedCard, "ticket.wait", new Dictionary<string, string> { ["note"] = "Does it drop on the wired network too?" });
        await _host.PostAsync(AgentClick("ticket.wait", wait, rootId, "f:q-wait"));
        await _host.Services.WaitForOutboxAsync();
        var question = _host.Fake.ConnectorWrites.Last(r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities);
        Assert.Contains("Does it drop on the wired network too?", CardReader.Text(CardReader.CardOf(question.Json)));
        Assert.Contains("Reply", CardReader.Text(CardReader.CardOf(question.Json)));
        _host.Fake.ClearRequests();

        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "Only on Wi-Fi, wired is fine", id: "f:q-answer"));
        await _host.Services.WaitForOutboxAsync();

        var ticket = (await _host.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync($"teams:{TeamsPayloads.RequesterId}", CancellationToken.None)).Single();
        Assert.Equal((TicketEventKind.InfoAdded, "Only on Wi-Fi, wired is fine"), (ticket.History[^1].Kind, ticket.History[^1].Note));
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, r => CardReader.Text(CardReader.CardOf(r.Json)).Contains("Here's your request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentMentionInTheTicketThread_ReachesTheRequestersPersonalChat()
    {
        var (_, rootId, _) = await FileVpnRequestAsync();
        _host.Fake.ClearRequests();

        var mention = TeamsPayloads.ChannelMention(_host.Fake.ServiceUrl, "Can you try the wired network?", id: "1700000099200", threadRoot: rootId);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(mention)).StatusCode);
        await _host.Services.WaitForOutboxAsync();

        var relayed = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities);
        Assert.StartsWith($"IT-1001 · {TeamsPayloads.AgentName} writes: Can you try the wired network?", relayed.Json!["text"]!.GetValue<string>());
        var ack = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path.StartsWith($"/amer/v3/conversations/{TeamsPayloads.ItChannelId};messageid={rootId}/activities", StringComparison.Ordinal));
        Assert.Contains("Sent to", ack.Json!["text"]!.GetValue<string>());
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
    }

    [Fact]
    public async Task NonAgentClicksAssign_GetsANoticeAndNothingChanges()
    {
        var (_, rootId, teamCard) = await FileVpnRequestAsync();
        _host.Fake.ClearRequests();

        var click = TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.assign-me", CardReader.ClickData(teamCard, "ticket.assign-me"), rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel", fromId: "29:stranger", fromName: "Sam Stranger");
        var response = await _host.PostAsync(click);
        await _host.Services.WaitForOutboxAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Contains("Only IT Support agents", body["value"]!.GetValue<string>());
        Assert.Empty(_host.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task ActionSubmitFallback_FilesTheRequestLikeTheInvoke()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "My VPN drops every call since this morning"));
        var confirmation = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        var fallback = CardReader.FindExecute(card, "intake.submit")!["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        var value = CardReader.ClickData(card, "intake.submit");
        foreach (var (key, node) in fallback["data"]!.AsObject()) value[key] = node!.DeepClone();
        _host.Fake.ClearRequests();

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.SubmitAction(_host.Fake.ServiceUrl, value, confirmation.ResponseId!))).StatusCode);
        await _host.Services.WaitForOutboxAsync();

        Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        Assert.Contains(_host.Fake.ConnectorWrites, r => r.Method == "PUT" && r.Path == $"{TeamsHost.PersonalActivities}/{confirmation.ResponseId}");
    }

    [Fact]
    public async Task GroupChatMention_IsAnsweredInTheGroupChat()
    {
        await _host.PostAsync(TeamsPayloads.GroupChatMention(_host.Fake.ServiceUrl, "help"));

        var reply = Assert.Single(_host.Fake.ConnectorWrites);
        Assert.Equal($"/amer/v3/conversations/{TeamsPayloads.GroupChatId}/activities", reply.Path);
        Assert.Contains("Switchboard", reply.Json!["text"]!.GetValue<string>());
    }

    /// <summary>Maya files "My VPN drops every call" and submits the confirmation card.</summary>
    private async Task<(RecordedRequest Confirmation, string RootId, JsonNode TeamCard)> FileVpnRequestAsync()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "My VPN drops every call since this morning"));
        var confirmation = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"), confirmation.ResponseId!));
        await _host.Services.WaitForOutboxAsync();
        var thread = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        return (confirmation, thread.ResponseId!, CardReader.CardOf(thread.Json)!);
    }

    private string AgentClick(string verb, JsonObject data, string rootId, string id) =>
        TeamsPayloads.CardAction(_host.Fake.ServiceUrl, verb, data, rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, id: id);
}

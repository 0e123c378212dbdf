using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
using Switchboard.Core.Storage;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>Answers on Teams through the real host with the shipped answers (config/answers), against the fake Connector.</summary>
public sealed class TeamsAnswersTests : IAsyncLifetime
{
    private const string AgentEmail = "alex.kim@contoso.example";
    private TeamsHost _host = null!;
    private FakeBotFramework _fake = null!;
    private TeamsTestApp _app = null!;
    private TestTokens _tokens = null!;
    private FaultyAnswerStore _store = null!;

    private string PersonalActivities => $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities";

    public async Task InitializeAsync()
    {
        _store = new FaultyAnswerStore(new MemoryAnswerStore(TimeProvider.System));
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
            fake.AddMember(TeamsPayloads.AgentId, TeamsPayloads.AgentName, AgentEmail);
            settings.ItWorksInTeams(fake);
        }, services: services => services.AddSingleton<IAnswerStore>(_store));
        (_fake, _app, _tokens) = (_host.Fake, _host.App, _host.Tokens);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ThisSolvedIt_OnTheOfferedAnswerCard_FilesNothingAndCreditsTheAuthor()
    {
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "how do I move my authenticator app to my new phone"));
        var offer = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(offer.Json)!;
        Assert.Contains("How do I move my authenticator app (MFA) to a new phone?", CardReader.Text(card));
        Assert.NotNull(CardReader.FindExecute(card, AnswerVerbs.NeedHelp));

        var clicked = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.Solved, RowClickData(card, AnswerVerbs.Solved), offer.ResponseId!,
            title: "This solved it"));

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        var body = JsonNode.Parse(await clicked.Content.ReadAsStringAsync())!;
        Assert.Contains("Glad that solved it", CardReader.Text(body["value"]));
        await AssertMfaAnswerCreditedOnceAndNothingFiledAsync();
    }

    [Fact]
    public async Task ThisSolvedIt_WhenTheTurnFailsAndTeamsRedeliversIt_CountsOnceAndFilesNothing()
    {
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "how do I move my authenticator app to my new phone"));
        var offer = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(offer.Json)!;
        var click = TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.Solved, RowClickData(card, AnswerVerbs.Solved), offer.ResponseId!,
            id: "f:solved-once", title: "This solved it");
        _store.FailNextDeflections(DeflectionFault.BeforeCounting);

        var failed = await PostAsync(click);
        var stillNeedHelp = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.NeedHelp, CardReader.ClickData(card, AnswerVerbs.NeedHelp), offer.ResponseId!,
            title: "I still need help"));
        var redelivered = await PostAsync(click);
        var again = await PostAsync(click);

        Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);
        Assert.Contains("no longer pending", JsonNode.Parse(await stillNeedHelp.Content.ReadAsStringAsync())!["value"]!.GetValue<string>());
        Assert.Contains("Glad that solved it", CardReader.Text(JsonNode.Parse(await redelivered.Content.ReadAsStringAsync())!["value"]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await _app.Services.WaitForOutboxAsync();
        await AssertMfaAnswerCreditedOnceAndNothingFiledAsync();
    }

    [Fact]
    public async Task Ask_ThisSolvedItOnAnAnswerFound_CreditsTheAuthorAndFilesNothing()
    {
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "ask how do I move my authenticator app to my new phone"));
        var found = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(found.Json)!;
        Assert.Contains("Answers that may help", CardReader.Text(card));

        var clicked = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.Solved, RowClickData(card, AnswerVerbs.Solved, "it.mfa-new-phone"), found.ResponseId!,
            title: "This solved it"));

        Assert.Contains("Glad that solved it", CardReader.Text(JsonNode.Parse(await clicked.Content.ReadAsStringAsync())!["value"]));
        await AssertMfaAnswerCreditedOnceAndNothingFiledAsync();
    }

    [Fact]
    public async Task StillNeedHelp_ShowsTheConfirmationCardToSubmit()
    {
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "how do I move my authenticator app to my new phone"));
        var offer = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(offer.Json)!;

        var clicked = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.NeedHelp, CardReader.ClickData(card, AnswerVerbs.NeedHelp), offer.ResponseId!,
            title: "I still need help"));

        var body = JsonNode.Parse(await clicked.Content.ReadAsStringAsync())!;
        Assert.NotNull(CardReader.FindExecute(body["value"], "intake.submit"));
        Assert.Empty(await _app.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsAnAnswer_OnTheResolvedTeamCardInTheChannel_IsOfferedNextAndSolvingItCreditsTheAgent()
    {
        var (rootId, resolvedCard) = await FileAndResolveAsync("The label printer software on my laptop jams on every sheet", "Cleaned the rollers with the kit in the drawer.");

        // "Save as an answer" is a form under "More", prefilled from the request and its resolution: Teams sends the
        // form's inputs, under their ids on the card, with the action's data.
        var form = SaveForm(resolvedCard);
        Assert.Equal("secondary", form["mode"]?.GetValue<string>());
        Assert.Equal(("The label printer software on my laptop jams on every sheet", "Cleaned the rollers with the kit in the drawer."),
            (Input(form, AnswerVerbs.Keys.Question)["value"]?.GetValue<string>(), Input(form, AnswerVerbs.Keys.Text)["value"]?.GetValue<string>()));
        var save = CardReader.FindExecute(resolvedCard, AnswerVerbs.Save)!["data"]!.DeepClone().AsObject();
        save[Input(form, AnswerVerbs.Keys.Question)["id"]!.GetValue<string>()] = "The label printer jams. What do I do?";
        save[Input(form, AnswerVerbs.Keys.Text)["id"]!.GetValue<string>()] = "Clean the rollers with the cleaning kit in the top drawer.";
        var saved = await PostAsync(AgentClick(AnswerVerbs.Save, save, rootId));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = await _app.Services.GetRequiredService<AnswerService>().FindAsync("it.1", CancellationToken.None);
        Assert.Equal("The label printer jams. What do I do?", answer!.Question);
        Assert.Equal(AgentEmail, answer.Author.Value);

        // Maya asks again: she is offered Alex's answer, and it solves it.
        _fake.ClearRequests();
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "label printer jams again"));
        var offer = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var offerCard = CardReader.CardOf(offer.Json)!;
        Assert.Contains("Clean the rollers with the cleaning kit in the top drawer.", CardReader.Text(offerCard));
        var solved = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.Solved, RowClickData(offerCard, AnswerVerbs.Solved, "it.1"), offer.ResponseId!,
            title: "This solved it"));

        Assert.Contains("Glad that solved it", CardReader.Text(JsonNode.Parse(await solved.Content.ReadAsStringAsync())!["value"]));
        var credit = await _fake.WaitForAsync(r => r.Method == "POST" && r.Body.Contains("solved a request", StringComparison.Ordinal), "the credit to Alex");
        Assert.Contains("The label printer jams. What do I do?", credit.Body);
        Assert.Contains(_fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations" && r.Json!["members"]?[0]?["id"]?.GetValue<string>() == TeamsPayloads.AgentId);
        await _app.Services.WaitForOutboxAsync();
        Assert.Single(await _app.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("teams:" + TeamsPayloads.RequesterId, CancellationToken.None));
        Assert.DoesNotContain(_fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations" && r.Json!["channelData"]?["channel"] is not null);
    }

    /// <summary>
    /// Maya files a request (past any answers offered), and Alex resolves it from the card in IT's channel: the thread's root id
    /// and the resolved card Teams shows him (the invoke's answer).
    /// </summary>
    private async Task<(string RootId, JsonNode ResolvedCard)> FileAndResolveAsync(string text, string resolution)
    {
        await PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, text));
        var first = Assert.Single(_fake.ConnectorWrites, r => r.Path == PersonalActivities && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(first.Json)!;
        if (CardReader.FindExecute(card, AnswerVerbs.NeedHelp) is not null)
        {
            var clicked = await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, AnswerVerbs.NeedHelp, CardReader.ClickData(card, AnswerVerbs.NeedHelp), first.ResponseId!));
            card = JsonNode.Parse(await clicked.Content.ReadAsStringAsync())!["value"]!;
        }
        await PostAsync(TeamsPayloads.CardAction(_fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"), first.ResponseId!));
        await _app.Services.WaitForOutboxAsync();
        var thread = Assert.Single(_fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        var teamCard = CardReader.CardOf(thread.Json)!;
        var rootId = thread.ResponseId!;
        var resolved = await PostAsync(AgentClick("ticket.resolve", CardReader.ClickData(teamCard, "ticket.resolve", new Dictionary<string, string> { ["note"] = resolution }), rootId));
        await _app.Services.WaitForOutboxAsync();
        return (rootId, JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!["value"]!);
    }

    /// <summary>The <c>Action.ShowCard</c> holding the "Save as an answer" form.</summary>
    private static JsonObject SaveForm(JsonNode card) =>
        ShowCards(card).FirstOrDefault(s => CardReader.FindExecute(s["card"], AnswerVerbs.Save) is not null)
        ?? throw new InvalidOperationException($"The card has no Save as an answer form: {card.ToJsonString()}");

    private static IEnumerable<JsonObject> ShowCards(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.ShowCard" => [o],
        JsonObject o => o.SelectMany(p => ShowCards(p.Value)),
        JsonArray a => a.SelectMany(ShowCards),
        _ => [],
    };

    // A form's inputs carry ids unique on the card, ending in the input's own id.
    private static JsonNode Input(JsonObject showCard, string id) =>
        showCard["card"]!["body"]!.AsArray().First(e => e?["id"]?.GetValue<string>() is { } inputId && (inputId == id || inputId.EndsWith("." + id, StringComparison.Ordinal)))!;

    private string AgentClick(string verb, JsonObject data, string rootId) =>
        TeamsPayloads.CardAction(_fake.ServiceUrl, verb, data, rootId,
            conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}", conversationType: "channel",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, title: "Save");

    // A row's button sits in an ActionSet in the card's body, not in its actions; a row carries no inputs.
    private static JsonObject RowClickData(JsonNode card, string verb, string? answerId = null) =>
        Executes(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb && (answerId is null || a["data"]?[AnswerVerbs.Keys.Answer]?.GetValue<string>() == answerId))?["data"]!.DeepClone().AsObject()
        ?? throw new InvalidOperationException($"The card has no {verb} button: {card.ToJsonString()}");

    private static IEnumerable<JsonObject> Executes(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => Executes(p.Value)),
        JsonArray a => a.SelectMany(Executes),
        _ => [],
    };

    private Task<HttpResponseMessage> PostAsync(string activity) => _app.PostAsync(activity, _tokens.Channel());

    // "This solved it" on the MFA answer: the deflection is counted once for its author and no ticket exists.
    private async Task AssertMfaAnswerCreditedOnceAndNothingFiledAsync()
    {
        Assert.Empty(await _app.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("teams:" + TeamsPayloads.RequesterId, CancellationToken.None));
        var credit = Assert.Single(await _app.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("it.mfa-new-phone", 1L), (credit.AnswerId, credit.Solved));
    }
}

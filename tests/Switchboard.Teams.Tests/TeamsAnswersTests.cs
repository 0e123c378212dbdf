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
    private FakeBotFramework _fake = null!;
    private TeamsTestApp _app = null!;
    private TestTokens _tokens = null!;

    private string PersonalActivities => $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities";

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
        _app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, settings =>
        {
            settings["Teams:ServiceTeamChannels:it:ChannelId"] = TeamsPayloads.ItChannelId;
            settings["Teams:ServiceTeamChannels:it:ServiceUrl"] = _fake.ServiceUrl;
            settings["Teams:ServiceTeamChannels:it:TenantId"] = TeamsPayloads.TenantId;
        });
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

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
        Assert.Empty(await _app.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("teams:" + TeamsPayloads.RequesterId, CancellationToken.None));
        var credit = Assert.Single(await _app.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("it.mfa-new-phone", 1L), (credit.AnswerId, credit.Solved));
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

    // A row's button sits in an ActionSet in the card's body, not in its actions; a row carries no inputs.
    private static JsonObject RowClickData(JsonNode card, string verb) =>
        Executes(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb)?["data"]!.DeepClone().AsObject()
        ?? throw new InvalidOperationException($"The card has no {verb} button: {card.ToJsonString()}");

    private static IEnumerable<JsonObject> Executes(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => Executes(p.Value)),
        JsonArray a => a.SelectMany(Executes),
        _ => [],
    };

    private Task<HttpResponseMessage> PostAsync(string activity) => _app.PostAsync(activity, _tokens.Channel());
}

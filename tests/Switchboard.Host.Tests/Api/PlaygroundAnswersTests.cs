using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
using Switchboard.Core.Storage;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>Answers through the playground API, with the shipped answers (config/answers).</summary>
public sealed class PlaygroundAnswersTests : IAsyncLifetime
{
    private readonly FaultyAnswerStore _store = new(new MemoryAnswerStore(TimeProvider.System));
    private readonly PlaygroundHost _host;
    private readonly HttpClient _http;
    private readonly PlaygroundClient _playground;

    public PlaygroundAnswersTests()
    {
        _host = new PlaygroundHost(services: services => services.AddSingleton<IAnswerStore>(_store));
        (_http, _playground) = (_host.Http, _host.Playground);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ThisSolvedIt_OnTheOfferedAnswer_FilesNothingAndCreditsTheAuthor()
    {
        await _playground.SayAsync("maya", "dm:maya", "how do I book a meeting room for Thursday");
        var (message, row) = await RowButtonAsync("maya", "dm:maya", "This solved it");
        Assert.Contains("How do I book a meeting room?", PlaygroundClient.Json(message["card"]));

        var solved = await ClickRowAsync("maya", message, row);

        Assert.Equal("Handled", (string?)solved["outcome"]);
        Assert.Empty(await _host.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("playground:maya", CancellationToken.None));
        var credit = Assert.Single(await _host.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("facilities.room-booking", "chris.novak@contoso.example"), (credit.AnswerId, credit.Author.Value));
    }

    [Fact]
    public async Task ThisSolvedIt_WhenTheClickFailsAndIsSentAgain_CountsOnceAndFilesNothing()
    {
        await _playground.SayAsync("maya", "dm:maya", "how do I book a meeting room for Thursday");
        var (message, row) = await RowButtonAsync("maya", "dm:maya", "This solved it");
        _store.FailNextDeflections(DeflectionFault.BeforeCounting);

        var failed = await PostRowClickAsync("maya", message, row);
        var stillNeedHelp = await _playground.ClickAsync("maya", "dm:maya", "I still need help");
        var again = await ClickRowAsync("maya", message, row);

        Assert.False(failed.IsSuccessStatusCode);
        Assert.Equal(("Refused", "Handled"), ((string?)stillNeedHelp["outcome"], (string?)again["outcome"]));
        Assert.Empty(await _host.Services.GetRequiredService<ITicketStore>().ListByRequesterAsync("playground:maya", CancellationToken.None));
        var credit = Assert.Single(await _host.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("facilities.room-booking", 1L), (credit.AnswerId, credit.Solved));
    }

    [Fact]
    public async Task Ask_ThisSolvedItOnAnAnswerFound_CreditsTheAuthorOnce()
    {
        await _playground.SayAsync("maya", "dm:maya", "ask how do I book a meeting room");
        var (message, row) = await RowButtonAsync("maya", "dm:maya", "This solved it");
        Assert.Contains("Answers that may help", PlaygroundClient.Json(message["card"]));

        var first = await ClickRowAsync("maya", message, row);
        var second = await ClickRowAsync("maya", message, row);

        Assert.Equal(("Handled", "Refused"), ((string?)first["outcome"], (string?)second["outcome"]));
        var credit = Assert.Single(await _host.Services.GetRequiredService<AnswerService>().DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("facilities.room-booking", 1L), (credit.AnswerId, credit.Solved));
    }

    [Fact]
    public async Task SaveAsAnAnswer_FromTheResolvedTeamCard_IsOfferedToTheNextPersonWhoAsks()
    {
        await _playground.SayAsync("maya", "dm:maya", "My laptop label printer app crashes when printing");
        if ((await _playground.MessagesAsync("maya", "dm:maya")).ToJsonString().Contains(AnswerVerbs.NeedHelp))
            await _playground.ClickAsync("maya", "dm:maya", "I still need help");
        await _playground.ClickAsync("maya", "dm:maya", "Submit");
        await _host.Services.WaitForOutboxAsync();
        await _playground.ClickAsync("alex.kim", "team:it", "Resolve", new() { ["note"] = "Reinstalled the label app." });
        await _host.Services.WaitForOutboxAsync();

        var (_, save) = await _playground.CardWithButtonAsync("alex.kim", "team:it", "Save as an answer");
        Assert.Contains("My laptop label printer app crashes when printing", PlaygroundClient.Json(save["form"]));
        var saved = await _playground.ClickAsync("alex.kim", "team:it", "Save as an answer", new()
        {
            [AnswerVerbs.Keys.Question] = "The label printer app crashes. What do I do?",
            [AnswerVerbs.Keys.Text] = "Reinstall Label Studio from Company Portal.",
        });
        Assert.Equal("Handled", (string?)saved["outcome"]);

        await _playground.SayAsync("tom", "dm:tom", "label printer app crashes again");
        var (offer, _) = await RowButtonAsync("tom", "dm:tom", "This solved it");
        Assert.Contains("Reinstall Label Studio from Company Portal.", PlaygroundClient.Json(offer["card"]));
    }

    private async Task<(JsonObject Message, JsonObject Action)> RowButtonAsync(string persona, string conversationId, string title)
    {
        foreach (var message in (await _playground.MessagesAsync(persona, conversationId)).Reverse().OfType<JsonObject>())
            foreach (var item in message["card"]?["items"]?.AsArray().OfType<JsonObject>() ?? [])
                if (item["actions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => (string?)a["title"] == title) is { } action)
                    return (message, action);
        throw new Xunit.Sdk.XunitException($"No row with a '{title}' button in {conversationId}.");
    }

    private async Task<JsonObject> ClickRowAsync(string persona, JsonObject message, JsonObject action)
    {
        var response = await PostRowClickAsync(persona, message, action);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<HttpResponseMessage> PostRowClickAsync(string persona, JsonObject message, JsonObject action)
    {
        var values = action["data"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        return _http.PostAsJsonAsync("/api/playground/actions",
            new { persona, messageId = (string)message["id"]!, verb = (string)action["verb"]!, values });
    }
}

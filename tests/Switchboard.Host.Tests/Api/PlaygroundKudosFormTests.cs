using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Kudos;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>The playground's "Give kudos" form through its API: the same form and verb as Slack's modal and Teams' dialog.</summary>
public sealed class PlaygroundKudosFormTests : IAsyncLifetime
{
    private const string KudosChannel = "team:kudos";
    private readonly PlaygroundHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Form_OffersTheOtherPersonasTheValuesAndTheMessage()
    {
        var form = (await _host.Http.GetFromJsonAsync<JsonObject>("/api/playground/kudos/form?persona=maya"))!;

        var inputs = form["inputs"]!.AsArray();
        Assert.Equal([KudosForm.PeopleInput, KudosForm.ValueInput, KudosForm.MessageInput], inputs.Select(i => i!["id"]!.GetValue<string>()));
        var people = inputs[0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Contains("alex.kim", people);
        Assert.DoesNotContain("maya", people);
        Assert.Equal("People", inputs[0]!["kind"]!.GetValue<string>());
        Assert.Equal(10, inputs[2]!["minLength"]!.GetValue<int>());
    }

    [Fact]
    public async Task Give_PostsTheCardInTheKudosChannelAndMessagesEachReceiver_AndTheSameFormSentTwiceGivesOnce()
    {
        var body = new { persona = "maya", formId = "form-1", people = new[] { "alex.kim", "priya.nair" }, value = "teamwork", message = "moved the whole office over the weekend" };

        var first = await GiveAsync(body);
        var second = await GiveAsync(body);
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        Assert.Equal("Handled", (string?)first["outcome"]);
        Assert.StartsWith("Kudos sent to Alex Kim and Priya Nair.", (string?)first["notice"]);
        Assert.Equal("Duplicate", (string?)second["outcome"]);
        var (card, _) = await _host.Playground.CardWithButtonAsync("tom", KudosChannel, "+1, add my thanks");
        Assert.Contains("moved the whole office over the weekend", PlaygroundClient.Json(card));
        Assert.Single(await _host.Playground.TextsAsync("alex.kim", "dm:alex.kim"), t => t.StartsWith("Maya Patel gave you kudos for 🤝 #teamwork"));
        Assert.Single(await _host.Playground.TextsAsync("priya.nair", "dm:priya.nair"), t => t.StartsWith("Maya Patel gave you kudos"));
    }

    [Theory]
    [InlineData("alex.kim", "ownership", "thanks!", KudosForm.MessageInput, "at least 10 characters")]
    [InlineData("alex.kim", "kindness", "fixed my VPN before the board call", KudosForm.ValueInput, "Pick one of our company values")]
    [InlineData("maya", "ownership", "kept my own laptop alive all week", KudosForm.PeopleInput, "give kudos to yourself")]
    public async Task Give_WhenARuleBites_IsRefusedNamingTheField(string person, string value, string message, string field, string reason)
    {
        var answer = await GiveAsync(new { persona = "maya", formId = Guid.NewGuid().ToString(), people = new[] { person }, value, message });

        Assert.Equal("Refused", (string?)answer["outcome"]);
        Assert.Equal(field, (string?)answer["field"]);
        Assert.Contains(reason, (string?)answer["notice"]);
    }

    [Fact]
    public async Task Give_AnUnknownPersona_IsABadRequest()
    {
        var response = await _host.Http.PostAsJsonAsync("/api/playground/kudos",
            new { persona = "maya", formId = "form-x", people = new[] { "nobody" }, value = "", message = "fixed my VPN before the board call" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonObject> GiveAsync(object body)
    {
        var response = await _host.Http.PostAsJsonAsync("/api/playground/kudos", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}

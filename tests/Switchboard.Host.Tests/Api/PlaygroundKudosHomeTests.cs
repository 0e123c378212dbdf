using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Kudos;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>Kudos in the playground beyond giving: the Home view's kudos section, and "+1" repainting the channel card.</summary>
public sealed class PlaygroundKudosHomeTests : IAsyncLifetime
{
    private const string KudosChannel = "team:kudos";
    private readonly PlaygroundHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Home_ShowsThePersonasKudosAndThisWeeksTop_NextToTheirRequests()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var home = (await _host.Http.GetFromJsonAsync<JsonObject>("/api/playground/home?persona=alex.kim"))!;

        var sections = home["sections"]!.AsArray();
        Assert.Equal("Your requests", sections[0]!["title"]!.GetValue<string>().Split(" (")[0]);
        var kudos = sections.Single(s => s!["title"]!.GetValue<string>() == "Your kudos")!;
        var facts = kudos["facts"]!.AsArray().ToDictionary(f => f!["label"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal(("0", "1"), (facts["Given"], facts["Received"]));
        Assert.EndsWith("this week", facts["Left"]);
        Assert.Equal("1. Alex Kim", kudos["items"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlusOne_RepaintsTheCardInTheKudosChannel_WithEveryoneWhoJoined()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        await _host.Playground.ClickAsync("priya.nair", KudosChannel, "+1, add my thanks");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var messages = await _host.Playground.MessagesAsync("maya", KudosChannel);
        var card = Assert.Single(messages, m => m!["card"] is JsonObject)!;
        Assert.Contains("\"label\":\"Thanks also from\",\"value\":\"Priya Nair\"", PlaygroundClient.Json(card));
    }
}

using Switchboard.Core.Kudos;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>Kudos through the playground API: "@Alex Kim" is a mention, the card lands in the Kudos channel tab, +1 joins it.</summary>
public sealed class PlaygroundKudosTests : IAsyncLifetime
{
    private const string KudosChannel = "team:kudos";
    // Development's settings send the playground's kudos cards to its Kudos tab, and #ownership is a value.
    private readonly PlaygroundHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task KudosByName_PostsTheCardInTheKudosChannelAndMessagesTheReceiver()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var (card, _) = await _host.Playground.CardWithButtonAsync("priya.nair", KudosChannel, "+1, add my thanks");
        var shown = PlaygroundClient.Json(card);
        Assert.Contains("Kudos to Alex Kim", shown);
        Assert.Contains("fixing my VPN", shown);
        Assert.Contains("#ownership", shown);
        Assert.Contains(await _host.Playground.TextsAsync("alex.kim", "dm:alex.kim"), t => t == "Maya Patel gave you kudos for 🚀 #ownership: \"fixing my VPN\"");
        Assert.Contains(await _host.Playground.TextsAsync("maya", "dm:maya"), t => t.StartsWith("Kudos sent to Alex Kim."));
    }

    [Fact]
    public async Task KudosById_IsTheSamePerson()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @alex.kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var (card, _) = await _host.Playground.CardWithButtonAsync("maya", KudosChannel, "+1, add my thanks");
        Assert.Contains("Kudos to Alex Kim", PlaygroundClient.Json(card));
    }

    [Fact]
    public async Task PlusOne_FromAnotherPersona_IsChargedToThemAndTellsTheReceiver()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var joined = await _host.Playground.ClickAsync("priya.nair", KudosChannel, "+1, add my thanks");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        Assert.Equal("Handled", (string?)joined["outcome"]);
        Assert.StartsWith("Added your thanks for Alex Kim.", (string?)joined["notice"]);
        Assert.Contains(await _host.Playground.TextsAsync("alex.kim", "dm:alex.kim"), t => t.StartsWith("Priya Nair added their thanks to your kudos"));
        var again = await _host.Playground.ClickAsync("priya.nair", KudosChannel, "+1, add my thanks");
        Assert.Equal("You've added your thanks to this kudos already.", (string?)again["notice"]);
    }

    [Fact]
    public async Task PlusOne_ByTheReceiver_IsRefused()
    {
        await _host.Playground.SayAsync("maya", "dm:maya", "kudos @Alex Kim for fixing my VPN #ownership");
        await _host.Services.WaitForQueueAsync(KudosService.QueueName);

        var refused = await _host.Playground.ClickAsync("alex.kim", KudosChannel, "+1, add my thanks");

        Assert.Equal("Refused", (string?)refused["outcome"]);
    }
}

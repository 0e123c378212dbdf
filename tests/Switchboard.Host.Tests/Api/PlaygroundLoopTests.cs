using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class PlaygroundLoopTests
{
    [Fact]
    public async Task WholeLoop_InMemory_FilesAssignsResolvesAndTellsTheRequester()
    {
        await using var factory = new SwitchboardFactory();
        await PlaygroundScenarios.RunWholeLoopAsync(factory.CreateClient(), factory.Services);
    }

    [Fact]
    public async Task AgentAction_ByAnEmployee_IsRefusedWithAReason()
    {
        await using var factory = new SwitchboardFactory();
        var playground = new PlaygroundClient(factory.CreateClient());
        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await factory.Services.WaitForOutboxAsync();

        var refused = await playground.ClickAsync("maya", "team:it", "Assign to me");

        Assert.Equal("Refused", (string?)refused["outcome"]);
        Assert.Equal("Only IT Support agents can do that.", (string?)refused["notice"]);
    }

    [Fact]
    public async Task TicketNumberInDigitsOfAnotherScript_IsAnswered_NotAServerError()
    {
        await using var factory = new SwitchboardFactory();
        var playground = new PlaygroundClient(factory.CreateClient());

        await playground.SayAsync("maya", "dm:maya", "status IT-١٠٠١");

        Assert.Contains("I can't find IT-1001. \"my requests\" lists yours.", await playground.TextsAsync("maya", "dm:maya"));
    }

    [Fact]
    public async Task ButtonCarryingDigitsOfAnotherScript_ActsOnTheTicket()
    {
        await using var factory = new SwitchboardFactory();
        var playground = new PlaygroundClient(factory.CreateClient());
        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        // The requester's card with its "Cancel request" button arrives through the outbox.
        await factory.Services.WaitForOutboxAsync();

        var cancelled = await playground.ClickAsync("maya", "dm:maya", "Cancel request", new() { ["ticket"] = "IT-١٠٠١" });

        Assert.Equal("Handled", (string?)cancelled["outcome"]);
        await factory.Services.WaitForOutboxAsync();
        Assert.Contains("IT-1001 is cancelled. Nothing more will happen with it.", await playground.TextsAsync("maya", "dm:maya"));
    }

    [Fact]
    public async Task AgentQuestion_AnsweredInPlainWords_LandsOnTheTicket()
    {
        await using var factory = new SwitchboardFactory();
        var playground = new PlaygroundClient(factory.CreateClient());
        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await factory.Services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Assign to me");
        await factory.Services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Waiting on requester", new() { ["note"] = "Which VPN client version?" });
        await factory.Services.WaitForOutboxAsync();
        await playground.CardWithButtonAsync("maya", "dm:maya", "Reply");

        await playground.SayAsync("maya", "dm:maya", "Version 5.2 on Windows");
        await factory.Services.WaitForOutboxAsync();

        Assert.Contains("Added to IT-1001; the team has been told.", await playground.TextsAsync("maya", "dm:maya"));
        Assert.Contains("Maya Patel added information to IT-1001:\nVersion 5.2 on Windows", await playground.TextsAsync("alex.kim", "team:it"));
        // Her answer proposed no new request: the only confirmation card became her ticket card when she submitted.
        Assert.DoesNotContain(await playground.MessagesAsync("maya", "dm:maya"), m => (string?)m!["card"]?["title"] == "Here's your request");
    }
}

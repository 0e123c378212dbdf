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
}

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
}

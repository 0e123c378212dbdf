using Microsoft.Extensions.Options;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackStartupTests
{
    [Fact]
    public async Task Start_WithSigningSecretButNoBotToken_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:BotToken"] = "" }));

        Assert.Contains("Slack:BotToken", error.Message);
    }

    [Fact]
    public async Task Start_WithBotTokenButNoSigningSecret_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:SigningSecret"] = " " }));

        Assert.Contains("Slack:SigningSecret", error.Message);
    }

    [Fact]
    public async Task Start_WithPlainHttpApiBaseUrlOffLoopback_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:ApiBaseUrl"] = "http://slack.example.com/api/" }));

        Assert.Contains("Slack:ApiBaseUrl", error.Message);
    }

    [Fact]
    public async Task Start_InSocketModeWithoutAnAppToken_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:SocketMode"] = "true", ["Slack:SigningSecret"] = "" }));

        Assert.Contains("Slack:AppToken is required", error.Message);
        Assert.DoesNotContain("Slack:SigningSecret", error.Message);
    }

    [Fact]
    public async Task Start_InSocketModeWithABotTokenAsTheAppToken_FailsNamingTheSettingButNotItsValue()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:SocketMode"] = "true", ["Slack:AppToken"] = "xoxb-pasted-by-mistake" }));

        Assert.Contains("Slack:AppToken must be an app-level token starting with xapp-", error.Message);
        Assert.DoesNotContain("pasted-by-mistake", error.Message);
    }

    [Fact]
    public async Task Start_InSocketModeWithoutABotToken_ListsEveryMissingSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackAdapterHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:SocketMode"] = "true", ["Slack:BotToken"] = "", ["Slack:SigningSecret"] = "" }));

        Assert.Contains("Slack:BotToken", error.Message);
        Assert.Contains("Slack:AppToken", error.Message);
    }

    [Fact]
    public async Task Start_InSocketModeWithAppAndBotTokensButNoSigningSecret_Starts()
    {
        await using var slack = await FakeSocketModeServer.StartAsync();
        await using var host = await SlackAdapterHost.StartAsync(settings: SlackSocketModeTests.SocketSettings(), socketMode: slack);

        Assert.True((await slack.WaitForConnectionAsync(1)).IsOpen);
    }
}

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
}

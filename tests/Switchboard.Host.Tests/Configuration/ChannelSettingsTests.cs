using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Host.Configuration;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Configuration;

/// <summary>Each platform's service-team channels live in its own section and reach Core through <see cref="IConfiguredTeamChannels"/>.</summary>
public sealed class ChannelSettingsTests
{
    private const string ItTeamsChannel = "19:it-desk@thread.tacv2";

    [Fact]
    public async Task TeamsSection_ChannelForATeam_IsOneOfThatTeamsChannels()
    {
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Teams:ServiceTeamChannels:it:ChannelId"] = ItTeamsChannel,
            ["Teams:ServiceTeamChannels:it:ServiceUrl"] = "https://smba.trafficmanager.net/emea/",
            ["Teams:ServiceTeamChannels:it:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["Teams:ServiceTeamChannels:it:Private"] = "true",
        });
        var channels = factory.Services.GetRequiredService<TeamChannels>();

        var it = await channels.ForTeamAsync("it", CancellationToken.None);

        var teams = Assert.Single(it, c => c.Address.Platform.Id == "teams");
        Assert.Equal(new ConversationAddress(new Platform("teams"), ItTeamsChannel, null, "https://smba.trafficmanager.net/emea/", "72f988bf-86f1-41af-91ab-2d7cd011db47"), teams.Address);
        Assert.Equal(ChannelPrivacy.Private, teams.Privacy);
        Assert.Contains(it, c => c.Address.Platform.Id == "playground" && c.Address.ConversationId == "team:it");
        Assert.Equal("it", channels.ConfiguredTeamOf(teams.Address));
    }

    [Fact]
    public async Task SlackSection_WhenSlackIsOff_GivesNoChannel()
    {
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Slack:ServiceTeamChannels:it:ChannelId"] = "C0ITDESK",
        });
        var channels = factory.Services.GetRequiredService<TeamChannels>();

        var it = await channels.ForTeamAsync("it", CancellationToken.None);

        Assert.DoesNotContain(it, c => c.Address.Platform.Id == "slack");
    }

    [Theory]
    [InlineData("Teams:ServiceTeamChannels:itt:ChannelId", "19:x@thread.tacv2", "Teams:ServiceTeamChannels:itt: there is no service team 'itt'")]
    [InlineData("Playground:ServiceTeamChannels:human-resources:Private", "true", "Playground:ServiceTeamChannels:human-resources: there is no service team 'human-resources'")]
    [InlineData("Teams:ServiceTeamChannels:it:ChannelId", "19:x@thread.tacv2", "Teams:ServiceTeamChannels:it:ServiceUrl is required with a ChannelId")]
    public void StartUp_WithAChannelSettingItCannotUse_FailsNamingTheKey(string key, string value, string failure)
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Fact]
    public void StartUp_WithATeamsChannelOnAnUntrustedHost_FailsBeforeTheTokenCouldBeSentThere()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Teams:ServiceTeamChannels:it:ChannelId"] = ItTeamsChannel,
            ["Teams:ServiceTeamChannels:it:ServiceUrl"] = "https://smba.evil.example/emea/",
        });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains("Teams:ServiceTeamChannels:it:ServiceUrl 'https://smba.evil.example/emea/' is not a host in Teams:TrustedServiceHosts", error.Message);
    }

    [Fact]
    public void StartUp_WithOneSlackChannelForTwoTeams_FailsNamingTheChannel()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "secret",
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:ServiceTeamChannels:it:ChannelId"] = "C0SHARED",
            ["Slack:ServiceTeamChannels:facilities:ChannelId"] = "C0SHARED",
        });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains("Slack:ServiceTeamChannels gives the channel 'C0SHARED' to more than one team (facilities, it).", error.Failures);
    }

    [Fact]
    public void StartUp_InSlackSocketModeWithoutTokens_NamesEachMissingSettingAndNotTheSigningSecret()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Slack:SocketMode"] = "true",
        });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith("Slack:AppToken is required when Slack:SocketMode is true", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Slack:BotToken is required", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("Slack:SigningSecret", StringComparison.Ordinal));
    }
}

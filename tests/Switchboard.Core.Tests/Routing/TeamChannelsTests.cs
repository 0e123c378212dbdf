using Microsoft.Extensions.Time.Testing;
using Moq;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Routing;

public sealed class TeamChannelsTests
{
    private static readonly ConversationAddress SlackDesk = new(TestPlatforms.Slack, "C0ITDESK", OrganizationId: "T0CONTOSO");
    private static readonly ConversationAddress TeamsDesk = new(TestPlatforms.Teams, "19:it@thread.tacv2", null, "https://smba.trafficmanager.net/emea/");

    private readonly TeamDirectory _teams = new(new ServiceTeamsOptions
    {
        Teams =
        [
            new ServiceTeamOptions { Id = "it", Name = "IT Support", TicketPrefix = "IT", Description = "Laptops" },
            new ServiceTeamOptions { Id = "hr", Name = "People & HR", TicketPrefix = "HR", Description = "Leave" },
        ],
    });

    [Fact]
    public async Task ForTeam_ChannelsFromEveryAdapter_AreTheTeamsOwnOnly()
    {
        var channels = Channels(gateways: [TestPlatforms.Slack, TestPlatforms.Teams],
            new FixedTeamChannels([new TeamChannel("it", SlackDesk, ChannelPrivacy.Open)]),
            new FixedTeamChannels([new TeamChannel("it", TeamsDesk, ChannelPrivacy.Private), new TeamChannel("hr", TeamsDesk with { ConversationId = "19:hr@thread.tacv2" }, ChannelPrivacy.Private)]));

        var it = await channels.ForTeamAsync("it", CancellationToken.None);

        Assert.Equal([SlackDesk, TeamsDesk], it.Select(c => c.Address));
        Assert.Equal("it", channels.ConfiguredTeamOf(TeamsDesk.InThread("1700000000000")));
        Assert.Equal(ChannelPrivacy.Private, (await channels.FindAsync(TeamsDesk, CancellationToken.None))!.Privacy);
    }

    [Fact]
    public async Task ForTeam_ConfiguredChannelOnAPlatformWithNoGateway_IsLeftOut()
    {
        var channels = Channels(gateways: [TestPlatforms.Slack],
            new FixedTeamChannels([new TeamChannel("it", SlackDesk, ChannelPrivacy.Open), new TeamChannel("it", TeamsDesk, ChannelPrivacy.Open)]));

        var it = await channels.ForTeamAsync("it", CancellationToken.None);

        Assert.Equal([SlackDesk], it.Select(c => c.Address));
        Assert.Null(channels.ConfiguredTeamOf(TeamsDesk));
    }

    private TeamChannels Channels(Platform[] gateways, params IConfiguredTeamChannels[] configured) =>
        new(_teams, configured, new StateDocuments(new MemoryStateStore()),
            new PlatformGateways(gateways.Select(Gateway)), new FakeTimeProvider(TestTime.Start));

    /// <summary>A platform's gateway, of which only its platform matters here: being strict, it fails the test if anything is sent.</summary>
    private static IPlatformGateway Gateway(Platform platform)
    {
        var gateway = new Mock<IPlatformGateway>(MockBehavior.Strict);
        gateway.SetupGet(g => g.Platform).Returns(platform);
        return gateway.Object;
    }
}

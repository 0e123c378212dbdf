using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Dashboard;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Dashboard;

/// <summary>"dashboard" in the playground (Development: Dana Whitfield, IT's lead, is a persona).</summary>
public sealed class PlaygroundDashboardCommandTests
{
    [Fact]
    public async Task Dashboard_FromTheLeadPersona_AnswersWithALinkButtonToTheirTeamsDashboard()
    {
        await using var host = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = string.Empty });
        var playground = new PlaygroundClient(host.CreateClient());

        await playground.SayAsync("dana", "dm:dana", "dashboard");

        var card = (await playground.MessagesAsync("dana", "dm:dana")).Select(m => m!["card"]).Single(c => c?["links"] is not null)!;
        var link = card["links"]!.AsArray().Single()!;
        Assert.Equal(DashboardCards.OpenTitle, (string?)link["title"]);
        var url = new Uri((string)link["url"]!);
        Assert.Equal("http://localhost:3978/dashboard", url.GetLeftPart(UriPartial.Path));
        var access = host.Services.GetRequiredService<DashboardTokens>().Check(HttpUtility.ParseQueryString(url.Query)["t"]).Access!;
        Assert.Equal(["it"], access.Teams);
    }

    [Fact]
    public async Task Dashboard_FromAnEmployee_ExplainsItIsForLeads()
    {
        await using var host = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = string.Empty });
        var playground = new PlaygroundClient(host.CreateClient());

        await playground.SayAsync("maya", "dm:maya", "dashboard");

        Assert.Contains(DashboardLinkHandler.NotALead, await playground.TextsAsync("maya", "dm:maya"));
    }
}

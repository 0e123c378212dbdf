using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Dashboard;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Dashboard;

public sealed class DashboardCommandTests
{
    private static readonly Uri Page = new("https://switchboard.contoso.example/dashboard");
    private const string Key = "a-signing-key-of-at-least-32-characters!";

    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new DashboardOptions { PublicUrl = Page, SigningKey = Key }));

    [Fact]
    public async Task Dashboard_FromALeadInTheirDirectChat_AnswersWithALinkButtonLimitedToTheirTeams()
    {
        await _h.SayAsync(Lena, "dashboard");

        var (_, message) = Assert.Single(_h.Gateway.Sent);
        Assert.Equal(Dm(Lena), message.To);
        var card = message.Card!;
        Assert.Equal("Your team dashboard", card.Title);
        Assert.Contains(card.Facts, f => f.Label == "Team" && f.Value == "IT Support");
        var link = Assert.Single(card.Links);
        Assert.Equal(DashboardCards.OpenTitle, link.Title);
        Assert.StartsWith(Page.AbsoluteUri + "?t=", link.Url.AbsoluteUri, StringComparison.Ordinal);
        // The raw link is a button, never text in the message.
        Assert.Null(message.Text);
        Assert.DoesNotContain(link.Url.AbsoluteUri, card.Text, StringComparison.Ordinal);

        var token = Uri.UnescapeDataString(link.Url.Query[(DashboardLinks.TokenParameter.Length + 2)..]);
        var access = _h.Services.GetRequiredService<DashboardTokens>().Check(token).Access!;
        Assert.Equal(["it"], access.Teams);
        Assert.Equal("lena@contoso.example", access.Lead.Value);
        Assert.Equal(_h.Clock.GetUtcNow() + new DashboardOptions().LinkLifetime, access.ExpiresAt);
    }

    [Fact]
    public async Task Dashboard_FromSomeoneWhoLeadsNoTeam_ExplainsWhoTheDashboardIsFor()
    {
        await _h.SayAsync(Alex, "dashboard");

        var (_, message) = Assert.Single(_h.Gateway.Sent);
        Assert.Equal(DashboardLinkHandler.NotALead, message.Text);
        Assert.Null(message.Card);
    }

    [Fact]
    public async Task Dashboard_FromALeadInAChannel_SendsTheLinkToTheirDirectChatOnly()
    {
        await _h.SayAsync(Lena, "dashboard", TeamChannel("it"));

        var sent = _h.Gateway.Sent.Select(s => s.Message).ToList();
        var withLink = Assert.Single(sent, m => m.Card?.Links.Count > 0);
        Assert.Equal(Dm(Lena), withLink.To);
        var reply = Assert.Single(sent, m => m.To == TeamChannel("it"));
        Assert.Equal(Lena, reply.VisibleTo);
        Assert.Contains("direct chat", reply.Text, StringComparison.Ordinal);
        Assert.Null(reply.Card);
    }

    [Fact]
    public async Task Dashboard_WithoutAPublicAddress_TellsTheLeadItIsNotConfigured()
    {
        var h = new EngineHarness();

        await h.SayAsync(Lena, "dashboard");

        var (_, message) = Assert.Single(h.Gateway.Sent);
        Assert.Contains("Dashboard:PublicUrl", message.Text, StringComparison.Ordinal);
        Assert.Null(message.Card);
    }

    [Fact]
    public async Task Help_ListsTheDashboardCommand()
    {
        await _h.SayAsync(Lena, "help");

        Assert.Contains(_h.Gateway.Sent, s => (s.Message.Text ?? s.Message.Card?.Text ?? "").Contains("dashboard", StringComparison.Ordinal));
    }
}

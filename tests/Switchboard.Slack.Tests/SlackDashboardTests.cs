using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Dashboard;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackDashboardTests : IAsyncLifetime
{
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SlackApp.StartAsync();
        _app.Api.Users["ULEAD"] = ("Dana Whitfield", "dana.whitfield@contoso.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Dashboard_FromALead_AnswersWithAUrlButtonCarryingTheirSignedLink()
    {
        await _app.DirectMessageAsync("dashboard", "Ev0DASH1", user: "ULEAD");

        static bool IsLink(SlackApiCall c) => c.Method == "chat.postMessage" && c.Buttons.Any(b => b["url"] is not null);
        var call = (await _app.Api.WaitForAsync(calls => calls.Any(IsLink), "the dashboard link")).First(IsLink);
        var button = call.Buttons.Single(b => b["url"] is not null);
        Assert.Equal(DashboardCards.OpenTitle, button["text"]!["text"]!.GetValue<string>());
        var url = new Uri(button["url"]!.GetValue<string>());
        Assert.Equal("/dashboard", url.AbsolutePath);
        // Not a verb button: a click is only acknowledged.
        Assert.DoesNotContain("sb_act_", button["action_id"]!.GetValue<string>(), StringComparison.Ordinal);
        var access = _app.Services.GetRequiredService<DashboardTokens>().Check(HttpUtility.ParseQueryString(url.Query)["t"]).Access!;
        Assert.Equal(["it"], access.Teams);
        Assert.Equal("dana.whitfield@contoso.example", access.Lead.Value);
    }

    [Fact]
    public async Task Dashboard_FromSomeoneWhoLeadsNoTeam_IsExplainedWithoutALink()
    {
        await _app.DirectMessageAsync("dashboard", "Ev0DASH2");

        static bool IsExplanation(SlackApiCall c) => c.Method == "chat.postMessage" && c.AllText.Contains("for service team leads");
        var call = (await _app.Api.WaitForAsync(calls => calls.Any(IsExplanation), "the explanation")).First(IsExplanation);
        Assert.DoesNotContain("/dashboard?t=", call.AllText, StringComparison.Ordinal);
    }
}

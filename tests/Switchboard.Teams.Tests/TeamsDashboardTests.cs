using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Dashboard;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>"dashboard" on Teams through the real host: a lead gets an Adaptive Card whose Action.OpenUrl carries their signed link.</summary>
public sealed class TeamsDashboardTests : IAsyncLifetime
{
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Dashboard_FromALead_AnswersWithAnOpenUrlActionCarryingTheirSignedLink()
    {
        _host.Fake.MemberEmails[TeamsPayloads.RequesterId] = "dana.whitfield@contoso.example";

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "dashboard"))).StatusCode);

        var card = await WaitForCardAsync();
        var open = Assert.Single(Actions(card), a => a["type"]?.GetValue<string>() == "Action.OpenUrl");
        Assert.Equal(DashboardCards.OpenTitle, open["title"]!.GetValue<string>());
        var url = new Uri(open["url"]!.GetValue<string>());
        var access = _host.Services.GetRequiredService<DashboardTokens>().Check(HttpUtility.ParseQueryString(url.Query)["t"]).Access!;
        Assert.Equal(["it"], access.Teams);
    }

    [Fact]
    public async Task Dashboard_FromSomeoneWhoLeadsNoTeam_IsExplainedWithoutALink()
    {
        _host.Fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";

        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "dashboard"));

        await WaitForAsync(() => _host.Fake.ConnectorWrites.Any(r => r.Json?["text"]?.GetValue<string>()?.Contains("for service team leads") == true), "the explanation");
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, r => r.Body.Contains("Action.OpenUrl", StringComparison.Ordinal));
    }

    private async Task<JsonNode> WaitForCardAsync()
    {
        await WaitForAsync(() => _host.Fake.ConnectorWrites.Any(r => CardReader.CardOf(r.Json) is not null), "the dashboard card");
        return CardReader.CardOf(_host.Fake.ConnectorWrites.First(r => CardReader.CardOf(r.Json) is not null).Json)!;
    }

    private static IEnumerable<JsonObject> Actions(JsonNode card) => (card["actions"] as JsonArray ?? []).OfType<JsonObject>();

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}

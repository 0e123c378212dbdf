using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Routing;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class RoutingPreviewTests
{
    [Theory]
    [InlineData("My VPN drops every call", "it")]
    [InlineData("Please update my bank details for payroll", "hr")]
    [InlineData("The AC in room Everest is broken", "facilities")]
    public async Task Preview_ReturnsTeamConfidenceAlternativesAndReasons(string text, string team)
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/routing/preview", new { text });

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(team, (string?)body["team"]);
        Assert.InRange((double)body["confidence"]!, 0.55, 1.0);
        Assert.DoesNotContain(body["alternatives"]!.AsArray(), a => (string?)a!["team"] == team);
        Assert.NotEmpty(body["reasons"]!.AsArray());
    }

    // Building the router trains its model on every example (about a second): the host does it while it starts,
    // before it takes requests, not inside the first request that routes.
    [Fact]
    public async Task HostStart_BuildsTheRouterBeforeAnyRequest()
    {
        var built = false;
        await using var factory = new SwitchboardFactory(services: services => services.AddSingleton<IRequestRouter>(sp =>
        {
            built = true;
            return HintRouter.Shared(sp.GetRequiredService<TeamDirectory>(), sp.GetRequiredService<LearnedRoutes>());
        }));

        _ = factory.Server;

        Assert.True(built);
    }

    [Fact]
    public async Task Preview_AnswersForAnyText_EvenGibberish()
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/routing/preview", new { text = "qwzx plorb" });

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.InRange((double)body["confidence"]!, 0.0, 0.55);
    }

    [Fact]
    public async Task Preview_WithoutText_Is400WithAReason()
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/routing/preview", new { text = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Forbidden)]
    [InlineData("s3cret-admin-key", HttpStatusCode.OK)]
    public async Task Preview_OutsideDevelopment_NeedsTheAdminKey(string? key, HttpStatusCode expected)
    {
        await using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "s3cret-admin-key",
            ["Teams:Enabled"] = "false",
        });
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/routing/preview") { Content = JsonContent.Create(new { text = "vpn" }) };
        if (key is not null) request.Headers.Add("X-Admin-Key", key);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}

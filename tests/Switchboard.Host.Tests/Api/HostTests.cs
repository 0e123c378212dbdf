using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Core.Routing;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class HostTests
{
    [Fact]
    public async Task Health_AndReadiness_AnswerOk()
    {
        await using var factory = new SwitchboardFactory();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Configuration_ComesFromTheShippedSettingsFiles_WithTheSixTeamsByName()
    {
        await using var factory = new SwitchboardFactory();

        var teams = factory.Services.GetRequiredService<IOptions<ServiceTeamsOptions>>().Value.Teams;

        Assert.Equal(["finance", "it", "legal", "hr", "security", "facilities"], teams.Select(t => t.Id));
        Assert.True(teams.Single(t => t.Id == "hr").Confidential);
        Assert.All(teams, t => Assert.NotEmpty(t.Agents));
        // Routing hints come from config/routing/<team>.json, merged into the team of the same key.
        Assert.All(teams, t => Assert.NotEmpty(t.Routing.Keywords));
        Assert.All(teams, t => Assert.NotEmpty(t.Routing.Examples));
    }

    [Fact]
    public void StartUp_OutsideDevelopmentWithoutAdminKey_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "",
            ["Teams:Enabled"] = "false",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Admin:ApiKey", error.ToString());
    }

    [Fact]
    public void StartUp_WithADuplicateTicketPrefix_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["ServiceTeams:hr:TicketPrefix"] = "IT" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("TicketPrefix 'IT' is used by more than one team (it, hr)", error.ToString());
    }

    [Fact]
    public void StartUp_WithOneChannelForTwoTeams_FailsNamingTheChannel()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["Teams:ServiceTeamChannels:it:ChannelId"] = "19:shared@thread.tacv2",
            ["Teams:ServiceTeamChannels:it:ServiceUrl"] = "https://smba.trafficmanager.net/emea/",
            ["Teams:ServiceTeamChannels:hr:ChannelId"] = "19:shared@thread.tacv2",
            ["Teams:ServiceTeamChannels:hr:ServiceUrl"] = "https://smba.trafficmanager.net/emea/",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Teams:ServiceTeamChannels gives the channel '19:shared@thread.tacv2' to more than one team (hr, it)", error.ToString());
    }

    [Fact]
    public void StartUp_WithAnAgentWithoutEmailOrIds_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["ServiceTeams:it:Agents:5:Name"] = "Nobody",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("ServiceTeams:it:Agents:", error.ToString());
    }

    [Theory]
    [InlineData("{\"persona\":\"nobody\",\"conversationId\":\"dm:nobody\",\"text\":\"hi\"}", HttpStatusCode.BadRequest, "persona")]
    [InlineData("{\"persona\":\"maya\",\"conversationId\":\"dm:maya\",\"text\":\"  \"}", HttpStatusCode.BadRequest, "text")]
    [InlineData("{\"persona\":\"maya\",\"conversationId\":\"dm:tom\",\"text\":\"hi\"}", HttpStatusCode.Forbidden, "own direct chat")]
    [InlineData("{\"persona\":\"maya\",\"conversationId\":\"team:nope\",\"text\":\"hi\"}", HttpStatusCode.NotFound, "team:nope")]
    public async Task Playground_BadInput_GetsAClearError(string body, HttpStatusCode status, string reason)
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsync("/api/playground/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Playground_TooLongText_Is400AndNothingIsSaid()
    {
        await using var factory = new SwitchboardFactory();
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/playground/messages", new { persona = "maya", conversationId = "dm:maya", text = new string('x', 4001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await new PlaygroundClient(client).MessagesAsync("maya", "dm:maya"));
    }

    [Fact]
    public async Task Playground_IsNotServedInProductionUnlessEnabled()
    {
        await using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "k",
            ["Teams:Enabled"] = "false",
        });

        var response = await factory.CreateClient().GetAsync("/api/playground/personas");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/playground/messages", "{bad", "not valid JSON")]
    [InlineData("/api/routing/preview", "{\"text\": 5}", "(at $.text)")]
    public async Task MalformedJson_Is400WithAReasonAndNoStackTrace(string path, string body, string reason)
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, text);
        Assert.DoesNotContain("   at ", text);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("k", HttpStatusCode.OK)]
    public async Task Playground_EnabledOutsideDevelopment_NeedsTheAdminKey(string? key, HttpStatusCode expected)
    {
        await using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "k",
            ["Teams:Enabled"] = "false",
            ["Playground:Enabled"] = "true",
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/playground/personas");
        if (key is not null) request.Headers.Add("X-Admin-Key", key);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("maya", HttpStatusCode.Forbidden)]
    [InlineData("jordan.lee", HttpStatusCode.OK)]
    public async Task Playground_PrivateTeamChannel_IsReadableByItsAgentsOnly(string persona, HttpStatusCode expected)
    {
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Playground:ServiceTeamChannels:hr:Private"] = "true" });

        var response = await factory.CreateClient().GetAsync($"/api/playground/conversations/team:hr/messages?persona={persona}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Playground_ReplyToAThreadThatIsNotThere_Is400()
    {
        await using var factory = new SwitchboardFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/playground/messages",
            new { persona = "alex.kim", conversationId = "team:it", threadId = "m-nope", text = "hello" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("threadId", await response.Content.ReadAsStringAsync());
    }
}

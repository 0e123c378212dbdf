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
    public async Task Configuration_ComesFromTheRepositoryRootAppsettings_WithTheSixTeams()
    {
        await using var factory = new SwitchboardFactory();

        var teams = factory.Services.GetRequiredService<IOptions<InternalTeamsOptions>>().Value.Teams;

        Assert.Equal(["it", "hr", "facilities", "finance", "security", "legal"], teams.Select(t => t.Id));
        Assert.True(teams.Single(t => t.Id == "hr").Confidential);
        Assert.All(teams, t => Assert.NotEmpty(t.Agents));
    }

    [Fact]
    public void StartUp_OutsideDevelopmentWithoutAdminKey_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "",
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "unused-in-this-test",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Admin:ApiKey", error.ToString());
    }

    [Fact]
    public void StartUp_WithADuplicateTicketPrefix_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["InternalTeams:Teams:1:TicketPrefix"] = "IT" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("TicketPrefix 'IT' more than once", error.ToString());
    }

    [Fact]
    public void StartUp_WithOneChannelForTwoTeams_FailsNamingTheChannel()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["InternalTeams:Teams:0:Channels:Slack:ChannelId"] = "C0SHARED",
            ["InternalTeams:Teams:1:Channels:Slack:ChannelId"] = "C0SHARED",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("'C0SHARED' for more than one team", error.ToString());
    }

    [Fact]
    public void StartUp_WithAnAgentWithoutEmailOrIds_FailsNamingTheSetting()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["InternalTeams:Teams:0:Agents:5:Name"] = "Nobody",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("InternalTeams:Teams:0:Agents:", error.ToString());
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
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "unused-in-this-test",
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
}

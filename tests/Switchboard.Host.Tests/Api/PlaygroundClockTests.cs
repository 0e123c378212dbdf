using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

public sealed class PlaygroundClockTests
{
    [Fact]
    public async Task Clock_MovesForwardOnRequest_AndRefusesNonsense()
    {
        await using var factory = new SwitchboardFactory();
        var http = factory.CreateClient();

        var start = (await http.GetFromJsonAsync<JsonObject>("/api/playground/clock"))!;
        Assert.Equal("00:00:00", (string?)start["offset"]);

        var moved = await http.PostAsJsonAsync("/api/playground/clock", new { advance = "P1DT2H" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("1.02:00:00", (string?)(await moved.Content.ReadFromJsonAsync<JsonObject>())!["offset"]);

        foreach (var bad in new[] { "yesterday", "-01:00:00", "P400D", "" })
        {
            var refused = await http.PostAsJsonAsync("/api/playground/clock", new { advance = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("advance:", await refused.Content.ReadAsStringAsync());
        }

        var reset = await http.PostAsJsonAsync("/api/playground/clock", new { reset = true });
        Assert.Equal("00:00:00", (string?)(await reset.Content.ReadFromJsonAsync<JsonObject>())!["offset"]);
    }

    [Fact]
    public async Task Clock_IsNotThereOutsideDevelopment()
    {
        await using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "k",
            ["Teams:Enabled"] = "false",
            ["Playground:Enabled"] = "true",
        });
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Admin-Key", "k");

        var response = await http.PostAsJsonAsync("/api/playground/clock", new { advance = "P8D" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MovingTheClockPastTheSurveysExpiry_ExpiresItThroughTheScheduler()
    {
        await using var factory = new SwitchboardFactory();
        var http = factory.CreateClient();
        var playground = new PlaygroundClient(http);
        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call");
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await factory.Services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Resolve", new() { ["note"] = "Reset the VPN profile" });
        await factory.Services.WaitForOutboxAsync();
        await playground.CardWithButtonAsync("maya", "dm:maya", "Yes, it's fixed");

        await http.PostAsJsonAsync("/api/playground/clock", new { advance = "P8D" });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await playground.MessagesAsync("maya", "dm:maya")).Any(m => PlaygroundClient.Json(m!["card"]).Contains("This question has expired.")))
        {
            Assert.True(DateTime.UtcNow < deadline, "The survey never expired after the clock moved past its expiry.");
            await Task.Delay(100);
        }
    }
}

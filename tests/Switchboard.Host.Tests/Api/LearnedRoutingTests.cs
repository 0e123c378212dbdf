using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>
/// Two hosts share one Redis. An IT agent moves a ticket to Facilities on the first; the second host's routing preview
/// then sends a similar request to Facilities and names the move, and once an admin removes the learned example
/// both route it as before.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LearnedRoutingTests(RedisServerFixture redis)
{
    private const string Filed = "the fan in my laptop is loud and my laptop gets very hot";
    private const string Similar = "laptop fan loud and hot";

    private SwitchboardFactory Host(string prefix) => new(settings: new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = prefix,
        ["RoutingMemory:Refresh"] = "00:00:00.200",
    });

    [Fact]
    public async Task MovedTicket_ChangesThePreviewOnEveryHost_UntilAnAdminRemovesIt()
    {
        var prefix = RedisTestPrefix.New("learned-two-hosts");
        await using var first = Host(prefix);
        await using var second = Host(prefix);
        var playground = new PlaygroundClient(first.CreateClient());
        var otherHost = second.CreateClient();
        Assert.Equal("it", await PreviewTeamAsync(otherHost, Similar));

        await playground.SayAsync("maya", "dm:maya", Filed);
        await playground.ClickAsync("maya", "dm:maya", "Submit");
        await first.Services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Move to another team", new Dictionary<string, string> { ["team"] = "facilities" });
        await first.Services.WaitForOutboxAsync();

        var learned = Assert.Single((await otherHost.GetFromJsonAsync<JsonArray>("/api/admin/routing/learned"))!);
        Assert.Equal(("facilities", "it"), ((string?)learned!["team"], (string?)learned["fromTeam"]));
        var ticket = (string)learned["ticket"]!;
        var moved = await WaitForPreviewAsync(otherHost, Similar, "facilities");
        Assert.Contains(moved["reasons"]!.AsArray(), r => ((string)r!).StartsWith($"learned from a move of #{ticket}", StringComparison.Ordinal));

        var removed = await otherHost.DeleteAsync($"/api/admin/routing/learned/{Uri.EscapeDataString((string)learned["id"]!)}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await WaitForPreviewAsync(first.CreateClient(), Similar, "it");
        Assert.Empty((await otherHost.GetFromJsonAsync<JsonArray>("/api/admin/routing/learned"))!);
    }

    [Fact]
    public async Task RemovingAnUnknownExample_Is404()
    {
        await using var host = new SwitchboardFactory();

        var response = await host.CreateClient().DeleteAsync("/api/admin/routing/learned/IT-1001@1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Forbidden)]
    [InlineData("s3cret-admin-key", HttpStatusCode.OK)]
    public async Task LearnedList_OutsideDevelopment_NeedsTheAdminKey(string? key, HttpStatusCode expected)
    {
        await using var host = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "s3cret-admin-key",
            ["Teams:Enabled"] = "false",
        });
        var client = host.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Admin-Key", key);

        var response = await client.GetAsync("/api/admin/routing/learned");

        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<string?> PreviewTeamAsync(HttpClient client, string text) =>
        (string?)(await PreviewAsync(client, text))["team"];

    private static async Task<JsonObject> PreviewAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/routing/preview", new { text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    // Each host checks the shared examples when its copy is older than the refresh time: poll until it has.
    private static async Task<JsonObject> WaitForPreviewAsync(HttpClient client, string text, string team)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var preview = await PreviewAsync(client, text);
            if ((string?)preview["team"] == team) return preview;
            Assert.True(DateTime.UtcNow < deadline, $"The preview never routed '{text}' to {team}: {preview.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}

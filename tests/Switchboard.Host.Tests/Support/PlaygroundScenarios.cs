namespace Switchboard.Host.Tests.Support;

public static class PlaygroundScenarios
{
    /// <summary>Ask → confirm → team card → assign → resolve → requester told, all through the playground API.</summary>
    public static async Task RunWholeLoopAsync(HttpClient http, IServiceProvider services)
    {
        var playground = new PlaygroundClient(http);

        await playground.SayAsync("maya", "dm:maya", "My VPN drops every call since this morning");
        var (confirmation, _) = await playground.CardWithButtonAsync("maya", "dm:maya", "Submit");
        Assert.Contains("IT Support", PlaygroundClient.Json(confirmation["card"]));
        var submitted = await playground.ClickAsync("maya", "dm:maya", "Submit");
        Assert.Equal("Handled", (string?)submitted["outcome"]);
        await services.WaitForOutboxAsync();

        var (teamCard, _) = await playground.CardWithButtonAsync("alex.kim", "team:it", "Assign to me");
        var number = ((string)teamCard["card"]!["title"]!).Split(' ')[0];
        Assert.Matches(@"^IT-\d+$", number);

        Assert.Equal("Handled", (string?)(await playground.ClickAsync("alex.kim", "team:it", "Assign to me"))["outcome"]);
        Assert.Equal("Handled", (string?)(await playground.ClickAsync("alex.kim", "team:it", "Resolve",
            new() { ["note"] = "Reinstalled the VPN client and reset the profile" }))["outcome"]);
        await services.WaitForOutboxAsync();

        var told = await playground.TextsAsync("maya", "dm:maya");
        Assert.Contains(told, t => t.StartsWith($"Filed {number} with IT Support"));
        Assert.Contains(told, t => t == $"{number}: Alex Kim is on it.");
        Assert.Contains(told, t => t == $"{number} is resolved. Did this fix it?");
        var (survey, _) = await playground.CardWithButtonAsync("maya", "dm:maya", "Yes, it's fixed");
        Assert.Contains("Reinstalled the VPN client and reset the profile", PlaygroundClient.Json(survey["card"]));
        var channel = await playground.MessagesAsync("alex.kim", "team:it");
        Assert.Contains(channel, m => PlaygroundClient.Json(m!["card"]).Contains("\"Resolved\""));

        // The requester answers: fixed, five stars; the team's thread hears it.
        Assert.Equal("Handled", (string?)(await playground.ClickAsync("maya", "dm:maya", "Yes, it's fixed", new() { ["rating"] = "5" }))["outcome"]);
        await services.WaitForOutboxAsync();
        var thread = await playground.TextsAsync("alex.kim", "team:it");
        Assert.Contains(thread, t => t == $"Maya Patel says {number} is fixed, rated 5/5.");
    }
}

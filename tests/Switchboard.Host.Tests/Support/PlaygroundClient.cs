using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Host.Tests.Support;

/// <summary>Drives the playground JSON API as the page does.</summary>
public sealed class PlaygroundClient(HttpClient http)
{
    public async Task<JsonObject> SayAsync(string persona, string conversationId, string text)
    {
        var response = await http.PostAsJsonAsync("/api/playground/messages", new { persona, conversationId, text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonArray> MessagesAsync(string persona, string conversationId)
    {
        var body = await http.GetFromJsonAsync<JsonObject>($"/api/playground/conversations/{conversationId}/messages?persona={persona}");
        return body!["messages"]!.AsArray();
    }

    /// <summary>The newest message in the conversation whose card has a button titled <paramref name="title"/>.</summary>
    public async Task<(JsonObject Message, JsonObject Action)> CardWithButtonAsync(string persona, string conversationId, string title)
    {
        var messages = await MessagesAsync(persona, conversationId);
        foreach (var message in messages.Reverse().OfType<JsonObject>())
        {
            var action = message["card"]?["actions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => (string?)a["title"] == title);
            if (action is not null) return (message, action);
        }
        throw new Xunit.Sdk.XunitException($"No card with a '{title}' button in {conversationId}: {messages.ToJsonString()}");
    }

    /// <summary>Clicks a button as the page does: its data, the card's input values, then <paramref name="inputs"/>.</summary>
    public async Task<JsonObject> ClickAsync(string persona, string conversationId, string title, Dictionary<string, string>? inputs = null)
    {
        var (message, action) = await CardWithButtonAsync(persona, conversationId, title);
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in action["data"]!.AsObject()) values[key] = (string)value!;
        foreach (var input in message["card"]!["inputs"]?.AsArray().OfType<JsonObject>() ?? [])
            if (input["value"] is { } v) values[(string)input["id"]!] = (string)v!;
        foreach (var (key, value) in inputs ?? []) values[key] = value;
        var response = await http.PostAsJsonAsync("/api/playground/actions",
            new { persona, messageId = (string)message["id"]!, verb = (string)action["verb"]!, values });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<IReadOnlyList<string>> TextsAsync(string persona, string conversationId) =>
        (await MessagesAsync(persona, conversationId)).Select(m => (string?)m!["text"]).OfType<string>().ToList();

    public static string Json(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}

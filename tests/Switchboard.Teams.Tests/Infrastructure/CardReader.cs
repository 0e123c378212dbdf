using System.Text.Json.Nodes;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>Reads Adaptive Cards the bot sent, the way Teams would to build a click.</summary>
public static class CardReader
{
    /// <summary>The Adaptive Card attached to an activity (or the activity inside a create-conversation body).</summary>
    public static JsonNode? CardOf(JsonNode? activityOrConversation)
    {
        var activity = activityOrConversation?["activity"] ?? activityOrConversation;
        var attachment = activity?["attachments"]?.AsArray().FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive");
        return attachment?["content"];
    }

    /// <summary>The <c>Action.Execute</c> with this verb, searched through show-cards too.</summary>
    public static JsonNode? FindExecute(JsonNode? card, string verb)
    {
        foreach (var action in card?["actions"]?.AsArray() ?? [])
        {
            if (action?["type"]?.GetValue<string>() == "Action.Execute" && action["verb"]?.GetValue<string>() == verb) return action;
            if (action?["type"]?.GetValue<string>() == "Action.ShowCard" && FindExecute(action["card"], verb) is { } inner) return inner;
        }
        return null;
    }

    /// <summary>What Teams sends as <c>value.action.data</c>: the action's data merged with the card's input values.</summary>
    public static JsonObject ClickData(JsonNode card, string verb, IReadOnlyDictionary<string, string>? typed = null)
    {
        var action = FindExecute(card, verb) ?? throw new InvalidOperationException($"The card has no {verb} button: {card.ToJsonString()}");
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var input in Inputs(card))
        {
            if (input["value"] is { } value) data[input["id"]!.GetValue<string>()] = value.GetValue<string>();
        }
        foreach (var (key, value) in typed ?? new Dictionary<string, string>()) data[key] = value;
        return data;
    }

    /// <summary>Every text that appears on the card (titles, text blocks, fact values).</summary>
    public static string Text(JsonNode? card) => string.Join(" | ", Texts(card));

    private static IEnumerable<string> Texts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "text" or "title" or "value" && value is JsonValue v && v.TryGetValue<string>(out var s)) yield return s;
                    foreach (var inner in Texts(value)) yield return inner;
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var inner in Texts(item)) yield return inner;
                break;
        }
    }

    private static IEnumerable<JsonNode> Inputs(JsonNode card) =>
        (card["body"]?.AsArray() ?? []).OfType<JsonNode>().Where(e => e["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true);
}

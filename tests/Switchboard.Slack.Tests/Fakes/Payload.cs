using System.Text.Json;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>Recorded Slack payloads (Payloads/*.json) with <c>{{placeholders}}</c> filled in.</summary>
public static class Payload
{
    public static string Load(string name, params (string Key, string Value)[] values)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));
        foreach (var (key, value) in values) text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        return text;
    }

    /// <summary>A JSON string literal (quotes and escapes included), for placeholders that take raw JSON.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value);
}

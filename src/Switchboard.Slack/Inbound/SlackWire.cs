using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Inbound;

/// <summary>Small readers for Slack's wire conventions.</summary>
internal static partial class SlackWire
{
    /// <summary>A <c>ts</c> ("1531420618.000200") as a time; <paramref name="fallback"/> when it does not parse.</summary>
    public static DateTimeOffset ParseTs(string? ts, DateTimeOffset fallback) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : fallback;

    /// <summary>The message text without the bot's mention, with Slack's escapes undone.</summary>
    public static string StripMention(string? text, string? botUserId)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var stripped = botUserId is null
            ? LeadingMention().Replace(text, "", 1)
            : text.Replace($"<@{botUserId}>", "", StringComparison.Ordinal);
        if (botUserId is not null) stripped = Regex.Replace(stripped, $"<@{Regex.Escape(botUserId)}\\|[^>]*>", "");
        return BlockKit.Unescape(Whitespace().Replace(stripped, " ").Trim());
    }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body.</summary>
    public static Dictionary<string, string> ParseForm(byte[] body)
    {
        var parsed = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        return parsed.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <c>state.values</c> flattened to input id → value (our inputs use the input id as <c>action_id</c>).
    /// </summary>
    public static Dictionary<string, string> Values(SlackState? state)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (state?.Values is null) return values;
        foreach (var block in state.Values.Values)
        {
            foreach (var (actionId, element) in block)
            {
                // The "More" select of a card is a button menu, not an input.
                if (actionId.StartsWith(BlockKit.ActionIdPrefix, StringComparison.Ordinal)) continue;
                var value = element.Value ?? element.SelectedOption?.Value ?? element.SelectedDate ??
                            element.SelectedUser ?? element.SelectedChannel ??
                            (element.SelectedUsers is { Count: > 0 } users ? string.Join(',', users) : null);
                if (value is not null) values[actionId] = value;
            }
        }
        return values;
    }

    /// <summary>The users picked in the people pickers (<c>multi_users_select</c>) of <c>state.values</c>, each once.</summary>
    public static List<string> PickedUsers(SlackState? state) =>
        state?.Values?.Values.SelectMany(block => block.Values).SelectMany(element => element.SelectedUsers ?? [])
            .Distinct(StringComparer.Ordinal).ToList() ?? [];

    [GeneratedRegex(@"^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex LeadingMention();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Whitespace();
}

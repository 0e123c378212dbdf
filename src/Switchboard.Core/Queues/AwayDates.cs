using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Core.Queues;

/// <summary>
/// Reads the date in "away until Friday": "tomorrow", a weekday ("Friday", "next fri"), "4 Dec", "Dec 4",
/// "2026-12-04", with or without "until". The agent is back at the start of that day in their time zone.
/// </summary>
public static partial class AwayDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd", "d MMM yyyy", "d MMMM yyyy", "MMM d yyyy", "MMMM d yyyy", "d MMM", "d MMMM", "MMM d", "MMMM d",
    ];

    /// <summary>
    /// The moment the agent is back (midnight at the start of the named day in <paramref name="zone"/>), or null
    /// when <paramref name="text"/> names no day after today.
    /// </summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var words = Lead().Replace(text.Trim().ToLowerInvariant(), "").TrimEnd('.', '!', ' ');
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        DateOnly? day = null;
        if (words == "tomorrow") day = today.AddDays(1);
        else if (Weekday(words.StartsWith("next ", StringComparison.Ordinal) ? words[5..] : words) is { } weekday)
        {
            var ahead = ((int)weekday - (int)today.DayOfWeek + 7) % 7;
            day = today.AddDays(ahead == 0 ? 7 : ahead);
        }
        else if (DateTime.TryParseExact(Ordinal().Replace(words, "$1"), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            var date = DateOnly.FromDateTime(parsed);
            // "4 Dec" without a year is the next 4 December.
            if (!Year().IsMatch(words) && date < today) date = date.AddYears(1);
            day = date;
        }
        if (day is not { } back || back <= today) return null;
        var midnight = back.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    /// <summary>How the day is shown back: "Fri 4 Dec" (with the year when it is not this year's).</summary>
    public static string Show(DateTimeOffset until, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(until, zone);
        var format = local.Year == TimeZoneInfo.ConvertTime(now, zone).Year ? "ddd d MMM" : "ddd d MMM yyyy";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }

    private static DayOfWeek? Weekday(string word)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (word == name || (word.Length >= 3 && name.StartsWith(word, StringComparison.Ordinal))) return day;
        }
        return null;
    }

    [GeneratedRegex(@"^(until|till|til|to|on)\s+")]
    private static partial Regex Lead();

    [GeneratedRegex(@"\d{4}")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(\d{1,2})(st|nd|rd|th)\b")]
    private static partial Regex Ordinal();
}

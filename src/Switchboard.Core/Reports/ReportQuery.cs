using System.Globalization;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Reports;

/// <summary>Which days (UTC, inclusive) and teams a report covers; no teams means every team.</summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, IReadOnlyList<string> Teams)
{
    /// <summary>The longest period a report covers.</summary>
    public const int MaxDays = 366;

    /// <summary>The period when none is given: four weeks ending today.</summary>
    public const int DefaultDays = 28;

    /// <summary>
    /// The query for the given texts (absent ones take the defaults: <see cref="DefaultDays"/> ending
    /// <paramref name="today"/>), or the reason it is not valid: a date that is not yyyy-MM-dd, <c>from</c> after
    /// <c>to</c>, a period longer than <see cref="MaxDays"/> days, a team that is not configured.
    /// </summary>
    public static (ReportQuery? Query, string? Error) Parse(string? from, string? to, IReadOnlyList<string> teams, DateOnly today, TeamDirectory directory)
    {
        if (!TryDate(to, today, out var last)) return (null, $"'to' must be a date written yyyy-MM-dd, such as {today:yyyy-MM-dd}.");
        if (!TryDate(from, last.AddDays(1 - DefaultDays), out var first)) return (null, $"'from' must be a date written yyyy-MM-dd, such as {today:yyyy-MM-dd}.");
        if (first > last) return (null, $"'from' ({first:yyyy-MM-dd}) is after 'to' ({last:yyyy-MM-dd}).");
        if (last.DayNumber - first.DayNumber + 1 > MaxDays) return (null, $"The period is longer than {MaxDays} days; ask for a shorter one.");
        var chosen = new List<string>();
        foreach (var id in teams.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()))
        {
            if (directory.Find(id) is not { } team)
                return (null, $"There is no service team '{id}'. Teams: {string.Join(", ", directory.All.Select(t => t.Id).Order(StringComparer.Ordinal))}.");
            if (!chosen.Contains(team.Id, StringComparer.Ordinal)) chosen.Add(team.Id);
        }
        return (new ReportQuery(first, last, chosen), null);
    }

    /// <summary>The period as the reports show it.</summary>
    public ReportPeriod Period => new(From, To);

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            date = fallback;
            return true;
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}

using System.Globalization;

namespace Switchboard.Core.Service;

/// <summary>
/// One stretch of working hours within a day, as wall-clock times in the calendar's time zone:
/// <see cref="Start"/> inclusive, <see cref="End"/> exclusive, both between 00:00 and 24:00.
/// </summary>
/// <param name="Start">When work starts, from local midnight (09:00 is nine hours).</param>
/// <param name="End">When work stops, from local midnight; 24:00 (a whole day) ends at the next midnight.</param>
public readonly record struct WorkingPeriod(TimeSpan Start, TimeSpan End)
{
    /// <summary>The whole day, 00:00–24:00.</summary>
    public static WorkingPeriod WholeDay { get; } = new(TimeSpan.Zero, TimeSpan.FromHours(24));

    /// <summary>How long the period is on a day without a clock change.</summary>
    public TimeSpan Length => End - Start;

    /// <inheritdoc />
    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    /// <summary>
    /// Reads working hours as people write them: <c>09:00-17:30</c>, or split hours separated by commas
    /// (<c>09:00-12:00, 13:00-17:00</c>). A dash or an en dash separates start and end; <c>24:00</c> may end
    /// a period. Periods must be in order and must not overlap; a period crossing midnight is written as
    /// two days' periods (<c>22:00-24:00</c> and <c>00:00-06:00</c>).
    /// </summary>
    /// <param name="text">The hours.</param>
    /// <param name="periods">The periods, in order, when the text is valid.</param>
    /// <param name="problem">What is wrong, in words an operator can act on, when it is not.</param>
    /// <returns>True when <paramref name="text"/> is valid.</returns>
    public static bool TryParseList(string? text, out IReadOnlyList<WorkingPeriod> periods, out string? problem)
    {
        periods = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no hours given; write them as 09:00-17:30 (or 09:00-12:00, 13:00-17:00).";
            return false;
        }
        var parsed = new List<WorkingPeriod>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
            if (bounds.Length != 2 || ParseTime(bounds[0]) is not { } start || ParseTime(bounds[1]) is not { } end)
            {
                problem = $"\"{part}\" is not a period of hours; write it as 09:00-17:30.";
                return false;
            }
            if (start >= TimeSpan.FromHours(24))
            {
                problem = $"\"{part}\" starts at 24:00; a day's hours start before midnight.";
                return false;
            }
            if (end <= start)
            {
                problem = $"\"{part}\" ends before it starts; write a period crossing midnight as two days' hours (22:00-24:00 and 00:00-06:00).";
                return false;
            }
            if (parsed.Count > 0 && start < parsed[^1].End)
            {
                problem = $"\"{part}\" overlaps or comes before {parsed[^1]}; list periods in order without overlap.";
                return false;
            }
            parsed.Add(new WorkingPeriod(start, end));
        }
        periods = parsed;
        problem = null;
        return true;
    }

    private static TimeSpan? ParseTime(string text)
    {
        if (text is "24:00") return TimeSpan.FromHours(24);
        return TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : null;
    }

    private static string Format(TimeSpan time) => $"{(int)time.TotalHours:00}:{time.Minutes:00}";
}

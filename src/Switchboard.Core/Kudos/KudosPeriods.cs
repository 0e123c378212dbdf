using System.Globalization;
using Switchboard.Core.Service;

namespace Switchboard.Core.Kudos;

/// <summary>One allowance period of one person: from its start to the next reset, in their time zone.</summary>
/// <param name="Key">Names the period in storage: its first local day (<c>2025-03-03</c>), unique per period length.</param>
/// <param name="Start">When it began.</param>
/// <param name="End">When the allowance resets.</param>
/// <param name="Zone">The time zone it is counted in.</param>
public sealed record KudosWindow(string Key, DateTimeOffset Start, DateTimeOffset End, TimeZoneInfo Zone)
{
    /// <summary>The reset as the person reads it: "Monday 3 March at 09:00 (Europe/Berlin)".</summary>
    public string DescribeEnd()
    {
        var local = LocalTimes.WallClock(Zone, End);
        return $"{local.ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture)} ({Zone.Id})";
    }
}

/// <summary>Allowance periods, reset at a local time in the giver's time zone, across clock changes.</summary>
public static class KudosPeriods
{
    /// <summary>The period of length <paramref name="period"/>, reset at <paramref name="resetAt"/> in <paramref name="zone"/>, holding <paramref name="now"/>.</summary>
    public static KudosWindow At(KudosPeriod period, TimeOnly resetAt, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(LocalTimes.WallClock(zone, now));
        var first = FirstDay(period, today);
        var start = Instant(zone, first, resetAt);
        // Before today's reset time the period that started on the previous first day is still running.
        if (start > now)
        {
            first = FirstDay(period, Previous(period, first));
            start = Instant(zone, first, resetAt);
        }
        var end = Instant(zone, Next(period, first), resetAt);
        return new KudosWindow($"{period.ToString().ToLowerInvariant()}:{first:yyyy-MM-dd}", start, end, zone);
    }

    /// <summary>The zone with IANA or Windows id <paramref name="id"/>, or UTC when it is missing or unknown.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private static DateOnly FirstDay(KudosPeriod period, DateOnly day) => period switch
    {
        KudosPeriod.Day => day,
        KudosPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        KudosPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    private static DateOnly Previous(KudosPeriod period, DateOnly first) => period switch
    {
        KudosPeriod.Day => first.AddDays(-1),
        KudosPeriod.Week => first.AddDays(-7),
        _ => first.AddMonths(-1),
    };

    private static DateOnly Next(KudosPeriod period, DateOnly first) => period switch
    {
        KudosPeriod.Day => first.AddDays(1),
        KudosPeriod.Week => first.AddDays(7),
        _ => first.AddMonths(1),
    };

    private static DateTimeOffset Instant(TimeZoneInfo zone, DateOnly day, TimeOnly at) =>
        LocalTimes.ToInstant(zone, day.ToDateTime(at));
}

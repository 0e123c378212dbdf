namespace Switchboard.Core.Service;

/// <summary>Which instant a wall-clock time stands for when a clock change makes it occur twice.</summary>
public enum RepeatedTime
{
    /// <summary>The first occurrence (before the clock goes back).</summary>
    Earlier,
    /// <summary>The second occurrence (after the clock goes back).</summary>
    Later,
}

/// <summary>Wall-clock times in a time zone turned into instants, across clock changes.</summary>
public static class LocalTimes
{
    /// <summary>
    /// The instant (UTC) at which the clock in <paramref name="zone"/> shows <paramref name="local"/>. A time the clock
    /// skips (spring forward) stands for the first instant after the gap; one it shows twice (fall back) for the
    /// occurrence <paramref name="repeated"/> picks.
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local, RepeatedTime repeated = RepeatedTime.Earlier)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return FirstInstantShowing(zone, local);
        var offset = zone.IsAmbiguousTime(local)
            // The earlier occurrence has the larger offset (summer time, before the clock goes back).
            ? repeated == RepeatedTime.Earlier ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetAmbiguousTimeOffsets(local).Min()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The wall-clock time in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static DateTime WallClock(TimeZoneInfo zone, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>
    /// For a local time skipped by a clock change: the first instant the clock shows a later time (the end of
    /// the gap). Found by bisection on whole seconds near the time, since transitions fall on whole seconds.
    /// </summary>
    private static DateTimeOffset FirstInstantShowing(TimeZoneInfo zone, DateTime local)
    {
        var guess = new DateTimeOffset(local, TimeSpan.Zero);
        var low = guess.AddHours(-18).ToUnixTimeSeconds();
        var high = guess.AddHours(18).ToUnixTimeSeconds();
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (WallClock(zone, DateTimeOffset.FromUnixTimeSeconds(middle)) >= local) high = middle;
            else low = middle + 1;
        }
        return DateTimeOffset.FromUnixTimeSeconds(low);
    }
}

namespace Switchboard.Core.Service;

/// <summary>A stretch of business time: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), in UTC.</summary>
/// <param name="Start">The first instant of business time.</param>
/// <param name="End">The first instant after it; <see cref="DateTimeOffset.MaxValue"/> when it never ends (a 24/7 calendar).</param>
public readonly record struct BusinessInterval(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>How much business time the interval holds.</summary>
    public TimeSpan Length => End - Start;
}

/// <summary>
/// When a service team works: a time zone, the working hours of each day of the week, and holidays. Answers
/// business-time arithmetic (when is 4 business hours after this instant, how much business time lies between
/// two instants) in real elapsed time, across weekends, holidays and clock changes.
/// </summary>
/// <remarks>
/// Business time is every instant whose local date is a working day that is no holiday and whose local
/// wall-clock time falls within one of that day's <see cref="WorkingPeriod"/>s. Where a clock change touches
/// a boundary, a local time that does not exist (spring forward) stands for the first instant after the gap,
/// and a local time that occurs twice (fall back) opens a period at its first occurrence and closes it at its
/// second: people work the hours the clock shows, so a day with a repeated hour inside the working hours holds
/// one hour more and a day with a skipped one an hour less. Pure: no clock, no I/O.
/// </remarks>
public sealed class BusinessCalendar
{
    // A calendar with business time at all has some within this span; beyond it the configuration is wrong
    // (every day a holiday), and searching on would never end.
    private const int MaxDaysWithoutBusinessTime = 3660;

    private readonly IReadOnlyList<WorkingPeriod>[] _hours = new IReadOnlyList<WorkingPeriod>[7];
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>Creates a calendar.</summary>
    /// <param name="timeZone">The time zone the hours and holidays are in.</param>
    /// <param name="hours">Working periods per day of the week; a day not listed (or listed without periods) is not worked.</param>
    /// <param name="holidays">Dates (in <paramref name="timeZone"/>) not worked whatever the day of the week.</param>
    /// <exception cref="ArgumentException">A day's periods are out of order, overlap, or leave 00:00–24:00; or no day has any.</exception>
    public BusinessCalendar(TimeZoneInfo timeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> hours, IEnumerable<DateOnly>? holidays = null)
    {
        TimeZone = timeZone;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var periods = hours.TryGetValue(day, out var listed) ? listed : [];
            for (var i = 0; i < periods.Count; i++)
            {
                var p = periods[i];
                if (p.Start < TimeSpan.Zero || p.End > TimeSpan.FromHours(24) || p.End <= p.Start || (i > 0 && p.Start < periods[i - 1].End))
                    throw new ArgumentException($"The working hours of {day} ({string.Join(", ", periods)}) must be in order, not overlap, and lie within 00:00-24:00.", nameof(hours));
            }
            _hours[(int)day] = [.. periods];
        }
        if (_hours.All(p => p.Count == 0))
            throw new ArgumentException("A business calendar needs working hours on at least one day.", nameof(hours));
        _holidays = [.. holidays ?? []];
        IsAlwaysOpen = _holidays.Count == 0 && _hours.All(p => p is [var only] && only == WorkingPeriod.WholeDay);
    }

    /// <summary>Open every hour of every day, in UTC: business time is elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = Weekly(TimeZoneInfo.Utc, Enum.GetValues<DayOfWeek>(), [WorkingPeriod.WholeDay]);

    /// <summary>The same <paramref name="hours"/> on each of <paramref name="days"/> (Mon–Fri 09:00–17:30, say).</summary>
    public static BusinessCalendar Weekly(TimeZoneInfo timeZone, IEnumerable<DayOfWeek> days, IReadOnlyList<WorkingPeriod> hours, IEnumerable<DateOnly>? holidays = null) =>
        new(timeZone, days.Distinct().ToDictionary(d => d, _ => hours), holidays);

    /// <summary>The time zone of the hours and holidays.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>True when every instant is business time (24/7, no holidays): business time is elapsed time.</summary>
    public bool IsAlwaysOpen { get; }

    /// <summary>The working periods on a local date: none on holidays and days not worked.</summary>
    public IReadOnlyList<WorkingPeriod> HoursOn(DateOnly date) => _holidays.Contains(date) ? [] : _hours[(int)date.DayOfWeek];

    /// <summary>True when <paramref name="instant"/> is business time.</summary>
    public bool IsBusinessTime(DateTimeOffset instant) => IntervalsFrom(instant).First().Start == instant.ToUniversalTime();

    /// <summary><paramref name="instant"/> itself when it is business time, else the next instant that is (in UTC).</summary>
    public DateTimeOffset NextBusinessInstant(DateTimeOffset instant) => IntervalsFrom(instant).First().Start;

    /// <summary>
    /// The instant (in UTC) at which <paramref name="businessTime"/> of business time has passed since
    /// <paramref name="start"/>. A duration that ends exactly when a working period ends is due at that end
    /// (Friday 17:30, not Monday 09:00); zero is <paramref name="start"/> itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessTime"/> is negative.</exception>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, TimeSpan.Zero);
        if (businessTime == TimeSpan.Zero) return start.ToUniversalTime();
        var remaining = businessTime;
        foreach (var interval in IntervalsFrom(start))
        {
            if (remaining <= interval.Length) return interval.Start + remaining;
            remaining -= interval.Length;
        }
        throw new InvalidOperationException("Business intervals never end.");
    }

    /// <summary>The business time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        if (IsAlwaysOpen) return to - from;
        var total = TimeSpan.Zero;
        foreach (var interval in IntervalsFrom(from))
        {
            if (interval.Start >= to) break;
            total += (interval.End < to ? interval.End : to) - interval.Start;
        }
        return total;
    }

    /// <summary>
    /// The stretches of business time from <paramref name="from"/> on, in order and without overlap, in UTC;
    /// the first starts no earlier than <paramref name="from"/>. One stretch per working period, so two may
    /// touch (22:00-24:00 and the next day's 00:00-06:00). Endless: take what you need.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no business time for ten years (every day a holiday).</exception>
    public IEnumerable<BusinessInterval> IntervalsFrom(DateTimeOffset from)
    {
        from = from.ToUniversalTime();
        if (IsAlwaysOpen)
        {
            yield return new BusinessInterval(from, DateTimeOffset.MaxValue);
            yield break;
        }

        // The day before too: a period ending at 24:00 on a fall-back night can close after the local date changed.
        var day = DateOnly.FromDateTime(LocalTimes.WallClock(TimeZone, from)).AddDays(-1);
        var covered = from;
        for (var idle = 0; idle <= MaxDaysWithoutBusinessTime; day = day.AddDays(1))
        {
            var found = false;
            foreach (var period in HoursOn(day))
            {
                // Starting where the last one ended: a period closing at 24:00 on a fall-back night (its second
                // midnight) overlaps the next day's opening at 00:00 (its first), and no instant counts twice.
                var start = ToInstant(day, period.Start, Boundary.Opens);
                var end = ToInstant(day, period.End, Boundary.Closes);
                if (start < covered) start = covered;
                if (end <= start) continue;
                found = true;
                covered = end;
                yield return new BusinessInterval(start, end);
            }
            idle = found ? 0 : idle + 1;
        }
        throw new InvalidOperationException($"The calendar has no business time within {MaxDaysWithoutBusinessTime} days of {from:O}.");
    }

    private enum Boundary { Opens, Closes }

    /// <summary>The instant (UTC) at which the local wall clock on <paramref name="day"/> shows <paramref name="time"/>.</summary>
    private DateTimeOffset ToInstant(DateOnly day, TimeSpan time, Boundary boundary) =>
        LocalTimes.ToInstant(TimeZone, day.ToDateTime(TimeOnly.MinValue) + time, boundary == Boundary.Opens ? RepeatedTime.Earlier : RepeatedTime.Later);
}

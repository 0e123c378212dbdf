using Switchboard.Core.Service;

namespace Switchboard.Core.Tests.Service;

public sealed class BusinessCalendarTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    // Mon–Fri 09:00–17:30 in London, Christmas Day and the Boxing Day substitute (Mon 28 Dec 2026) off.
    private static readonly BusinessCalendar London = BusinessCalendar.Weekly(Zone("Europe/London"), Weekdays, Hours("09:00-17:30"),
        [new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 28)]);

    private static readonly BusinessCalendar NewYork = BusinessCalendar.Weekly(Zone("America/New_York"), Weekdays, Hours("09:00-17:00"));
    private static readonly BusinessCalendar Kolkata = BusinessCalendar.Weekly(Zone("Asia/Kolkata"), Weekdays, Hours("09:30-18:00"));
    private static readonly BusinessCalendar Auckland = BusinessCalendar.Weekly(Zone("Pacific/Auckland"), Weekdays, Hours("08:30-17:00"));

    [Theory]
    // Within one day.
    [InlineData("2026-11-23T10:00:00+00:00", "04:00:00", "2026-11-23T14:00:00+00:00")]
    // Runs out at closing time exactly: due then, not at the next opening.
    [InlineData("2026-11-27T13:30:00+00:00", "04:00:00", "2026-11-27T17:30:00+00:00")]
    // Friday afternoon over the weekend: 1.5 h on Friday, 2.5 h on Monday.
    [InlineData("2026-11-27T16:00:00+00:00", "04:00:00", "2026-11-30T11:30:00+00:00")]
    // Filed on a Saturday: the clock starts on Monday morning.
    [InlineData("2026-11-28T12:00:00+00:00", "01:00:00", "2026-11-30T10:00:00+00:00")]
    // Before opening and after closing.
    [InlineData("2026-11-23T07:00:00+00:00", "01:00:00", "2026-11-23T10:00:00+00:00")]
    [InlineData("2026-11-23T19:00:00+00:00", "01:00:00", "2026-11-24T10:00:00+00:00")]
    // Christmas Eve 17:00 + 1 h: half an hour on Thursday, then Fri 25 and Mon 28 are holidays.
    [InlineData("2026-12-24T17:00:00+00:00", "01:00:00", "2026-12-29T09:30:00+00:00")]
    // Three business days of 8.5 h from Monday 09:00.
    [InlineData("2026-11-23T09:00:00+00:00", "1.01:30:00", "2026-11-25T17:30:00+00:00")]
    // Summer time (BST, +01:00): the hours are London's wall clock, 08:00–16:30 UTC.
    [InlineData("2026-07-06T07:00:00+00:00", "01:00:00", "2026-07-06T09:00:00+00:00")]
    // An instant given in another offset is the same instant.
    [InlineData("2026-11-23T11:00:00+01:00", "01:00:00", "2026-11-23T11:00:00+00:00")]
    public void Add_OnLondonWeekdays_SkipsNightsWeekendsAndHolidays(string start, string duration, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), London.Add(DateTimeOffset.Parse(start), TimeSpan.Parse(duration)));
    }

    [Fact]
    public void Add_ReturnsUtcInstants()
    {
        Assert.Equal(TimeSpan.Zero, London.Add(DateTimeOffset.Parse("2026-07-06T10:00:00+02:00"), TimeSpan.FromHours(1)).Offset);
    }

    [Fact]
    public void Add_Zero_IsTheStartEvenOutsideHours()
    {
        var saturday = DateTimeOffset.Parse("2026-11-28T12:00:00+00:00");

        Assert.Equal(saturday, London.Add(saturday, TimeSpan.Zero));
    }

    [Fact]
    public void Add_NegativeDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => London.Add(DateTimeOffset.Parse("2026-11-23T10:00:00+00:00"), TimeSpan.FromHours(-1)));
    }

    [Theory]
    [InlineData("2026-11-27T17:00:00+00:00", "2026-11-30T10:00:00+00:00", "01:30:00")]
    [InlineData("2026-11-28T00:00:00+00:00", "2026-11-29T23:59:00+00:00", "00:00:00")]
    [InlineData("2026-11-23T08:00:00+00:00", "2026-11-23T18:00:00+00:00", "08:30:00")]
    [InlineData("2026-12-24T00:00:00+00:00", "2026-12-29T00:00:00+00:00", "08:30:00")]
    [InlineData("2026-11-23T12:00:00+00:00", "2026-11-23T12:00:00+00:00", "00:00:00")]
    // Backwards is no time at all.
    [InlineData("2026-11-24T12:00:00+00:00", "2026-11-23T12:00:00+00:00", "00:00:00")]
    public void BusinessTimeBetween_OnLondonWeekdays_CountsOnlyWorkingHours(string from, string to, string expected)
    {
        Assert.Equal(TimeSpan.Parse(expected), London.BusinessTimeBetween(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)));
    }

    [Theory]
    [InlineData("2026-11-23T09:00:00+00:00", true)]
    [InlineData("2026-11-23T08:59:59+00:00", false)]
    [InlineData("2026-11-23T17:29:59+00:00", true)]
    [InlineData("2026-11-23T17:30:00+00:00", false)]
    [InlineData("2026-11-28T12:00:00+00:00", false)]
    [InlineData("2026-12-25T12:00:00+00:00", false)]
    public void IsBusinessTime_OpensInclusiveAndClosesExclusive(string instant, bool expected)
    {
        Assert.Equal(expected, London.IsBusinessTime(DateTimeOffset.Parse(instant)));
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00+00:00")]
    [InlineData("2026-11-23T17:30:00+00:00", "2026-11-24T09:00:00+00:00")]
    [InlineData("2026-11-27T20:00:00+00:00", "2026-11-30T09:00:00+00:00")]
    [InlineData("2026-12-24T18:00:00+00:00", "2026-12-29T09:00:00+00:00")]
    public void NextBusinessInstant_IsTheInstantItselfOrTheNextOpening(string instant, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), London.NextBusinessInstant(DateTimeOffset.Parse(instant)));
    }

    [Fact]
    public void SplitHours_LunchIsNotBusinessTime()
    {
        var calendar = BusinessCalendar.Weekly(Zone("Europe/London"), Weekdays, Hours("09:00-12:00, 13:00-17:00"));
        var monday11 = DateTimeOffset.Parse("2026-11-23T11:00:00+00:00");

        Assert.Equal(DateTimeOffset.Parse("2026-11-23T14:00:00+00:00"), calendar.Add(monday11, TimeSpan.FromHours(2)));
        Assert.False(calendar.IsBusinessTime(DateTimeOffset.Parse("2026-11-23T12:30:00+00:00")));
        Assert.Equal(TimeSpan.FromHours(7), calendar.BusinessTimeBetween(monday11.AddHours(-11), monday11.AddHours(13)));
    }

    [Fact]
    public void NightShift_AcrossMidnight_RunsOnIntoTheNextDay()
    {
        // Monday night 22:00 to Tuesday 06:00, written as each day's part.
        var calendar = new BusinessCalendar(Zone("Europe/London"), new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
        {
            [DayOfWeek.Monday] = Hours("22:00-24:00"),
            [DayOfWeek.Tuesday] = Hours("00:00-06:00"),
        });
        var monday23 = DateTimeOffset.Parse("2026-11-23T23:00:00+00:00");

        Assert.Equal(DateTimeOffset.Parse("2026-11-24T01:00:00+00:00"), calendar.Add(monday23, TimeSpan.FromHours(2)));
        // Seven hours left this week; the eighth is next Monday night.
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T22:30:00+00:00"), calendar.Add(monday23, TimeSpan.FromHours(7.5)));
        Assert.True(calendar.IsBusinessTime(DateTimeOffset.Parse("2026-11-24T00:00:00+00:00")));
    }

    [Fact]
    public void NewYork_FridayBeforeSpringForward_MondayIsOnDaylightTime()
    {
        // Fri 16:00 EST + 2 h: one hour on Friday, the second from Monday 09:00 EDT (13:00Z).
        Assert.Equal(DateTimeOffset.Parse("2026-03-09T10:00:00-04:00"),
            NewYork.Add(DateTimeOffset.Parse("2026-03-06T16:00:00-05:00"), TimeSpan.FromHours(2)));
        // And back in November: Fri 16:00 EDT + 2 h is Mon 10:00 EST.
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T10:00:00-05:00"),
            NewYork.Add(DateTimeOffset.Parse("2026-10-30T16:00:00-04:00"), TimeSpan.FromHours(2)));
    }

    [Theory]
    // Saturday noon to Sunday noon in Berlin: 23 real hours when the clocks go forward, 25 when they go back.
    [InlineData("2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00", "23:00:00")]
    [InlineData("2026-10-24T12:00:00+02:00", "2026-10-25T12:00:00+01:00", "1.01:00:00")]
    public void AroundTheClock_InBerlin_CountsRealElapsedTimeAcrossClockChanges(string from, string to, string expected)
    {
        var calendar = BerlinEveryDay(Hours("00:00-24:00"));

        Assert.False(calendar.IsAlwaysOpen);
        Assert.Equal(TimeSpan.Parse(expected), calendar.BusinessTimeBetween(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)));
    }

    [Theory]
    // 01:00–05:00 holds four hours on an ordinary day, three when 02:00–03:00 is skipped, five when it repeats.
    [InlineData("01:00-05:00", "2026-03-22", "04:00:00")]
    [InlineData("01:00-05:00", "2026-03-29", "03:00:00")]
    [InlineData("01:00-05:00", "2026-10-25", "05:00:00")]
    // Opening inside the skipped hour: the period opens when the clock jumps to 03:00.
    [InlineData("02:30-06:00", "2026-03-29", "03:00:00")]
    // Opening inside the repeated hour: at its first 02:30.
    [InlineData("02:30-06:00", "2026-10-25", "04:30:00")]
    // Closing inside the repeated hour: at its second 02:30.
    [InlineData("00:00-02:30", "2026-10-25", "03:30:00")]
    // Closing inside the skipped hour: when the clock jumps to 03:00.
    [InlineData("00:00-02:30", "2026-03-29", "02:00:00")]
    public void WorkingHoursTouchingAClockChange_HoldTheHoursTheClockShows(string hours, string date, string expected)
    {
        var calendar = BerlinEveryDay(Hours(hours));
        var day = DateOnly.Parse(date);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-3);

        Assert.Equal(TimeSpan.Parse(expected), calendar.BusinessTimeBetween(from, from.AddHours(24)));
    }

    [Fact]
    public void OpeningInsideTheSkippedHour_OpensWhenTheClockJumps()
    {
        var calendar = BerlinEveryDay(Hours("02:30-06:00"));

        Assert.Equal(DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), calendar.NextBusinessInstant(DateTimeOffset.Parse("2026-03-29T00:00:00+01:00")));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T02:30:00+02:00"), calendar.NextBusinessInstant(DateTimeOffset.Parse("2026-10-25T00:00:00+02:00")));
    }

    [Fact]
    public void Kolkata_HalfHourOffset_HoursAreIndianWallClock()
    {
        // 08:30 IST is 03:00Z: the day opens at 09:30 IST, 04:00Z, and closes at 18:00 IST, 12:30Z.
        var monday0830 = DateTimeOffset.Parse("2026-11-23T03:00:00+00:00");

        Assert.Equal(DateTimeOffset.Parse("2026-11-23T04:00:00+00:00"), Kolkata.NextBusinessInstant(monday0830));
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T12:30:00+00:00"), Kolkata.Add(monday0830, TimeSpan.FromHours(8.5)));
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T04:30:00+00:00"), Kolkata.Add(monday0830, TimeSpan.FromHours(9)));
    }

    [Fact]
    public void Auckland_MondayMorningIsStillSundayInUtc()
    {
        // Sunday 20:00Z is Monday 09:00 NZDT (+13:00).
        var sundayUtc = DateTimeOffset.Parse("2026-11-22T20:00:00+00:00");

        Assert.True(Auckland.IsBusinessTime(sundayUtc));
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T17:00:00+13:00"), Auckland.Add(sundayUtc, TimeSpan.FromHours(8)));
        // Friday 17:00 NZDT + 30 min is Monday 09:00 NZDT.
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T09:00:00+13:00"), Auckland.Add(DateTimeOffset.Parse("2026-11-27T16:30:00+13:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Auckland_WeekendOfTheSpringClockChange_MondayIsOnDaylightTime()
    {
        // Clocks go forward on Sunday 27 Sep 2026: Friday 16:00 NZST (+12) + 2 h is Monday 09:30 NZDT (+13).
        Assert.Equal(DateTimeOffset.Parse("2026-09-28T09:30:00+13:00"),
            Auckland.Add(DateTimeOffset.Parse("2026-09-25T16:00:00+12:00"), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void AlwaysOpen_BusinessTimeIsElapsedTime()
    {
        var start = DateTimeOffset.Parse("2026-11-28T23:30:00+00:00");

        Assert.True(BusinessCalendar.AlwaysOpen.IsAlwaysOpen);
        Assert.Equal(start.AddMinutes(1), BusinessCalendar.AlwaysOpen.Add(start, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromDays(10), BusinessCalendar.AlwaysOpen.BusinessTimeBetween(start, start.AddDays(10)));
        Assert.True(BusinessCalendar.AlwaysOpen.IsBusinessTime(start));
    }

    [Fact]
    public void AroundTheClockWithAHoliday_SkipsOnlyTheHoliday()
    {
        var calendar = BusinessCalendar.Weekly(Zone("Europe/London"), Enum.GetValues<DayOfWeek>(), Hours("00:00-24:00"), [new DateOnly(2026, 12, 25)]);

        Assert.False(calendar.IsAlwaysOpen);
        Assert.Equal(DateTimeOffset.Parse("2026-12-26T01:00:00+00:00"), calendar.Add(DateTimeOffset.Parse("2026-12-24T23:00:00+00:00"), TimeSpan.FromHours(2)));
        // Days that touch count as one stretch of time: 48 h from Saturday noon is Monday noon.
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T12:00:00+00:00"), calendar.Add(DateTimeOffset.Parse("2026-11-28T12:00:00+00:00"), TimeSpan.FromHours(48)));
    }

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Pacific/Auckland")]
    public void AddThenBusinessTimeBetween_GivesTheDurationBack_ThroughAYearOfClockChanges(string zone)
    {
        var calendar = BusinessCalendar.Weekly(Zone(zone), Weekdays, Hours("08:00-12:00, 12:30-18:00"), [new DateOnly(2026, 12, 25)]);
        var random = new Random(20261123);
        for (var i = 0; i < 300; i++)
        {
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 365 * 24 * 60));
            var duration = TimeSpan.FromMinutes(random.Next(1, 60 * 60));

            var due = calendar.Add(start, duration);

            Assert.Equal(duration, calendar.BusinessTimeBetween(start, due));
            Assert.True(calendar.IsBusinessTime(due.AddTicks(-1)), $"{start:O} + {duration} = {due:O} ends in business time");
        }
    }

    [Fact]
    public void ACalendarWithNoBusinessTimeForTenYears_SaysSoInsteadOfSearchingForever()
    {
        var mondays = Enumerable.Range(0, 600).Select(w => new DateOnly(2026, 11, 23).AddDays(7 * w)).ToList();
        var calendar = BusinessCalendar.Weekly(Zone("Europe/London"), [DayOfWeek.Monday], Hours("09:00-17:00"), mondays);

        Assert.Throws<InvalidOperationException>(() => calendar.NextBusinessInstant(DateTimeOffset.Parse("2026-11-23T00:00:00+00:00")));
    }

    [Fact]
    public void Constructor_WithoutAnyWorkingHours_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar(TimeZoneInfo.Utc, new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>()));
    }

    [Fact]
    public void HoursOn_AHolidayOrWeekend_IsEmpty()
    {
        Assert.Empty(London.HoursOn(new DateOnly(2026, 12, 25)));
        Assert.Empty(London.HoursOn(new DateOnly(2026, 11, 28)));
        Assert.Equal(Hours("09:00-17:30"), London.HoursOn(new DateOnly(2026, 11, 23)));
    }

    private static BusinessCalendar BerlinEveryDay(IReadOnlyList<WorkingPeriod> hours) =>
        // A holiday far away keeps the calendar from being "always open", so every day's hours are worked out.
        BusinessCalendar.Weekly(Zone("Europe/Berlin"), Enum.GetValues<DayOfWeek>(), hours, [new DateOnly(2040, 1, 1)]);

    internal static IReadOnlyList<WorkingPeriod> Hours(string text) =>
        WorkingPeriod.TryParseList(text, out var periods, out var problem) ? periods : throw new ArgumentException(problem);

    internal static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}

using Switchboard.Core.Kudos;

namespace Switchboard.Core.Tests.Kudos;

public sealed class KudosPeriodsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void At_WeekBeforeMondaysResetTime_IsStillLastWeek()
    {
        // Monday 23 November 2026, 07:30 in Berlin: the 09:00 reset hasn't happened yet.
        var window = KudosPeriods.At(KudosPeriod.Week, new TimeOnly(9, 0), Berlin, new DateTimeOffset(2026, 11, 23, 6, 30, 0, TimeSpan.Zero));

        Assert.Equal("week:2026-11-16", window.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), window.End);
        Assert.Equal("Monday 23 November at 09:00 (Europe/Berlin)", window.DescribeEnd());
    }

    [Fact]
    public void At_SameInstantInTwoZones_GivesEachTheirOwnLocalReset()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        var berlin = KudosPeriods.At(KudosPeriod.Week, new TimeOnly(9, 0), Berlin, now);
        var newYork = KudosPeriods.At(KudosPeriod.Week, new TimeOnly(9, 0), NewYork, now);

        Assert.Equal("week:2026-11-23", berlin.Key);
        Assert.Equal("week:2026-11-16", newYork.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), newYork.End);
    }

    [Fact]
    public void At_DayAcrossSpringForward_EndsAtTheLocalResetTime()
    {
        // Berlin moves its clocks forward on 29 March 2026: that day is 23 hours long.
        var window = KudosPeriods.At(KudosPeriod.Day, new TimeOnly(0, 0), Berlin, new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromHours(23), window.End - window.Start);
    }

    [Fact]
    public void At_Month_RunsFromTheFirstToTheFirst()
    {
        var window = KudosPeriods.At(KudosPeriod.Month, new TimeOnly(0, 0), TimeZoneInfo.Utc, new DateTimeOffset(2026, 2, 14, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("month:2026-02-01", window.Key);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), window.End);
    }

    [Fact]
    public void Zone_UnknownOrMissing_FallsBackToUtc()
    {
        Assert.Equal(TimeZoneInfo.Utc, KudosPeriods.Zone(null));
        Assert.Equal(TimeZoneInfo.Utc, KudosPeriods.Zone("Mars/Olympus_Mons"));
    }
}

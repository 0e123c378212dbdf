namespace Switchboard.Testing;

/// <summary>Where the tests' fake clocks (<c>new FakeTimeProvider(TestTime.Start)</c>) start.</summary>
public static class TestTime
{
    /// <summary>Monday 23 November 2026, 09:00 UTC: a working morning, so SLA and business-day rules start plainly.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
}

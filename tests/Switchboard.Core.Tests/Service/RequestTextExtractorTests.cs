using System.Globalization;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;

namespace Switchboard.Core.Tests.Service;

public sealed class RequestTextExtractorTests
{
    // Monday 23 November 2026, 10:00 in London.
    private const string Monday10 = "2026-11-23 10:00";

    [Theory]
    [InlineData("Need this by Friday", "by Friday", "2026-11-27 17:00")]
    [InlineData("Could you have it ready by Friday 3pm?", "by Friday 3pm", "2026-11-27 15:00")]
    [InlineData("by Friday at 15:30 please", "by Friday at 15:30", "2026-11-27 15:30")]
    [InlineData("by Fri", "by Fri", "2026-11-27 17:00")]
    [InlineData("due Friday", "due Friday", "2026-11-27 17:00")]
    [InlineData("I need it for Thursday's training", "for Thursday", "2026-11-26 17:00")]
    [InlineData("no later than Wednesday noon", "no later than Wednesday noon", "2026-11-25 12:00")]
    [InlineData("I present tomorrow 9am", "tomorrow 9am", "2026-11-24 09:00")]
    [InlineData("can you do it tomorrow at 9:30?", "tomorrow at 9:30", "2026-11-24 09:30")]
    [InlineData("by tomorrow morning", "by tomorrow morning", "2026-11-24 09:00")]
    [InlineData("needed by 3pm tomorrow", "by 3pm tomorrow", "2026-11-24 15:00")]
    [InlineData("the day after tomorrow is fine", "the day after tomorrow", "2026-11-25 17:00")]
    [InlineData("EOD please", "EOD", "2026-11-23 17:00")]
    [InlineData("EOD tomorrow", "EOD tomorrow", "2026-11-24 17:00")]
    [InlineData("by end of day", "by end of day", "2026-11-23 17:00")]
    [InlineData("by COB", "by COB", "2026-11-23 17:00")]
    [InlineData("by today", "by today", "2026-11-23 17:00")]
    [InlineData("by tonight", "by tonight", "2026-11-23 20:00")]
    [InlineData("by 3pm", "by 3pm", "2026-11-23 15:00")]
    [InlineData("before 9am", "before 9am", "2026-11-24 09:00")]
    [InlineData("by end of the week", "by end of the week", "2026-11-27 17:00")]
    [InlineData("before the weekend", "before the weekend", "2026-11-27 17:00")]
    [InlineData("by the end of the month", "by the end of the month", "2026-11-30 17:00")]
    [InlineData("We need it at the end of the month.", "the end of the month", "2026-11-30 17:00")]
    [InlineData("next Tuesday", "next Tuesday", "2026-12-01 17:00")]
    [InlineData("this Tuesday", "this Tuesday", "2026-11-24 17:00")]
    [InlineData("by Monday", "by Monday", "2026-11-23 17:00")]
    [InlineData("on 12 March", "on 12 March", "2027-03-12 17:00")]
    [InlineData("on March 12th", "on March 12th", "2027-03-12 17:00")]
    [InlineData("by 4 December", "by 4 December", "2026-12-04 17:00")]
    [InlineData("Dec 4 at 2pm", "Dec 4 at 2pm", "2026-12-04 14:00")]
    [InlineData("by the 15th", "by the 15th", "2026-12-15 17:00")]
    [InlineData("by the 30th", "by the 30th", "2026-11-30 17:00")]
    [InlineData("2026-12-15", "2026-12-15", "2026-12-15 17:00")]
    [InlineData("before 2026-12-15 10:00", "before 2026-12-15 10:00", "2026-12-15 10:00")]
    [InlineData("in two days", "in two days", "2026-11-25 10:00")]
    [InlineData("within 24 hours", "within 24 hours", "2026-11-24 10:00")]
    [InlineData("in 3 business days", "in 3 business days", "2026-11-26 10:00")]
    [InlineData("in a week", "in a week", "2026-11-30 10:00")]
    // Several: the earliest.
    [InlineData("next Tuesday at the latest, ideally by Friday", "by Friday", "2026-11-27 17:00")]
    public void DueDate_DeadlinePhrases_InLondonOnAMondayMorning(string text, string words, string expected)
    {
        AssertDue(text, "Europe/London", Monday10, words, expected);
    }

    [Theory]
    [InlineData("Friday's meeting notes are missing from the share")]
    [InlineData("My laptop broke on Monday")]
    [InlineData("It stopped working on 12 March")]
    [InlineData("Since Monday, the left one flickers")]
    [InlineData("March from accounts needs access to the drive")]
    [InlineData("These 2 may be related")]
    [InlineData("I need a second monitor")]
    [InlineData("I can't work today")]
    [InlineData("At the end of the day it is your call")]
    [InlineData("Every Friday the printer jams")]
    [InlineData("I'm on leave from 12 December")]
    [InlineData("We meet at 3pm")]
    [InlineData("Back in a minute")]
    [InlineData("Last Friday the VPN dropped")]
    [InlineData("The invoice from 2026-01-05 was paid twice")]
    [InlineData("On 20 November the badge stopped working")]
    [InlineData("Please reset my password")]
    [InlineData("Whenever I open Outlook it crashes")]
    [InlineData("It happened on sat and sun")]
    [InlineData("by 31 February")]
    public void DueDate_WordsThatAreNoDeadline_GiveNothing(string text)
    {
        Assert.Null(RequestTextExtractor.DueDate(text, Now("Europe/London", Monday10), Zone("Europe/London")));
    }

    [Theory]
    // The clocks go forward in Berlin on Sunday 29 March: her 9am that day is 07:00Z.
    [InlineData("Europe/Berlin", "2026-03-28 10:00", "tomorrow 9am", "2026-03-29 09:00")]
    [InlineData("Europe/Berlin", "2026-10-24 10:00", "tomorrow 9am", "2026-10-25 09:00")]
    // New York falls back on Sunday 1 November: Monday 17:00 is EST.
    [InlineData("America/New_York", "2026-10-31 10:00", "by Monday", "2026-11-02 17:00")]
    // Late evening in Kolkata is afternoon in UTC: tomorrow is her tomorrow.
    [InlineData("Asia/Kolkata", "2026-11-23 23:30", "tomorrow 9am", "2026-11-24 09:00")]
    [InlineData("Asia/Kolkata", "2026-11-23 23:30", "EOD tomorrow", "2026-11-24 17:00")]
    // Monday morning in Auckland is still Sunday in UTC.
    [InlineData("Pacific/Auckland", "2026-11-23 08:00", "EOD", "2026-11-23 17:00")]
    [InlineData("Pacific/Auckland", "2026-11-23 08:00", "by Friday", "2026-11-27 17:00")]
    [InlineData("Pacific/Auckland", "2026-11-23 08:00", "this Monday at 11am", "2026-11-23 11:00")]
    // Month and year ends.
    [InlineData("Europe/London", "2026-11-30 18:00", "end of the month", "2026-12-31 17:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "by Friday", "2027-01-01 17:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "next Tuesday", "2027-01-05 17:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "by 4 January", "2027-01-04 17:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "by the end of the year", "2026-12-31 17:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "in two days", "2027-01-02 10:00")]
    [InlineData("Europe/London", "2026-12-31 10:00", "by the 2nd", "2027-01-02 17:00")]
    // After hours and at the weekend.
    [InlineData("Europe/London", "2026-11-23 18:00", "EOD", "2026-11-23 23:59")]
    [InlineData("Europe/London", "2026-11-27 18:00", "by Friday", "2026-12-04 17:00")]
    [InlineData("Europe/London", "2026-11-27 18:00", "by end of the week", "2026-12-04 17:00")]
    [InlineData("Europe/London", "2026-11-28 10:00", "before the weekend", "2026-12-04 17:00")]
    [InlineData("Europe/London", "2026-11-29 10:00", "next Tuesday", "2026-12-01 17:00")]
    [InlineData("Europe/London", "2026-11-26 10:00", "next Tuesday", "2026-12-01 17:00")]
    public void DueDate_InTheRequestersTimeZone_AroundClockChangesAndMonthEnds(string zone, string now, string text, string expected)
    {
        AssertDue(text, zone, now, text, expected);
    }

    [Fact]
    public void DueDate_IsInTheRequestersOffset_SoCardsShowHerWallClock()
    {
        var due = RequestTextExtractor.DueDate("tomorrow 9am", Now("Europe/Berlin", "2026-03-28 10:00"), Zone("Europe/Berlin"))!;

        Assert.Equal(TimeSpan.FromHours(2), due.Value.Offset);
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T07:00:00Z", CultureInfo.InvariantCulture), due.Value);
    }

    [Fact]
    public void DueDate_ADateRecentlyPassed_IsAPastEventNotNextYearsDeadline()
    {
        Assert.Null(RequestTextExtractor.DueDate("on 12 March", Now("Europe/London", "2026-03-20 10:00"), Zone("Europe/London")));
    }

    [Theory]
    [InlineData("ASAP please", Priority.Urgent, "ASAP")]
    [InlineData("This is urgent", Priority.Urgent, "urgent")]
    [InlineData("Emergency: water everywhere", Priority.Urgent, "Emergency")]
    [InlineData("Can you fix this as soon as possible", Priority.Urgent, "as soon as possible")]
    [InlineData("production is down for everyone", Priority.Urgent, "production is down")]
    [InlineData("The server is down", Priority.Urgent, "server is down")]
    [InlineData("I'm blocked on the release", Priority.High, "blocked")]
    [InlineData("I can't work without it", Priority.High, "can't work")]
    [InlineData("I can’t work", Priority.High, "can’t work")]
    [InlineData("The printer is down", Priority.High, "is down")]
    [InlineData("My laptop was stolen", Priority.High, "stolen")]
    [InlineData("Whenever is fine", Priority.Low, "Whenever")]
    [InlineData("fix it whenever.", Priority.Low, "whenever")]
    [InlineData("No rush at all", Priority.Low, "No rush")]
    [InlineData("low priority: new mouse", Priority.Low, "low priority")]
    [InlineData("when you get a chance, could you look at this", Priority.Low, "when you get a chance")]
    [InlineData("This is not urgent", Priority.Low, "not urgent")]
    [InlineData("It isn't really urgent", Priority.Low, "isn't really urgent")]
    [InlineData("Not urgent, but I'm blocked", Priority.Low, "Not urgent")]
    public void Priority_FromTheWords(string text, Priority expected, string words)
    {
        var found = RequestTextExtractor.Priority(text);

        Assert.NotNull(found);
        Assert.Equal((expected, words), (found.Value, found.Text));
        Assert.Equal(words, text.Substring(found.Index, found.Length));
    }

    [Theory]
    [InlineData("Please reset my password")]
    [InlineData("Whenever I open Outlook it crashes")]
    [InlineData("Not everyone is affected")]
    [InlineData("I need to sit down with someone about my contract")]
    [InlineData("It crashes immediately after login")]
    public void Priority_WordsThatSayNothingAboutIt_GiveNothing(string text)
    {
        Assert.Null(RequestTextExtractor.Priority(text));
    }

    [Theory]
    [InlineData("My VPN drops every call. It started after the update, I can't work today.", Priority.High)]
    [InlineData("Please reset my password", Priority.Normal)]
    [InlineData("No rush, but the kitchen tap drips", Priority.Low)]
    public void GuessPriority_IsTheExtractedPriorityOrNormal(string text, Priority expected)
    {
        Assert.Equal(expected, RequestText.GuessPriority(text));
    }

    private static void AssertDue(string text, string zone, string now, string words, string expected)
    {
        var found = RequestTextExtractor.DueDate(text, Now(zone, now), Zone(zone));

        Assert.NotNull(found);
        Assert.Equal(words, found.Text);
        Assert.Equal(words, text.Substring(found.Index, found.Length));
        Assert.Equal(expected, found.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Assert.Equal(Zone(zone).GetUtcOffset(found.Value), found.Value.Offset);
    }

    private static DateTimeOffset Now(string zone, string local) =>
        LocalTimes.ToInstant(Zone(zone), DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}

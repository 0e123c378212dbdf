using System.Globalization;
using System.Text.RegularExpressions;
using Switchboard.Core.Service;

namespace Switchboard.Core.Requests;

/// <summary>Something read from a request's text, and where: <see cref="Text"/> is <c>text.Substring(Index, Length)</c>, for a card to show.</summary>
/// <typeparam name="T">What was read.</typeparam>
/// <param name="Value">What was read.</param>
/// <param name="Index">Where the words start.</param>
/// <param name="Length">How long they are.</param>
/// <param name="Text">The words, as written.</param>
public sealed record Extracted<T>(T Value, int Index, int Length, string Text);

/// <summary>
/// Reads how urgent a request is ("ASAP", "blocked", "no rush", "not urgent") and when it is needed ("by Friday",
/// "tomorrow 9am", "end of the month", "in two days") from what the requester wrote, in her time zone. Pure,
/// English only, and cautious: a phrase that might not be a deadline ("Friday's meeting notes", "it broke on
/// Monday", "since 12 March", "March" the name, "may" the verb, "second monitor") gives nothing.
/// </summary>
/// <remarks>
/// Rules for deadlines, where people are vague: a date without a time means 17:00 that day (the end of a working
/// day); "EOD" or "end of day" is 17:00 today, or 23:59 once that has passed; "end of the week" and "before the
/// weekend" are Friday 17:00; "this Friday" or "by Friday" is the coming Friday (today if 17:00 is still ahead);
/// "next Friday" is the Friday of next week (Monday to Sunday); "before Friday" is read as "by Friday"; a day
/// and month without a year is this year's, or next year's when this year's passed more than two months ago (a
/// date passed more recently is a past event, not a deadline); "in two days" counts from now. Morning is 09:00,
/// afternoon 13:00, evening 18:00, night and tonight 20:00, noon 12:00, midnight 23:59. Numeric dates other
/// than ISO (2026-12-15) are not read: 03/04 is March in one country and April in the next.
/// </remarks>
public static partial class RequestTextExtractor
{
    /// <summary>The time of day a deadline given as a date only means: the end of a working day.</summary>
    public static readonly TimeOnly EndOfWorkingDay = new(17, 0);

    private static readonly TimeOnly LastMinute = new(23, 59);

    /// <summary>The priority the words ask for, with the words; null when they say nothing about it.</summary>
    /// <remarks>Saying it can wait wins over everything ("not urgent, whenever you can"); else the most urgent cue.</remarks>
    public static Extracted<Priority>? Priority(string text)
    {
        Extracted<Priority>? best = null;
        foreach (var (pattern, priority) in PriorityCues)
        {
            foreach (Match match in pattern.Matches(text))
            {
                Extracted<Priority> found;
                if (Negation(text, match) is { } negation)
                {
                    // "not urgent", "isn't blocking anyone": said to be able to wait. "Not everyone", "not down": says nothing.
                    if (priority == Requests.Priority.Low || !UrgencyWord().IsMatch(match.Value)) continue;
                    found = new Extracted<Priority>(Requests.Priority.Low, negation, match.Index + match.Length - negation, text[negation..(match.Index + match.Length)]);
                }
                else
                {
                    found = new Extracted<Priority>(priority, match.Index, match.Length, match.Value);
                }
                if (best is null || Rank(found.Value) > Rank(best.Value) || (Rank(found.Value) == Rank(best.Value) && found.Index < best.Index))
                    best = found;
            }
        }
        return best;

        static int Rank(Priority p) => p == Requests.Priority.Low ? 10 : (int)p;
    }

    /// <summary>
    /// The deadline the words give, as an instant in <paramref name="zone"/>'s offset (her wall clock), with the
    /// words; null when they give none, or only one already past. The earliest of several.
    /// </summary>
    /// <param name="text">What the requester wrote.</param>
    /// <param name="now">When she wrote it.</param>
    /// <param name="zone">Her time zone: "tomorrow 9am" is her 9am.</param>
    public static Extracted<DateTimeOffset>? DueDate(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var wallClock = LocalTimes.WallClock(zone, now);
        var context = new Context(now, zone, DateOnly.FromDateTime(wallClock), wallClock);
        var found = new List<Extracted<DateTimeOffset>>();
        foreach (var (pattern, read) in DatePhrases)
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (RefersToThePast(text, match)) continue;
                if (read(match, context) is not { } local) continue;
                var instant = LocalTimes.ToInstant(zone, local);
                if (instant <= now) continue;
                found.Add(new Extracted<DateTimeOffset>(TimeZoneInfo.ConvertTime(instant, zone), match.Index, match.Length, match.Value));
            }
        }
        // A phrase inside a longer one ("tomorrow" in "3pm tomorrow") is that one's part, not a deadline of its own.
        return found
            .Where(f => !found.Any(o => o != f && o.Index <= f.Index && o.Index + o.Length >= f.Index + f.Length && o.Length > f.Length))
            .OrderBy(f => f.Value).ThenBy(f => f.Index)
            .FirstOrDefault();
    }

    private sealed record Context(DateTimeOffset Now, TimeZoneInfo Zone, DateOnly Today, DateTime LocalNow);

    // ---- priority ----

    private static readonly (Regex Pattern, Priority Priority)[] PriorityCues =
    [
        (LowCue(), Requests.Priority.Low),
        (UrgentCue(), Requests.Priority.Urgent),
        (HighCue(), Requests.Priority.High),
    ];

    [GeneratedRegex(@"\b(no rush|no hurry|not in a hurry|no urgency|low priority|not a priority|nice to have|not time[- ]sensitive|when(?:ever)? you (?:get|have|find) (?:a |the )?(?:chance|moment|minute|sec|second|time)|when you have time|when(?:ever)? you can|whenever(?=\s*(?:[.!,;)]|$|is (?:fine|ok|okay|good)|works|suits|convenient)))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LowCue();

    [GeneratedRegex(@"\b(urgent(?:ly)?|emergency|asap|a\.s\.a\.p\b\.?|as soon as possible|critical|outage|(?:whole|entire) (?:team|office|floor|company|department)|everyone|nobody can|no one can|(?:production|prod|live site|website|site|server|servers|service|system|systems) (?:is |are |went |has gone |have gone )?down|security incident|data breach|on fire|a fire|flood(?:ing|ed)?|gas leak)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrgentCue();

    [GeneratedRegex(@"\b(can(?:'|’)?t (?:do (?:my |any )?)?work|cannot (?:do (?:my |any )?)?work|unable to work|blocked|blocking|blocker|locked out|stolen|high priority|important|deadline|time[- ]sensitive|not working at all|(?:is|are|went|has gone|is still) down)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HighCue();

    [GeneratedRegex(@"^(?:urgent|emergency|asap|a\.s\.a\.p|as soon as possible|critical|blocked|blocking|blocker|high priority|important|deadline|time[- ]sensitive)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrgencyWord();

    // "not urgent", "isn't really urgent", "no emergency", "nothing critical": up to two words between.
    [GeneratedRegex(@"(?:\bnot|\b\w+n(?:'|’)t|\bno|\bnever|\bnothing|\bwithout)(?:\s+[\w'’]+){0,2}?\s+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationBefore();

    /// <summary>Where the negation of the cue at <paramref name="match"/> starts, or null when it isn't negated.</summary>
    private static int? Negation(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 30);
        var before = NegationBefore().Match(text[start..match.Index]);
        return before.Success ? start + before.Index : null;
    }

    // ---- deadlines ----

    private const string Marker = @"(?<marker>by|before|until|till|til|no later than|not later than|on|for|due(?:\s+(?:on|by))?)";
    private const string Weekday = @"(?<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri)";
    private const string Month = @"(?<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private const string Time = @"(?<time>(?<hour>1[0-2]|0?[1-9])(?::(?<minute>[0-5]\d))?\s*(?<ampm>[ap])\.?m\b\.?|(?<hour24>[01]?\d|2[0-3]):(?<minute24>[0-5]\d)\b|(?<named>noon|midday|midnight)\b)";
    private const string TimeSuffix = @"(?:\s*,?\s*(?:at|by|before|@)?\s*" + Time + @"|\s+(?:in\s+the\s+)?(?<daypart>morning|afternoon|evening|night)\b)?";

    private static readonly (Regex Pattern, Func<Match, Context, DateTime?> Read)[] DatePhrases =
    [
        (RelativeDay(), ReadRelativeDay),
        (TimeThenDay(), ReadTimeThenDay),
        (WeekdayPhrase(), ReadWeekday),
        (EndOf(), ReadEndOf),
        (BeforeTheWeekend(), (_, c) => FridayOnOrAfter(c, c.Today)),
        (InDuration(), ReadDuration),
        (IsoDate(), ReadIsoDate),
        (DayMonth(), ReadDayMonth),
        (MonthDay(), ReadDayMonth),
        (DayOfThisMonth(), ReadDayOfMonth),
        (MarkedTime(), ReadMarkedTime),
    ];

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?<rel>the day after tomorrow|day after tomorrow|tomorrow|tmrw|tmr|today|tonight|this (?:morning|afternoon|evening))\b" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?:at\s+)?" + Time + @"\s*,?\s*(?:(?<rel>today|tonight|tomorrow|tmrw)\b|(?:on\s+)?(?:(?<which>this|next)\s+)?" + Weekday + @"\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeThenDay();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?:(?<which>this coming|this|next|coming)\s+)?" + Weekday + @"\b(?:(?=['’]s\b)(?<possessive>))?" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayPhrase();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?:the\s+)?(?:end of (?:the\s+)?(?:(?:work(?:ing)?|business)\s+)?(?<unit>day|week|month|year)|(?<abbr>eod|cob|eow|eom|close of business|close of play))\b(?:\s+(?<rel>today|tomorrow)\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOf();

    [GeneratedRegex(@"\b(?:before|by|until|till|for)\s+the\s+weekend\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BeforeTheWeekend();

    [GeneratedRegex(@"\b(?:in|within)\s+(?:the\s+next\s+)?(?<count>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|couple of|a few)\s+(?<unit>(?:business\s+|working\s+)?days?|hours?|weeks?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InDuration();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?<year>\d{4})-(?<mon>\d{2})-(?<day>\d{2})\b" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?(?:the\s+)?(?<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:\s+of)?\s+" + Month + @"\b(?:,?\s+(?<year>\d{4})\b)?" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:" + Marker + @"\s+)?" + Month + @"\s+(?:the\s+)?(?<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![:.]\d|\s*[ap]\.?m\b|\s*%)(?:,?\s+(?<year>\d{4})\b)?" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b" + Marker + @"\s+the\s+(?<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b" + TimeSuffix, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayOfThisMonth();

    [GeneratedRegex(@"\b(?<marker>by|before|until|till|no later than|not later than)\s+" + Time, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkedTime();

    // A date after "since", "from", "last" ... is when something began or happened, not when it is needed.
    [GeneratedRegex(@"\b(?:since|from|starting|started|after|last|every|each|ago|until last)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastOrRangeWordBefore();

    // "It stopped working on Monday": "on" in a clause about what happened.
    [GeneratedRegex(@"\b(?:was|were|broke|broken|stopped|started|happened|did|had|got|went|crashed|failed|failing|began|changed|updated|installed|sent|received|noticed|since|ago|last)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastTense();

    private static bool RefersToThePast(string text, Match match)
    {
        var before = text[Math.Max(0, match.Index - 20)..match.Index];
        if (PastOrRangeWordBefore().IsMatch(before)) return true;
        if (!match.Groups["marker"].Value.Equals("on", StringComparison.OrdinalIgnoreCase)) return false;
        var clauseStart = text.LastIndexOfAny(['.', '!', '?', ';', ',', '\n'], Math.Max(0, match.Index - 1)) + 1;
        return PastTense().IsMatch(text[clauseStart..match.Index]);
    }

    private static DateTime? ReadRelativeDay(Match m, Context c)
    {
        var rel = m.Groups["rel"].Value.ToLowerInvariant();
        var (days, defaultTime) = rel switch
        {
            "tomorrow" or "tmrw" or "tmr" => (1, EndOfWorkingDay),
            "the day after tomorrow" or "day after tomorrow" => (2, EndOfWorkingDay),
            "tonight" => (0, new TimeOnly(20, 0)),
            "this morning" => (0, new TimeOnly(9, 0)),
            "this afternoon" => (0, new TimeOnly(13, 0)),
            "this evening" => (0, new TimeOnly(18, 0)),
            _ => (0, EndOfWorkingDay),
        };
        // "I can't work today" is no deadline; "by today", "today at 3pm" and "by tonight" are.
        if (days == 0 && !m.Groups["marker"].Success && TimeOf(m) is null) return null;
        return c.Today.AddDays(days).ToDateTime(TimeOf(m) ?? defaultTime);
    }

    private static DateTime? ReadTimeThenDay(Match m, Context c)
    {
        var time = TimeOf(m)!.Value;
        if (m.Groups["rel"].Success)
        {
            var tomorrow = m.Groups["rel"].Value.ToLowerInvariant() is "tomorrow" or "tmrw";
            return c.Today.AddDays(tomorrow ? 1 : 0).ToDateTime(time);
        }
        return WeekdayDate(m, c, time);
    }

    private static DateTime? ReadWeekday(Match m, Context c)
    {
        var marked = m.Groups["marker"].Success;
        var which = m.Groups["which"].Success;
        // Full names are six letters or more; "wed", "sat" and the like are words too, so they need "by", "on" ...
        var abbreviated = m.Groups["weekday"].Value.Length < 6;
        // "Friday's meeting notes", "every Friday": only "by/on/before Friday" or "this/next Friday" is a date.
        if (!marked && (!which || abbreviated || m.Groups["possessive"].Success)) return null;
        return WeekdayDate(m, c, TimeOf(m) ?? EndOfWorkingDay);
    }

    private static DateTime? WeekdayDate(Match m, Context c, TimeOnly time)
    {
        var target = ParseWeekday(m.Groups["weekday"].Value);
        if (m.Groups["which"].Value.Equals("next", StringComparison.OrdinalIgnoreCase))
        {
            // The named day of next week (weeks run Monday to Sunday).
            var fromMonday = ((int)c.Today.DayOfWeek + 6) % 7;
            return c.Today.AddDays(7 - fromMonday + ((int)target + 6) % 7).ToDateTime(time);
        }
        var ahead = ((int)target - (int)c.Today.DayOfWeek + 7) % 7;
        var date = c.Today.AddDays(ahead).ToDateTime(time);
        // The day itself while the time is still ahead, else a week on.
        return date > c.LocalNow ? date : date.AddDays(7);
    }

    private static DayOfWeek ParseWeekday(string text) => text.ToLowerInvariant()[..2] switch
    {
        "mo" => DayOfWeek.Monday,
        "tu" => DayOfWeek.Tuesday,
        "we" => DayOfWeek.Wednesday,
        "th" => DayOfWeek.Thursday,
        "fr" => DayOfWeek.Friday,
        "sa" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static DateTime? ReadEndOf(Match m, Context c)
    {
        var abbr = m.Groups["abbr"].Value.ToLowerInvariant();
        var unit = m.Groups["unit"].Success ? m.Groups["unit"].Value.ToLowerInvariant() : abbr switch
        {
            "eow" => "week",
            "eom" => "month",
            _ => "day",
        };
        switch (unit)
        {
            case "day":
                // "At the end of the day" is a figure of speech; "by end of day" and "EOD" are deadlines.
                if (!m.Groups["abbr"].Success && !m.Groups["marker"].Success) return null;
                if (m.Groups["rel"].Value.Equals("tomorrow", StringComparison.OrdinalIgnoreCase))
                    return c.Today.AddDays(1).ToDateTime(EndOfWorkingDay);
                var today = c.Today.ToDateTime(EndOfWorkingDay);
                return today > c.LocalNow ? today : c.Today.ToDateTime(LastMinute);
            case "week":
                return FridayOnOrAfter(c, c.Today);
            case "month":
                var lastDay = new DateOnly(c.Today.Year, c.Today.Month, DateTime.DaysInMonth(c.Today.Year, c.Today.Month)).ToDateTime(EndOfWorkingDay);
                if (lastDay > c.LocalNow) return lastDay;
                var next = c.Today.AddMonths(1);
                return new DateOnly(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month)).ToDateTime(EndOfWorkingDay);
            default:
                var yearEnd = new DateOnly(c.Today.Year, 12, 31).ToDateTime(EndOfWorkingDay);
                return yearEnd > c.LocalNow ? yearEnd : yearEnd.AddYears(1);
        }
    }

    /// <summary>Friday 17:00 of this week, or of next week once that has passed (said at the weekend).</summary>
    private static DateTime FridayOnOrAfter(Context c, DateOnly day)
    {
        var friday = day.AddDays(((int)DayOfWeek.Friday - (int)day.DayOfWeek + 7) % 7);
        var at = friday.ToDateTime(EndOfWorkingDay);
        return at > c.LocalNow ? at : at.AddDays(7);
    }

    private static DateTime? ReadDuration(Match m, Context c)
    {
        var count = m.Groups["count"].Value.ToLowerInvariant() switch
        {
            "a" or "an" or "one" => 1,
            "two" or "a couple of" or "couple of" => 2,
            "three" or "a few" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            var digits => int.Parse(digits, CultureInfo.InvariantCulture),
        };
        if (count == 0) return null;
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var now = c.LocalNow;
        if (unit.StartsWith("hour", StringComparison.Ordinal))
            return LocalTimes.WallClock(c.Zone, c.Now.AddHours(count));
        if (unit.StartsWith("week", StringComparison.Ordinal)) return now.AddDays(7 * count);
        if (!unit.StartsWith("business", StringComparison.Ordinal) && !unit.StartsWith("working", StringComparison.Ordinal)) return now.AddDays(count);
        var date = now;
        for (var left = count; left > 0;)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) left--;
        }
        return date;
    }

    private static DateTime? ReadIsoDate(Match m, Context c) =>
        DateOnly.TryParseExact($"{m.Groups["year"].Value}-{m.Groups["mon"].Value}-{m.Groups["day"].Value}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToDateTime(TimeOf(m) ?? EndOfWorkingDay)
            : null;

    private static DateTime? ReadDayMonth(Match m, Context c)
    {
        var monthText = m.Groups["month"].Value;
        // "these 2 may be related": the verb, unless written as the month's name.
        if (monthText.Equals("may", StringComparison.OrdinalIgnoreCase) && monthText is not ("May" or "MAY")) return null;
        var month = MonthNumber(monthText);
        var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        var time = TimeOf(m) ?? EndOfWorkingDay;
        if (m.Groups["year"].Success)
        {
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            return day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day).ToDateTime(time) : null;
        }
        if (day > DateTime.DaysInMonth(c.Today.Year, month) && !(month == 2 && day == 29)) return null;
        return ThisOrNextYear(c, month, day, time);
    }

    private static DateTime? ThisOrNextYear(Context c, int month, int day, TimeOnly time)
    {
        if (day <= DateTime.DaysInMonth(c.Today.Year, month))
        {
            var thisYear = new DateOnly(c.Today.Year, month, day);
            if (thisYear.ToDateTime(time) > c.LocalNow) return thisYear.ToDateTime(time);
            // Passed recently: something that happened ("on 12 March" in late March), not a deadline.
            if (c.Today.DayNumber - thisYear.DayNumber <= 60) return null;
        }
        var year = c.Today.Year + 1;
        return day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day).ToDateTime(time) : null;
    }

    private static int MonthNumber(string text) => text.ToLowerInvariant()[..3] switch
    {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        _ => 12,
    };

    private static DateTime? ReadDayOfMonth(Match m, Context c)
    {
        var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        var time = TimeOf(m) ?? EndOfWorkingDay;
        for (var month = new DateOnly(c.Today.Year, c.Today.Month, 1); month <= new DateOnly(c.Today.Year, c.Today.Month, 1).AddMonths(1); month = month.AddMonths(1))
        {
            if (day > DateTime.DaysInMonth(month.Year, month.Month)) continue;
            var at = new DateOnly(month.Year, month.Month, day).ToDateTime(time);
            if (at > c.LocalNow) return at;
        }
        return null;
    }

    private static DateTime? ReadMarkedTime(Match m, Context c)
    {
        var at = c.Today.ToDateTime(TimeOf(m)!.Value);
        return at > c.LocalNow ? at : at.AddDays(1);
    }

    /// <summary>The time of day the match names, if any.</summary>
    private static TimeOnly? TimeOf(Match m)
    {
        if (m.Groups["hour"].Success)
        {
            var hour = int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture) % 12;
            if (m.Groups["ampm"].Value.Equals("p", StringComparison.OrdinalIgnoreCase)) hour += 12;
            var minute = m.Groups["minute"].Success ? int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
            return new TimeOnly(hour, minute);
        }
        if (m.Groups["hour24"].Success)
            return new TimeOnly(int.Parse(m.Groups["hour24"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["minute24"].Value, CultureInfo.InvariantCulture));
        if (m.Groups["named"].Success)
            return m.Groups["named"].Value.Equals("midnight", StringComparison.OrdinalIgnoreCase) ? LastMinute : new TimeOnly(12, 0);
        return m.Groups["daypart"].Value.ToLowerInvariant() switch
        {
            "morning" => new TimeOnly(9, 0),
            "afternoon" => new TimeOnly(13, 0),
            "evening" => new TimeOnly(18, 0),
            "night" => new TimeOnly(20, 0),
            _ => null,
        };
    }
}

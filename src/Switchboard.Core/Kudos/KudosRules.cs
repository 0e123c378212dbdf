using System.Globalization;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>A receiver as the rules see them: who, and whether the account is a bot's.</summary>
public sealed record KudosReceiver(KudosPerson Person, MentionKind Kind);

/// <summary>What the rules decided: the charge to make, or the refusal to explain.</summary>
/// <param name="Refusal">Why not, in words for the giver; null when the kudos may go.</param>
public sealed record KudosDecision(string? Refusal)
{
    /// <summary>The kudos may go.</summary>
    public static readonly KudosDecision Allowed = new((string?)null);

    /// <summary>True when the kudos may go.</summary>
    public bool IsAllowed => Refusal is null;
}

/// <summary>
/// The rules of giving, as pure functions of (giver, receivers, what was written, what they used, the period, the
/// settings). Every refusal says which rule and what to do instead.
/// </summary>
public static class KudosRules
{
    /// <summary>Checks a kudos from <paramref name="giver"/> to <paramref name="receivers"/> against every rule.</summary>
    public static KudosDecision Check(KudosPerson giver, IReadOnlyList<KudosReceiver> receivers, KudosDraft draft,
        KudosUsage usage, KudosWindow window, KudosOptions options)
    {
        if (receivers.Any(r => IsSelf(giver, r.Person)))
            return new("You can't give kudos to yourself. Thank someone who helped you instead.");
        if (receivers.FirstOrDefault(r => r.Kind == MentionKind.Bot) is { } bot)
            return new($"{bot.Person.Name} is a bot; kudos are for people.");
        return CheckContent(draft, options) ?? CheckBudget(giver, receivers, usage, window, options);
    }

    /// <summary>The value and reason rules alone (a "+1" repeats a kudos that passed them).</summary>
    public static KudosDecision? CheckContent(KudosDraft draft, KudosOptions options)
    {
        if (options.ValueRequirement == ValueRequirement.Required && draft.Values.Count == 0 && options.Values.Count > 0)
            return new($"Name the company value it shows: {KudosText.ValueList(options)}. {KudosParse.Example}");
        if (draft.Reason.Length < options.MinimumReasonLength)
            return new($"Say a little more about what they did (at least {options.MinimumReasonLength} characters), so the kudos tells them what made the difference.");
        return null;
    }

    /// <summary>The allowance and pair-cap rules: a kudos costs one per receiver.</summary>
    public static KudosDecision CheckBudget(KudosPerson giver, IReadOnlyList<KudosReceiver> receivers, KudosUsage usage,
        KudosWindow window, KudosOptions options)
    {
        var left = Left(usage, options);
        var period = PeriodName(options.Period);
        if (receivers.Count > left)
        {
            return new(left == 0
                ? $"You've given all {Limit(usage, options)} kudos you have this {period}. Your allowance resets {window.DescribeEnd()}."
                : $"That's {receivers.Count} kudos (one per person) and you have {left} left this {period}. Thank fewer people now, or wait: your allowance resets {window.DescribeEnd()}.");
        }
        foreach (var receiver in receivers)
        {
            var pair = KudosKeys.Pair(giver.Id, receiver.Person.Id, window);
            if (usage.Pairs.GetValueOrDefault(pair) >= options.PairCap)
                return new($"You've given {receiver.Person.Name} {options.PairCap} kudos this {period} already, the most one person gives another, so thanks stay spread around. That resets {window.DescribeEnd()}.");
        }
        return KudosDecision.Allowed;
    }

    /// <summary>What is left of the allowance.</summary>
    public static int Left(KudosUsage usage, KudosOptions options) => Math.Max(0, Limit(usage, options) - usage.Used);

    /// <summary>"day", "week" or "month".</summary>
    public static string PeriodName(KudosPeriod period) => period.ToString().ToLower(CultureInfo.InvariantCulture);

    /// <summary>What the giver hears after a kudos went: what is left and when it resets.</summary>
    public static string Remaining(KudosUsage after, KudosWindow window, KudosOptions options) =>
        $"You have {Left(after, options)} of {Limit(after, options)} kudos left this {PeriodName(options.Period)}; it resets {window.DescribeEnd()}.";

    private static int Limit(KudosUsage usage, KudosOptions options) => options.Allowance + usage.TopUp;

    private static bool IsSelf(KudosPerson giver, KudosPerson receiver) =>
        string.Equals(giver.Id, receiver.Id, StringComparison.Ordinal) || giver.Account.IsSamePerson(receiver.Account);
}

/// <summary>
/// The leaderboards every kudos counts on, each per UTC week, month, quarter and all time: people, people per
/// company value, departments (by the department each person had when the kudos was given) and people per department.
/// </summary>
public static class KudosBoards
{
    /// <summary>Where the departments board counts people the directory has no department for.</summary>
    public const string UnknownDepartment = "Unknown department";

    /// <summary>Who receives, and who gives.</summary>
    public enum Side
    {
        /// <summary>People thanked.</summary>
        Receivers,
        /// <summary>People thanking.</summary>
        Givers,
    }

    /// <summary>A board's period.</summary>
    public enum Span
    {
        /// <summary>The ISO week (UTC).</summary>
        Week,
        /// <summary>The calendar month (UTC).</summary>
        Month,
        /// <summary>Since the start.</summary>
        All,
        /// <summary>The calendar quarter (UTC).</summary>
        Quarter,
    }

    /// <summary>The board of <paramref name="side"/> over the <paramref name="span"/> holding <paramref name="at"/>.</summary>
    public static string Name(Side side, Span span, DateTimeOffset at) => $"{Lower(side)}:{Period(span, at)}";

    /// <summary>The board of <paramref name="side"/> for the company value <paramref name="value"/> (any case).</summary>
    public static string ForValue(Side side, Span span, DateTimeOffset at, string value) =>
        $"{Lower(side)}:value:{Key(value)}:{Period(span, at)}";

    /// <summary>The board of departments: each member a department's name (or <see cref="UnknownDepartment"/>).</summary>
    public static string Departments(Side side, Span span, DateTimeOffset at) => $"{Lower(side)}:departments:{Period(span, at)}";

    /// <summary>The board of the people of <paramref name="department"/> (any case).</summary>
    public static string InDepartment(Side side, Span span, DateTimeOffset at, string department) =>
        $"{Lower(side)}:department:{Key(department)}:{Period(span, at)}";

    /// <summary>Names the <paramref name="span"/> holding <paramref name="at"/>: <c>week:2026-W48</c>, <c>month:2026-11</c>, <c>quarter:2026-Q4</c> or <c>all</c>.</summary>
    public static string Period(Span span, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return span switch
        {
            Span.Week => $"week:{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}",
            Span.Month => $"month:{utc:yyyy-MM}",
            Span.Quarter => $"quarter:{utc:yyyy}-Q{(utc.Month + 2) / 3}",
            _ => "all",
        };
    }

    /// <summary>"this week", "this quarter", "all time".</summary>
    public static string Describe(Span span) => span == Span.All ? "all time" : $"this {span.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The increments one kudos makes on every board: one per receiver, and the giver as many; the same on the
    /// boards of each value it names, of the departments and of each known department.
    /// </summary>
    public static IReadOnlyList<KudosScore> For(KudosEntry entry)
    {
        var scores = new List<KudosScore>();
        var values = entry.Values.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var given = entry.Receivers.Count;
        foreach (var span in Enum.GetValues<Span>())
        {
            scores.Add(new KudosScore(Name(Side.Givers, span, entry.At), entry.Giver.Id, given));
            scores.AddRange(entry.Receivers.Select(r => new KudosScore(Name(Side.Receivers, span, entry.At), r.Id, 1)));
            foreach (var value in values)
            {
                scores.Add(new KudosScore(ForValue(Side.Givers, span, entry.At, value), entry.Giver.Id, given));
                scores.AddRange(entry.Receivers.Select(r => new KudosScore(ForValue(Side.Receivers, span, entry.At, value), r.Id, 1)));
            }
            AddDepartment(scores, Side.Givers, span, entry.At, entry.Giver, given);
            foreach (var receiver in entry.Receivers) AddDepartment(scores, Side.Receivers, span, entry.At, receiver, 1);
        }
        return scores;
    }

    private static void AddDepartment(List<KudosScore> scores, Side side, Span span, DateTimeOffset at, KudosPerson person, int points)
    {
        scores.Add(new KudosScore(Departments(side, span, at), person.Department ?? UnknownDepartment, points));
        if (person.Department is { } department) scores.Add(new KudosScore(InDepartment(side, span, at, department), person.Id, points));
    }

    private static string Lower(Side side) => side.ToString().ToLowerInvariant();

    // Values and departments name their boards in any case the directory or the giver wrote them.
    private static string Key(string name) => name.Trim().ToLowerInvariant();
}

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

/// <summary>The leaderboards every kudos counts on: all time, and per UTC week and month.</summary>
public static class KudosBoards
{
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
    public static string Name(Side side, Span span, DateTimeOffset at) => $"{side.ToString().ToLowerInvariant()}:{Period(span, at)}";

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

    /// <summary>The increments one kudos makes: one per receiver, and the giver as many.</summary>
    public static IReadOnlyList<KudosScore> For(KudosEntry entry)
    {
        var scores = new List<KudosScore>();
        foreach (var span in Enum.GetValues<Span>())
        {
            scores.Add(new KudosScore(Name(Side.Givers, span, entry.At), entry.Giver.Id, entry.Receivers.Count));
            scores.AddRange(entry.Receivers.Select(r => new KudosScore(Name(Side.Receivers, span, entry.At), r.Id, 1)));
        }
        return scores;
    }
}

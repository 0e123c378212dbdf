using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Core.Kudos;

/// <summary>"kudos @Alex @Priya for fixing my laptop #ownership", typed or through <c>/kudos</c>.</summary>
public sealed class KudosGiveHandler(KudosService kudos, KudosOptions options, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var parsed = KudosText.Parse(intent.Get("text"), turn.Mentions, options);
        if (parsed.Draft is not { } draft) return await gateways.ReplyAsync(turn, parsed.Problem!, cancellationToken);
        // The turn's delivery key makes a redelivered give the same kudos; a turn without one is a give of its own.
        var id = turn.DeliveryKey ?? $"{turn.Conversation.Platform}:{Guid.NewGuid():N}";
        var result = await kudos.GiveAsync(id, turn.From, draft, cancellationToken);
        // Refused or sent, the giver is answered here (only them, in a channel): the rule, or what is left.
        return await gateways.ReplyAsync(turn, result.Message, cancellationToken);
    }
}

/// <summary>"+1, add my thanks" on a kudos card.</summary>
public sealed class KudosPlusOneHandler(KudosService kudos) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (action.Get(KudosVerbs.KudosKey) is not { } id) return TurnResult.Refused("That button names no kudos.");
        var result = await kudos.JoinAsync(id, turn.From, cancellationToken);
        return result.Outcome == KudosGiveOutcome.Refused ? TurnResult.Refused(result.Message) : TurnResult.Handled(notice: result.Message);
    }
}

/// <summary>"kudos stats": given, received, what is left and when it resets.</summary>
public sealed class KudosStatsHandler(KudosService kudos, KudosOptions options, PlatformGateways gateways, Answers.AnswerService? answers = null) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var stats = await kudos.StatsAsync(turn.From, cancellationToken);
        var text = $"You've given {stats.Given} kudos and received {stats.Received}. " +
                   $"You have {stats.Left} of {stats.Limit} left this {KudosRules.PeriodName(options.Period)}; it resets {stats.Window.DescribeEnd()}.";
        // Recognition for answers that solved requests before anyone had to file them.
        if (answers is not null && await answers.SolvedThisMonthByAsync(turn.From, cancellationToken) is var solved and > 0)
            text += $" Your answers solved {solved} {(solved == 1 ? "request" : "requests")} this month.";
        return await gateways.ReplyAsync(turn, text, cancellationToken);
    }
}

/// <summary>"kudos topup @Alex 5": an admin adds to someone's allowance for the current period.</summary>
public sealed partial class KudosTopUpHandler(KudosService kudos, PlatformGateways gateways) : IIntentHandler
{
    /// <summary>The most one top-up adds.</summary>
    public const int MaxTopUp = 100;

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var text = intent.Get("text") ?? "";
        var mentioned = turn.Mentions.Where(m => text.Contains(m.Text, StringComparison.Ordinal)).ToList();
        var rest = mentioned.Aggregate(text, (t, m) => t.Replace(m.Text, " ", StringComparison.Ordinal));
        var number = Number().Match(rest);
        if (mentioned.Count != 1 || !number.Success ||
            !int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount is < 1 or > MaxTopUp)
            return await gateways.ReplyAsync(turn, $"Mention one person and how many kudos to add (1 to {MaxTopUp}), e.g. kudos topup @Alex 5", cancellationToken);
        return await gateways.ReplyAsync(turn, await kudos.TopUpAsync(mentioned[0].Person, amount, cancellationToken), cancellationToken);
    }

    [GeneratedRegex(@"(?<![\S])\d+(?![\S])")]
    private static partial Regex Number();
}

/// <summary>
/// "leaderboard [week|month|quarter|all] [givers|receivers] [team|team:&lt;department&gt;|&lt;department&gt;|#value]":
/// people, people per company value, departments, or the people of one department. Names only, never mentions.
/// </summary>
public sealed class KudosLeaderboardHandler(IKudosStore store, PeopleDirectory people, KudosOptions options, PlatformGateways gateways, TimeProvider time) : IIntentHandler
{
    /// <summary>What the command takes, for the replies that explain it.</summary>
    public const string Usage =
        "leaderboard [week|month|quarter|all] [givers|receivers] [team|team:<department>|#value] " +
        "(team: points per department; team:Finance or just Finance: the people of one department), leaderboard fair, unsung";

    private const int Places = 10;
    // Enough to list every department a kudos has reached in an unknown-department reply.
    private const int DepartmentsListed = 100;

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var span = KudosBoards.Span.Month;
        var side = KudosBoards.Side.Receivers;
        var departments = false;
        KudosValueOptions? value = null;
        var departmentWords = new List<string>();
        foreach (var word in (intent.Get("options") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "week": span = KudosBoards.Span.Week; break;
                case "month": span = KudosBoards.Span.Month; break;
                case "quarter": span = KudosBoards.Span.Quarter; break;
                case "all": span = KudosBoards.Span.All; break;
                case "givers": side = KudosBoards.Side.Givers; break;
                case "receivers": side = KudosBoards.Side.Receivers; break;
                case "team" or "teams" or "departments": departments = true; break;
                case var tag when tag.StartsWith('#'):
                    value = options.FindValue(tag[1..]);
                    if (value is null) return await gateways.ReplyAsync(turn, UnknownValue(word), cancellationToken);
                    break;
                case var named when named.StartsWith("team:", StringComparison.Ordinal) || named.StartsWith("department:", StringComparison.Ordinal):
                    // "team:" alone is the departments board; "team:Customer" "Success" one department of two words.
                    if (word[(word.IndexOf(':') + 1)..] is { Length: > 0 } name) departmentWords.Add(name);
                    else departments = true;
                    break;
                default: departmentWords.Add(word); break;
            }
        }

        var now = time.GetUtcNow();
        var department = string.Join(' ', departmentWords);
        if (value is not null && (departments || department.Length > 0))
            return await gateways.ReplyAsync(turn, $"A leaderboard is per value or per department, not both. Try: {Usage}", cancellationToken);
        if (department.Length > 0)
        {
            var known = await KnownDepartmentsAsync(cancellationToken);
            var match = known.FirstOrDefault(d => string.Equals(d, department, StringComparison.OrdinalIgnoreCase));
            if (match is null) return await gateways.ReplyAsync(turn, UnknownDepartment(department, known), cancellationToken);
            return await ReplyWithPeopleAsync(turn, KudosBoards.InDepartment(side, span, now, match), $"Kudos {Lower(side)} in {match}, {KudosBoards.Describe(span)}", cancellationToken);
        }
        if (departments)
        {
            var title = $"Kudos {(side == KudosBoards.Side.Givers ? "given" : "received")} by department, {KudosBoards.Describe(span)}";
            var top = await store.TopAsync(KudosBoards.Departments(side, span, now), Places, cancellationToken);
            if (top.Count == 0) return await gateways.ReplyAsync(turn, Nobody(title), cancellationToken);
            // The members are department names (or "Unknown department"), shown as the directory wrote them.
            return await gateways.ReplyAsync(turn, Ranking(title, top.Select(t => (t.Member, t.Points)).ToList()), cancellationToken);
        }
        return value is null
            ? await ReplyWithPeopleAsync(turn, KudosBoards.Name(side, span, now), $"Kudos {Lower(side)}, {KudosBoards.Describe(span)}", cancellationToken)
            : await ReplyWithPeopleAsync(turn, KudosBoards.ForValue(side, span, now, value.Name), $"Kudos {Lower(side)} for #{value.Name}, {KudosBoards.Describe(span)}", cancellationToken);
    }

    private async Task<TurnResult> ReplyWithPeopleAsync(Turn turn, string board, string title, CancellationToken cancellationToken)
    {
        var top = await store.TopAsync(board, Places, cancellationToken);
        if (top.Count == 0) return await gateways.ReplyAsync(turn, Nobody(title), cancellationToken);
        var places = new List<(string Name, long Points)>();
        foreach (var standing in top)
            places.Add(((await people.GetAsync(new PersonId(standing.Member), cancellationToken))?.Name ?? "someone", standing.Points));
        return await gateways.ReplyAsync(turn, Ranking(title, places), cancellationToken);
    }

    /// <summary>Every department a kudos has reached, given or received, by the all-time boards.</summary>
    private async Task<IReadOnlyList<string>> KnownDepartmentsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = new List<string>();
        foreach (var side in Enum.GetValues<KudosBoards.Side>())
            names.AddRange((await store.TopAsync(KudosBoards.Departments(side, KudosBoards.Span.All, now), DepartmentsListed, cancellationToken)).Select(s => s.Member));
        return names.Where(n => n != KudosBoards.UnknownDepartment).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private string UnknownValue(string word) => options.Values.Count == 0
        ? $"There are no company values set up, so there is no board for {word}. Try: {Usage}"
        : $"{word} isn't one of our values. Pick one of {KudosText.ValueList(options)}.";

    private static string UnknownDepartment(string department, IReadOnlyList<string> known) =>
        $"I don't know \"{department}\" here: it's neither a leaderboard option nor a department anyone has given or received kudos in. " +
        (known.Count == 0 ? "No department has kudos yet. " : $"Departments: {string.Join(", ", known)}. ") + $"Try: {Usage}";

    private static string Nobody(string title) => $"{title}: nobody yet. Be the first: kudos @someone for ...";

    private static string Ranking(string title, IReadOnlyList<(string Name, long Points)> places)
    {
        var text = new StringBuilder(title).Append(':');
        for (var i = 0; i < places.Count; i++)
            text.Append('\n').Append(i + 1).Append(". ").Append(places[i].Name).Append(" (").Append(places[i].Points).Append(')');
        return text.ToString();
    }

    private static string Lower(KudosBoards.Side side) => side == KudosBoards.Side.Givers ? "givers" : "receivers";
}

/// <summary>The Kudos part of "help".</summary>
public sealed class KudosHelp(KudosOptions options) : IHelpSection
{
    /// <inheritdoc />
    public string? Introduction(PersonRef person) => null;

    /// <inheritdoc />
    public string? Details(PersonRef person) =>
        $"Kudos: you can give {options.Allowance} per {KudosRules.PeriodName(options.Period)} (one per person thanked)" +
        (options.Values.Count > 0 ? $"; tag one of our values: {KudosText.ValueList(options)}" : "") + ". " +
        "Leaderboards: leaderboard [week|month|quarter|all] [givers|receivers]" +
        (options.Values.Count > 0 ? $", per value (leaderboard month #{options.Values[0].Name})" : "") +
        ", per department (leaderboard team), or within one (leaderboard team:Finance); departments come from the people directory, \"Unknown department\" when it has none.";
}

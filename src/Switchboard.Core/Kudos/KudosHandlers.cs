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
public sealed class KudosStatsHandler(KudosService kudos, KudosOptions options, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var stats = await kudos.StatsAsync(turn.From, cancellationToken);
        var text = $"You've given {stats.Given} kudos and received {stats.Received}. " +
                   $"You have {stats.Left} of {stats.Limit} left this {KudosRules.PeriodName(options.Period)}; it resets {stats.Window.DescribeEnd()}.";
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

/// <summary>"leaderboard [week|month|all] [givers|receivers]": names only, never mentions.</summary>
public sealed class KudosLeaderboardHandler(IKudosStore store, PeopleDirectory people, PlatformGateways gateways, TimeProvider time) : IIntentHandler
{
    private const int Places = 10;

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var span = KudosBoards.Span.Month;
        var side = KudosBoards.Side.Receivers;
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
                default:
                    return await gateways.ReplyAsync(turn, $"I don't know \"{word}\" here. Try: leaderboard [week|month|quarter|all] [givers|receivers], leaderboard fair, unsung", cancellationToken);
            }
        }
        var top = await store.TopAsync(KudosBoards.Name(side, span, time.GetUtcNow()), Places, cancellationToken);
        var title = $"Kudos {(side == KudosBoards.Side.Givers ? "givers" : "receivers")}, {KudosBoards.Describe(span)}";
        if (top.Count == 0) return await gateways.ReplyAsync(turn, $"{title}: nobody yet. Be the first: kudos @someone for ...", cancellationToken);
        var text = new StringBuilder(title).Append(':');
        for (var i = 0; i < top.Count; i++)
        {
            var person = await people.GetAsync(new PersonId(top[i].Member), cancellationToken);
            text.Append('\n').Append(i + 1).Append(". ").Append(person?.Name ?? "someone").Append(" (").Append(top[i].Points).Append(')');
        }
        return await gateways.ReplyAsync(turn, text.ToString(), cancellationToken);
    }
}

/// <summary>The Kudos part of "help".</summary>
public sealed class KudosHelp(KudosOptions options) : IHelpSection
{
    /// <inheritdoc />
    public string? Introduction(PersonRef person) => null;

    /// <inheritdoc />
    public string? Details(PersonRef person) =>
        $"Kudos: you can give {options.Allowance} per {KudosRules.PeriodName(options.Period)} (one per person thanked)" +
        (options.Values.Count > 0 ? $"; tag one of our values: {KudosText.ValueList(options)}" : "") + ".";
}

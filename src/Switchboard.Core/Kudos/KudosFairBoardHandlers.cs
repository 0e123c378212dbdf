using System.Globalization;
using System.Text;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Kudos;

/// <summary>What "leaderboard fair" and "unsung" were asked for: a period and, optionally, one service team.</summary>
internal sealed record FairBoardQuery(KudosBoards.Span Span, ServiceTeam? Team, string? Problem)
{
    public static FairBoardQuery Parse(string? options, TeamDirectory teams, string usage)
    {
        var span = KudosBoards.Span.Month;
        ServiceTeam? team = null;
        foreach (var word in (options ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "week": span = KudosBoards.Span.Week; break;
                case "month": span = KudosBoards.Span.Month; break;
                case "quarter": span = KudosBoards.Span.Quarter; break;
                case "all": span = KudosBoards.Span.All; break;
                case "helpers": break;
                default:
                    team = teams.All.FirstOrDefault(t => string.Equals(t.Id, word, StringComparison.OrdinalIgnoreCase)
                                                         || string.Equals(t.Options.TicketPrefix, word, StringComparison.OrdinalIgnoreCase));
                    if (team is null) return new(span, null, $"I don't know \"{word}\" here. Try: {usage}");
                    break;
            }
        }
        return new(span, team, null);
    }
}

/// <summary>"leaderboard fair [week|month|quarter|all] [team]": thanks per resolved ticket, by agent and by team. Names only, never mentions.</summary>
public sealed class KudosFairBoardHandler(FairBoard board, TeamDirectory teams, KudosOptions options, PlatformGateways gateways) : IIntentHandler
{
    private const string Usage = "leaderboard fair [week|month|quarter|all] [team]";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var query = FairBoardQuery.Parse(intent.Get("options"), teams, Usage);
        if (query.Problem is { } problem) return await gateways.ReplyAsync(turn, problem, cancellationToken);
        var view = await board.ReadAsync(query.Span, query.Team?.Id, cancellationToken);
        var title = $"Fair board{(query.Team is null ? "" : $" of {query.Team.Name}")}, {KudosBoards.Describe(query.Span)}: thanks per resolved ticket";
        if (view.Agents.Count == 0 && view.Teams.Count == 0)
            return await gateways.ReplyAsync(turn, $"{title}: no tickets resolved yet.", cancellationToken);

        var text = new StringBuilder(title).Append(" (ranked from ").Append(view.MinimumResolutions).Append(" resolved tickets).");
        Append(text, "Agents", view.Agents, options.FairBoard.Places);
        Append(text, "Teams", view.Teams, options.FairBoard.Places);
        return await gateways.ReplyAsync(turn, text.ToString(), cancellationToken);
    }

    private static void Append(StringBuilder text, string heading, IReadOnlyList<FairStanding> standings, int places)
    {
        if (standings.Count == 0) return;
        text.Append('\n').Append(heading).Append(':');
        var ranked = standings.Where(s => s.Ranked).Take(places).ToList();
        for (var i = 0; i < ranked.Count; i++) text.Append('\n').Append(i + 1).Append(". ").Append(Line(ranked[i]));
        var waiting = standings.Where(s => !s.Ranked).ToList();
        if (waiting.Count > 0)
            text.Append("\nNot ranked yet: ").Append(string.Join("; ", waiting.Take(places).Select(Line)));
    }

    /// <summary>"Alex Kim: 4 of 5 resolved tickets thanked (80%)".</summary>
    internal static string Line(FairStanding s) =>
        $"{s.Name}: {s.Thanks} of {s.Resolutions} resolved {(s.Resolutions == 1 ? "ticket" : "tickets")} thanked ({s.Ratio.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal)})";
}

/// <summary>"unsung [week|month|quarter|all] [team]": the agents who resolve many tickets and are thanked for few.</summary>
public sealed class KudosUnsungHandler(FairBoard board, TeamDirectory teams, KudosOptions options, PlatformGateways gateways) : IIntentHandler
{
    private const string Usage = "unsung [week|month|quarter|all] [team]";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var query = FairBoardQuery.Parse(intent.Get("options"), teams, Usage);
        if (query.Problem is { } problem) return await gateways.ReplyAsync(turn, problem, cancellationToken);
        var unsung = await board.UnsungAsync(query.Span, query.Team?.Id, options.FairBoard.Places, cancellationToken);
        var title = $"Unsung helpers{(query.Team is null ? "" : $" of {query.Team.Name}")}, {KudosBoards.Describe(query.Span)}";
        if (unsung.Count == 0)
            return await gateways.ReplyAsync(turn,
                $"{title}: nobody with {options.FairBoard.MinimumResolutions} or more resolved tickets is waiting for thanks.", cancellationToken);
        var text = new StringBuilder(title).Append(": many tickets resolved, few thanks. A word from you would be seen.");
        for (var i = 0; i < unsung.Count; i++) text.Append('\n').Append(i + 1).Append(". ").Append(KudosFairBoardHandler.Line(unsung[i]));
        return await gateways.ReplyAsync(turn, text.ToString(), cancellationToken);
    }
}

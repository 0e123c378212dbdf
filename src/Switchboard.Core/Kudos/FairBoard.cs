using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Kudos;

/// <summary>An agent or a service team on the fair board.</summary>
/// <param name="Id">The agent's person id, or the team id.</param>
/// <param name="Name">Their name, as plain text (never a mention).</param>
/// <param name="Resolutions">Tickets they resolved in the period.</param>
/// <param name="Thanks">Of those, how many the requester thanked them for.</param>
/// <param name="Ranked">True when they resolved enough tickets to be ranked (<see cref="KudosFairBoardOptions.MinimumResolutions"/>).</param>
public sealed record FairStanding(string Id, string Name, long Resolutions, long Thanks, bool Ranked)
{
    /// <summary>Thanks per resolved ticket, 0 to 1.</summary>
    public double Ratio => Resolutions == 0 ? 0 : (double)Thanks / Resolutions;
}

/// <summary>The fair board of one period: agents (of one team, or all) and teams, ranked ones first.</summary>
/// <param name="Span">The period.</param>
/// <param name="TeamId">The team the agents were limited to, or null for everyone.</param>
/// <param name="MinimumResolutions">Resolutions needed to be ranked.</param>
/// <param name="Agents">Ranked agents by thanks per ticket (highest first), then the others by resolutions.</param>
/// <param name="Teams">The same for service teams.</param>
public sealed record FairBoardView(KudosBoards.Span Span, string? TeamId, int MinimumResolutions, IReadOnlyList<FairStanding> Agents, IReadOnlyList<FairStanding> Teams);

/// <summary>
/// The fair board: thanks received per resolved ticket, by agent and by service team, so an agent who closes many
/// quiet tickets is compared fairly with one who closes a few visible ones; and the unsung helpers, who resolve
/// many tickets and are rarely thanked.
/// </summary>
/// <remarks>
/// <para>A ticket counts once, for the agent (its assignee, else who resolved it) and the team that first resolved it,
/// in the period of that resolution. Reopened and resolved again, it is still one ticket: the board measures
/// tickets, not resolutions, so a bounced ticket neither inflates the count nor moves its credit.</para>
/// <para>"Thanks" is the requester's thank-you for the ticket (from the survey or the round-up), sent once per
/// ticket and counted in the period the ticket was resolved, so a period's ratio is always between 0 and 1. Peer
/// kudos are not about a ticket and are counted on the other leaderboards.</para>
/// <para>The counts live in sorted sets per period (<see cref="IKudosActivityStore"/>), kept up to date as tickets
/// resolve and thanks arrive; reading a board never scans tickets.</para>
/// </remarks>
public sealed class FairBoard(IKudosActivityStore activity, KudosService kudos, PeopleDirectory people, TeamDirectory teams, KudosOptions options, TimeProvider time)
{
    private static readonly KudosBoards.Span[] Spans = Enum.GetValues<KudosBoards.Span>();

    /// <summary>The fair board of the <paramref name="span"/> holding now, agents limited to <paramref name="teamId"/> when given.</summary>
    public async Task<FairBoardView> ReadAsync(KudosBoards.Span span, string? teamId, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var who = teamId is null ? "agents" : $"agents:{teamId}";
        var agents = await StandingsAsync(span, who, at, cancellationToken);
        var stored = await activity.AgentNamesAsync(agents.Select(a => a.Id).ToList(), cancellationToken);
        for (var i = 0; i < agents.Count; i++)
            agents[i] = agents[i] with { Name = await NameOfAsync(agents[i].Id, stored, cancellationToken) };
        var teamStandings = (await StandingsAsync(span, "teams", at, cancellationToken)).Select(t => t with { Name = teams.Find(t.Id)?.Name ?? t.Id }).ToList();
        if (teamId is not null) teamStandings = teamStandings.Where(t => string.Equals(t.Id, teamId, StringComparison.OrdinalIgnoreCase)).ToList();
        return new FairBoardView(span, teamId, options.FairBoard.MinimumResolutions, Order(agents), Order(teamStandings));
    }

    /// <summary>
    /// The unsung helpers of the <paramref name="span"/> holding now: agents with enough resolutions to be ranked,
    /// fewest thanks per ticket first (more resolutions first among equals), at most <paramref name="count"/>.
    /// </summary>
    public async Task<IReadOnlyList<FairStanding>> UnsungAsync(KudosBoards.Span span, string? teamId, int count, CancellationToken cancellationToken)
    {
        var board = await ReadAsync(span, teamId, cancellationToken);
        return board.Agents.Where(a => a.Ranked && a.Thanks < a.Resolutions)
            .OrderBy(a => a.Ratio).ThenByDescending(a => a.Resolutions).ThenBy(a => a.Name, StringComparer.Ordinal)
            .Take(count).ToList();
    }

    /// <summary>Counts a resolved ticket once, for the agent and team that first resolved it (see the remarks).</summary>
    /// <returns>True when this call counted it.</returns>
    public async Task<bool> RecordResolutionAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (ticket.Status != TicketStatus.Resolved || ticket.ResolvedAt is not { } resolvedAt) return false;
        var number = ticket.Number.ToString();
        // Most calls are repeats (every later change of a resolved ticket is observed): skip resolving people for them.
        if (await activity.GetResolutionAsync(number, cancellationToken) is not null) return false;
        string? agentId = null, agentName = null;
        if (Resolver(ticket) is { } agent)
        {
            var (person, _) = await kudos.ResolveAsync(agent, cancellationToken);
            (agentId, agentName) = (person.Id, person.Name);
        }
        var resolution = new KudosResolution(number, ticket.TeamId, agentId, agentName, resolvedAt);
        return await activity.RecordResolutionAsync(resolution, Scores(resolution, "resolved"), cancellationToken);
    }

    /// <summary>Counts the thank-you for <paramref name="ticket"/> once, in the period and for the agent and team of its resolution.</summary>
    /// <returns>True when this call counted it; false for a repeat or a ticket whose resolution was not recorded.</returns>
    public async Task<bool> RecordThanksAsync(string ticket, CancellationToken cancellationToken)
    {
        if (await activity.GetResolutionAsync(ticket, cancellationToken) is not { } resolution) return false;
        return await activity.RecordThanksAsync(ticket, Scores(resolution, "thanked"), cancellationToken);
    }

    /// <summary>The board a count is kept on: <c>fair:resolved:agents:it:week:2026-W48</c>.</summary>
    public static string Board(string what, string who, KudosBoards.Span span, DateTimeOffset at) => $"fair:{what}:{who}:{KudosBoards.Period(span, at)}";

    /// <summary>Who a ticket's resolution is credited to: its assignee, else the person who resolved it; null when only Switchboard did.</summary>
    public static Conversations.PersonRef? Resolver(Ticket ticket)
    {
        if (ticket.Assignee is { } assignee && !SystemActor.Is(assignee)) return assignee;
        var resolved = ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.Resolved);
        if (resolved is null || resolved.ActorKey.IndexOf(':') is not (> 0 and var colon)) return null;
        var actor = new Conversations.PersonRef(new Conversations.Platform(resolved.ActorKey[..colon]), resolved.ActorKey[(colon + 1)..], resolved.ActorName);
        return SystemActor.Is(actor) || ticket.Requester.IsSamePerson(actor) ? null : actor;
    }

    private static List<KudosScore> Scores(KudosResolution resolution, string what)
    {
        var scores = new List<KudosScore>();
        foreach (var span in Spans)
        {
            scores.Add(new KudosScore(Board(what, "teams", span, resolution.ResolvedAt), resolution.TeamId, 1));
            if (resolution.AgentId is not { } agent) continue;
            scores.Add(new KudosScore(Board(what, "agents", span, resolution.ResolvedAt), agent, 1));
            scores.Add(new KudosScore(Board(what, $"agents:{resolution.TeamId}", span, resolution.ResolvedAt), agent, 1));
        }
        return scores;
    }

    private async Task<List<FairStanding>> StandingsAsync(KudosBoards.Span span, string who, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var resolved = await activity.CountsAsync(Board("resolved", who, span, at), cancellationToken);
        var thanked = await activity.CountsAsync(Board("thanked", who, span, at), cancellationToken);
        var standings = new List<FairStanding>();
        foreach (var (id, count) in resolved)
            standings.Add(new FairStanding(id, id, count, thanked.GetValueOrDefault(id), count >= options.FairBoard.MinimumResolutions));
        return standings;
    }

    private static List<FairStanding> Order(IEnumerable<FairStanding> standings) => standings
        .OrderByDescending(s => s.Ranked)
        .ThenByDescending(s => s.Ranked ? s.Ratio : 0)
        .ThenByDescending(s => s.Resolutions)
        .ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    // The directory's name is the current one; the name kept with the resolution covers people it doesn't know.
    private async Task<string> NameOfAsync(string id, IReadOnlyDictionary<string, string> stored, CancellationToken cancellationToken) =>
        (await people.GetAsync(new PersonId(id), cancellationToken))?.Name ?? stored.GetValueOrDefault(id) ?? "someone";
}

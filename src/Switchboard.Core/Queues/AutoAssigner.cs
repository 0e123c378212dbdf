using System.Globalization;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Queues;

/// <summary>A team's round-robin turn: the agent who got the last ticket, and which ticket that was.</summary>
/// <param name="LastAgent">The agent's key (<see cref="TicketCards.AgentKey"/>).</param>
/// <param name="LastTicket">The ticket they got, so a retry for the same ticket picks them again instead of moving on.</param>
public sealed record RoundRobinTurn(string LastAgent, string LastTicket);

/// <summary>
/// Gives a ticket that arrived in a team (filed, or moved there) to one of its agents, as the team's
/// <see cref="ServiceTeamOptions.AutoAssign"/> says: each in turn, or whoever has the fewest open tickets, skipping
/// agents who are away. The assignment is an ordinary ticket change by Switchboard (<see cref="SystemActor"/>), so
/// the cards, the requester's notice and the thread note follow from the outbox, and it is in the history.
/// </summary>
/// <remarks>
/// It runs once the arrival's effects are delivered (an <see cref="ITicketChangeObserver"/>). The change carries a
/// delivery id made of the ticket and its arrival, so running again for the same arrival assigns nothing twice. The
/// round-robin turn is kept in the state store and moved on with compare-and-set, so two instances assigning at
/// the same time pick different agents.
/// </remarks>
public sealed partial class AutoAssigner(
    ITicketStore tickets,
    TicketService service,
    TeamDirectory teams,
    Availability availability,
    RoundRobinTurns turns,
    PeopleDirectory people,
    ILogger<AutoAssigner> logger)
{
    /// <summary>Assigns <paramref name="changed"/> when it just arrived in a team that assigns automatically and nobody has it.</summary>
    public async Task AssignIfDueAsync(Ticket changed, CancellationToken cancellationToken)
    {
        if (teams.Find(changed.TeamId) is not { Options.AutoAssign: not AutoAssignMode.None } team || !IsWaitingForAgent(changed)) return;
        // The delivery read the ticket before sending; someone may have taken it since.
        if (await tickets.GetAsync(changed.Number, cancellationToken) is not { } ticket || ticket.TeamId != team.Id || !IsWaitingForAgent(ticket)) return;
        var arrival = ticket.History.Count - 1 - ticket.History.Reverse().TakeWhile(e => e.Kind is not (TicketEventKind.Created or TicketEventKind.Moved)).Count();
        var delivery = string.Create(CultureInfo.InvariantCulture, $"auto-assign:{ticket.Number}:{arrival}");
        if (ticket.History.Any(e => e.DeliveryId == delivery)) return;

        var available = new List<AgentOptions>();
        foreach (var agent in team.Agents)
            if (await availability.GetAsync(agent, cancellationToken) is null) available.Add(agent);
        if (available.Count == 0)
        {
            LogNobodyAvailable(ticket.Number.ToString(), team.Id);
            return;
        }

        var mode = team.Options.AutoAssign;
        var pick = mode == AutoAssignMode.RoundRobin
            ? await turns.NextAsync(team, available, ticket.Number, cancellationToken)
            : await FewestOpenAsync(team, available, cancellationToken);
        var actor = SystemActor.Named("auto-assign", mode == AutoAssignMode.RoundRobin ? "Auto-assignment (round robin)" : "Auto-assignment (fewest open)");
        var assignee = await PersonOfAsync(pick, ticket, cancellationToken);
        var outcome = await service.ChangeAsync(ticket, new TicketChange(Verbs.Assign, actor, Assignee: assignee, DeliveryId: delivery), cancellationToken);
        if (outcome.Ticket is null) LogNotAssigned(ticket.Number.ToString(), outcome.Refusal);
        else LogAssigned(ticket.Number.ToString(), mode);
    }

    /// <summary>Of <paramref name="available"/>, the agent with the fewest open tickets of the team (the first listed on a tie).</summary>
    public async Task<AgentOptions> FewestOpenAsync(ServiceTeam team, IReadOnlyList<AgentOptions> available, CancellationToken cancellationToken)
    {
        var open = (await tickets.ListOpenByTeamAsync(team.Id, cancellationToken)).Where(t => t.TeamId == team.Id && t.Assignee is not null).ToList();
        return available.MinBy(agent => open.Count(t => ReferenceEquals(team.FindAgent(t.Assignee!), agent)))!;
    }

    private static bool IsWaitingForAgent(Ticket ticket) =>
        ticket is { Status: TicketStatus.New, Assignee: null } &&
        ticket.History.LastOrDefault(e => e.Kind is TicketEventKind.Created or TicketEventKind.Moved or TicketEventKind.Reopened)?.Kind is TicketEventKind.Created or TicketEventKind.Moved;

    /// <summary>The agent as a person: as the platform they used last sees them, else as their team lists them.</summary>
    private async Task<PersonRef> PersonOfAsync(AgentOptions agent, Ticket ticket, CancellationToken cancellationToken)
    {
        if (agent.Email is { } email && await people.FindByEmailAsync(email, cancellationToken) is { LastUsed: { } identity } known)
            return known.AsSeenOn(identity) with { Name = agent.Name, Email = email };
        if (agent.Ids.FirstOrDefault() is { } id && id.IndexOf(':') is > 0 and var at)
            return new PersonRef(new Platform(id[..at]), id[(at + 1)..], agent.Name, agent.Email);
        return new PersonRef(ticket.Requester.Platform, agent.Email ?? agent.Name, agent.Name, agent.Email);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-assigned {Ticket} ({Mode})")]
    private partial void LogAssigned(string ticket, AutoAssignMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-assignment left {Ticket} unassigned: {Reason}")]
    private partial void LogNotAssigned(string ticket, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-assignment left {Ticket} unassigned: every agent of team {Team} is away")]
    private partial void LogNobodyAvailable(string ticket, string team);
}

/// <summary>
/// Whose turn it is in a team's round robin, kept in the state store and moved on with compare-and-set: two
/// instances assigning at once pick different agents, and asking again for the same ticket gives the same agent.
/// </summary>
public sealed class RoundRobinTurns(StateDocuments documents, TimeProvider time)
{
    // Rounds of compare-and-set attempts before giving up; between rounds a short random pause lets a busy
    // instance that keeps winning go first.
    private const int MaxRounds = 6;

    /// <summary>The agent after the one who got the team's last ticket, among <paramref name="available"/>, in the order the team lists them.</summary>
    public async Task<AgentOptions> NextAsync(ServiceTeam team, IReadOnlyList<AgentOptions> available, TicketNumber ticket, CancellationToken cancellationToken)
    {
        var order = team.Agents.Select(TicketCards.AgentKey).ToList();
        var number = ticket.ToString();
        for (var round = 1; ; round++)
        {
            try
            {
                var written = await documents.UpdateAsync($"queues:round-robin:{team.Id}", QueuesJsonContext.Default.RoundRobinTurn, current =>
                {
                    if (current is not null && current.LastTicket == number && available.Any(a => TicketCards.AgentKey(a) == current.LastAgent)) return current;
                    var last = current is null ? -1 : order.IndexOf(current.LastAgent);
                    var next = Enumerable.Range(1, order.Count).Select(step => order[(last + step + order.Count) % order.Count])
                        .First(key => available.Any(a => TicketCards.AgentKey(a) == key));
                    return new RoundRobinTurn(next, number);
                }, cancellationToken);
                return available.First(a => TicketCards.AgentKey(a) == written.LastAgent);
            }
            catch (StateConflictException) when (round < MaxRounds)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20)), time, cancellationToken);
            }
        }
    }
}

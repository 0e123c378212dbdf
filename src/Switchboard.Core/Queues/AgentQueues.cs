using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Queues;

/// <summary>Which open tickets a queue lists.</summary>
public enum QueueView
{
    /// <summary>Every open ticket of the agent's teams ("queue").</summary>
    Team,
    /// <summary>Open tickets assigned to the agent ("mine").</summary>
    Mine,
    /// <summary>Open tickets of the agent's teams nobody has taken ("unassigned").</summary>
    Unassigned,
}

/// <summary>Reads the tickets queues and home pages list: an agent's queues, and a person's own requests on every platform.</summary>
public sealed class AgentQueues(ITicketStore tickets, TeamDirectory teams, PeopleDirectory people, TimeProvider time)
{
    /// <summary>
    /// The open tickets of <paramref name="view"/> for <paramref name="agent"/>, in <see cref="QueueOrder"/>: of every
    /// team they work for, or of <paramref name="only"/>.
    /// </summary>
    public async Task<IReadOnlyList<Ticket>> ListAsync(PersonRef agent, QueueView view, ServiceTeam? only, CancellationToken cancellationToken)
    {
        var of = only is null ? teams.TeamsOf(agent).ToList() : [only];
        var found = new List<Ticket>();
        foreach (var team in of)
        {
            var open = (await tickets.ListOpenByTeamAsync(team.Id, cancellationToken)).Where(t => t.TeamId == team.Id);
            found.AddRange(view switch
            {
                QueueView.Mine => open.Where(t => IsAssignedTo(t, team, agent)),
                QueueView.Unassigned => open.Where(t => t.Assignee is null),
                _ => open,
            });
        }
        return QueueOrder.Sort(found.DistinctBy(t => t.Number), time.GetUtcNow(), teams);
    }

    /// <summary>
    /// Every request <paramref name="person"/> filed, on any platform the directory knows them on: open ones in
    /// queue order, then closed ones, newest first.
    /// </summary>
    public async Task<IReadOnlyList<Ticket>> RequestsOfAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { person.Key };
        if (await people.FindAsync(person, cancellationToken) is { } known)
            foreach (var identity in known.Identities) keys.Add(identity.Key);
        var found = new List<Ticket>();
        foreach (var key in keys) found.AddRange(await tickets.ListByRequesterAsync(key, cancellationToken));
        var all = found.DistinctBy(t => t.Number).ToList();
        return [.. QueueOrder.Sort(all.Where(t => t.IsOpen), time.GetUtcNow(), teams), .. all.Where(t => !t.IsOpen).OrderByDescending(t => t.ResolvedAt ?? t.CreatedAt)];
    }

    /// <summary>True when <paramref name="ticket"/> of <paramref name="team"/> is assigned to <paramref name="agent"/>, however each was seen.</summary>
    public static bool IsAssignedTo(Ticket ticket, ServiceTeam team, PersonRef agent) =>
        ticket.Assignee is { } assignee &&
        (assignee.IsSamePerson(agent) || (team.FindAgent(assignee) is { } entry && ReferenceEquals(entry, team.FindAgent(agent))));
}

using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Queues;

/// <summary>
/// "away [until Friday]" and "back", for agents. Away agents get no tickets from auto-assignment; when an agent
/// goes away, the leads of each of their teams are told by direct message which of their open tickets are at
/// risk or overdue, so someone picks them up: through the <see cref="AwayLeadNotices"/> work queue, so a platform
/// that fails or a process that dies doesn't lose it.
/// </summary>
public sealed partial class AvailabilityHandler(
    Availability availability,
    TeamDirectory teams,
    ITicketStore tickets,
    PeopleDirectory people,
    IWorkQueue queue,
    PlatformGateways gateways,
    TimeProvider time,
    ILogger<AvailabilityHandler> logger) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var of = teams.TeamsOf(turn.From).ToList();
        // Each team may list the agent its own way (e-mail, platform ids): away counts for every entry.
        var entries = of.Select(t => t.FindAgent(turn.From)).OfType<AgentOptions>().DistinctBy(TicketCards.AgentKey).ToList();
        var agent = entries[0];
        if (intent.Name == QueueIntents.Back)
        {
            var wasAway = false;
            foreach (var entry in entries) wasAway |= await availability.SetBackAsync(entry, cancellationToken);
            return await gateways.ReplyAsync(turn, wasAway
                ? "Welcome back! New tickets can come your way again."
                : "You weren't marked away, so nothing changes: new tickets can come your way.", cancellationToken);
        }

        var now = time.GetUtcNow();
        var zone = await ZoneOfAsync(turn.From, cancellationToken);
        DateTimeOffset? until = null;
        if (intent.Get(QueueVerbs.Keys.When) is { } when)
        {
            until = AwayDates.Parse(when, now, zone);
            if (until is null)
                return await gateways.ReplyAsync(turn,
                    $"I couldn't tell which day you mean by \"{when}\". Try \"away until Friday\", \"away until 4 Dec\" or just \"away\" (then \"back\" when you return).",
                    cancellationToken);
        }
        foreach (var entry in entries) await availability.SetAwayAsync(entry, until, cancellationToken);
        LogAway(turn.From.Key, until);

        var reply = until is { } end
            ? $"You're away until {AwayDates.Show(end, now, zone)}. I won't give you new tickets until then; write \"back\" if you return sooner."
            : "You're away. I won't give you new tickets; write \"back\" when you return.";
        var flagged = await FlagToLeadsAsync(turn, agent, of, until, now, zone, cancellationToken);
        return await gateways.ReplyAsync(turn, flagged is null ? reply : $"{reply}\n{flagged}", cancellationToken);
    }

    /// <summary>
    /// Queues, for each team's leads, which of the agent's open tickets are at risk or overdue (<see cref="AwayLeadNotices"/>
    /// sends them durably); says what was done, or null when nothing was pressing.
    /// </summary>
    private async Task<string?> FlagToLeadsAsync(Turn turn, AgentOptions agent, IReadOnlyList<ServiceTeam> of, DateTimeOffset? until,
        DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        // A redelivered "away" names the same notices, so the queue drops them as repeats.
        var episode = turn.DeliveryKey ?? Guid.NewGuid().ToString("N");
        var telling = new List<string>();
        var unreachable = new List<string>();
        var pressing = 0;
        foreach (var team in of)
        {
            var theirs = (await tickets.ListOpenByTeamAsync(team.Id, cancellationToken))
                .Where(t => t.TeamId == team.Id && AgentQueues.IsAssignedTo(t, team, turn.From))
                .Where(t => QueueOrder.Rank(t, teams.Find(t.TeamId), now).Urgency is QueueUrgency.Overdue or QueueUrgency.AtRisk);
            var sorted = QueueOrder.Sort(theirs, now, teams);
            if (sorted.Count == 0) continue;
            pressing += sorted.Count;
            if (team.Leads.Count == 0)
            {
                unreachable.Add($"{team.Name} has no lead to tell (ServiceTeams:{team.Id}:Leads).");
                continue;
            }
            foreach (var lead in team.Leads)
            {
                // Someone the directory has never seen can't be written to; say so now rather than queue it for nothing.
                if (lead.Email is { } email && await people.GetAsync(PersonId.ForEmail(email), cancellationToken) is null)
                {
                    unreachable.Add($"I don't know who {email} is: they have never used Switchboard.");
                    LogLeadUnreachable(team.Id, DirectMessageOutcome.UnknownPerson);
                    continue;
                }
                await AwayLeadNotices.EnqueueAsync(queue, episode, agent.Name, until is { } end ? AwayDates.Show(end, now, zone) : null, team, lead, sorted,
                    cancellationToken);
                telling.Add(lead.Name);
            }
        }
        if (pressing == 0) return null;
        var them = pressing == 1 ? "it" : "them";
        var summary = $"{pressing} of your open tickets {(pressing == 1 ? "is" : "are")} at risk or overdue" +
                      (telling.Count > 0 ? $"; I'm telling {string.Join(", ", telling.Distinct())} so someone can take {them}." : ".");
        return unreachable.Count == 0 ? summary : $"{summary} {string.Join(" ", unreachable)}";
    }

    private async Task<TimeZoneInfo> ZoneOfAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var known = await people.FindAsync(person, cancellationToken);
        if (known?.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return TimeZoneInfo.Utc;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} is away until {Until}")]
    private partial void LogAway(string person, DateTimeOffset? until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A lead of team {Team} could not be told about tickets at risk ({Outcome})")]
    private partial void LogLeadUnreachable(string team, DirectMessageOutcome outcome);
}

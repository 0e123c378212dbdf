using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Queues;

/// <summary>
/// "away [until Friday]" and "back", for agents. Away agents get no tickets from auto-assignment; when an agent
/// goes away, the leads of each of their teams are told by direct message which of their open tickets are at
/// risk or overdue, so someone picks them up.
/// </summary>
public sealed partial class AvailabilityHandler(
    Availability availability,
    TeamDirectory teams,
    ITicketStore tickets,
    TicketDisclosure disclosure,
    PeopleDirectory people,
    DirectMessenger messenger,
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
        var flagged = await FlagToLeadsAsync(turn.From, agent, of, until, now, zone, cancellationToken);
        return await gateways.ReplyAsync(turn, flagged is null ? reply : $"{reply}\n{flagged}", cancellationToken);
    }

    /// <summary>Tells each team's leads which of the agent's open tickets are at risk or overdue; says what was done, or null when nothing was pressing.</summary>
    private async Task<string?> FlagToLeadsAsync(PersonRef person, AgentOptions agent, IReadOnlyList<ServiceTeam> of, DateTimeOffset? until,
        DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var told = new List<string>();
        var unreachable = new List<string>();
        var pressing = 0;
        foreach (var team in of)
        {
            var theirs = (await tickets.ListByTeamAsync(team.Id, cancellationToken))
                .Where(t => t.IsOpen && t.TeamId == team.Id && AgentQueues.IsAssignedTo(t, team, person))
                .Where(t => QueueOrder.Rank(t, teams.Find(t.TeamId), now).Urgency is QueueUrgency.Overdue or QueueUrgency.AtRisk);
            var sorted = QueueOrder.Sort(theirs, now, teams);
            if (sorted.Count == 0) continue;
            pressing += sorted.Count;
            if (team.Leads.Count == 0)
            {
                unreachable.Add($"{team.Name} has no lead to tell (ServiceTeams:{team.Id}:Leads).");
                continue;
            }
            var text = $"{agent.Name} is away{(until is { } end ? $" until {AwayDates.Show(end, now, zone)}" : "")}. " +
                       $"{sorted.Count} of their open {team.Name} tickets {(sorted.Count == 1 ? "is" : "are")} at risk or overdue; please find someone to take {(sorted.Count == 1 ? "it" : "them")}:\n" +
                       // A direct message is a direct place: the disclosure policy decides what of each ticket shows there.
                       string.Join('\n', sorted.Select(t => "• " + Urgent(t, now) + disclosure.ListLine(t, TicketPlace.Direct)));
            foreach (var lead in team.Leads)
            {
                var result = lead.Email is { } email
                    ? await messenger.SendAsync(PersonId.ForEmail(email), text, null, cancellationToken)
                    : await messenger.SendAsync(LeadRef(lead), text, null, cancellationToken);
                if (result.Sent) told.Add(lead.Name);
                else
                {
                    unreachable.Add(result.Problem ?? $"I can't reach {lead.Name}.");
                    LogLeadUnreachable(team.Id, result.Outcome);
                }
            }
        }
        if (pressing == 0) return null;
        var them = pressing == 1 ? "it" : "them";
        var summary = $"{pressing} of your open tickets {(pressing == 1 ? "is" : "are")} at risk or overdue" +
                      (told.Count > 0 ? $"; I told {string.Join(", ", told.Distinct())} so someone can take {them}." : ".");
        return unreachable.Count == 0 ? summary : $"{summary} {string.Join(" ", unreachable)}";
    }

    private string Urgent(Ticket ticket, DateTimeOffset now) =>
        QueueOrder.Rank(ticket, teams.Find(ticket.TeamId), now).Urgency == QueueUrgency.Overdue ? "Overdue: " : "At risk: ";

    private static PersonRef LeadRef(AgentOptions lead)
    {
        var id = lead.Ids[0];
        var at = id.IndexOf(':');
        return new PersonRef(new Platform(id[..at]), id[(at + 1)..], lead.Name);
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

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Queues;

/// <summary>One lead to tell which of an away agent's tickets of one team are at risk or overdue.</summary>
/// <param name="AgentName">The agent who went away.</param>
/// <param name="Until">When they are back, as shown to them ("Fri 4 Dec"), or null for "until they say back".</param>
/// <param name="TeamId">The team whose tickets these are.</param>
/// <param name="LeadName">The lead's name.</param>
/// <param name="LeadEmail">The lead's e-mail, when configured (the directory finds them by it).</param>
/// <param name="LeadAccount">Else the lead's first configured account ("teams:29:...").</param>
/// <param name="Tickets">The tickets, most pressing first.</param>
internal sealed record AwayLeadNotice(string AgentName, string? Until, string TeamId, string LeadName, string? LeadEmail, string? LeadAccount,
    IReadOnlyList<string> Tickets);

/// <summary>
/// Tells a team's leads, by direct message, which of an agent's open tickets are at risk or overdue when the agent
/// goes away. "away" queues one item per lead and team (<see cref="EnqueueAsync"/>); this handler sends it from the
/// <see cref="QueueName"/> work queue, so a platform that fails (429, 500) or a process that dies only delays it.
/// Each item is sent once: a retried "away" queues the same item ids, and a message is recorded as sent after the
/// send, so a retried item sends nothing more.
/// </summary>
public sealed partial class AwayLeadNotices(
    ITicketStore tickets,
    TeamDirectory teams,
    TicketDisclosure disclosure,
    DirectMessenger messenger,
    IIdempotencyStore sent,
    TimeProvider time,
    ILogger<AwayLeadNotices> logger) : IWorkHandler
{
    /// <summary>The work queue of the leads' notices.</summary>
    public const string QueueName = "away-lead-notices";

    // Longer than any retry of an item: a notice sent is never sent again.
    private static readonly TimeSpan SentMemory = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public string Queue => QueueName;

    /// <summary>
    /// Queues the notice of <paramref name="pressing"/> (most pressing first) to <paramref name="lead"/> of
    /// <paramref name="team"/>. <paramref name="episode"/> names the "away" that caused it (its turn's delivery key), so
    /// a redelivered turn queues nothing new.
    /// </summary>
    internal static Task EnqueueAsync(IWorkQueue queue, string episode, string agentName, string? until, ServiceTeam team, AgentOptions lead,
        IReadOnlyList<Ticket> pressing, CancellationToken cancellationToken)
    {
        var account = lead.Email is null ? lead.Ids.FirstOrDefault() : null;
        var leadKey = (lead.Email ?? account ?? lead.Name).ToLowerInvariant();
        var notice = new AwayLeadNotice(agentName, until, team.Id, lead.Name, lead.Email, account, pressing.Select(t => t.Number.ToString()).ToList());
        return queue.EnqueueAsync(QueueName,
            new WorkItem($"away-lead:{episode}:{team.Id}:{leadKey}", $"lead:{leadKey}", JsonSerializer.Serialize(notice, QueuesJsonContext.Default.AwayLeadNotice)),
            null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        if (JsonSerializer.Deserialize(delivery.Item.Payload, QueuesJsonContext.Default.AwayLeadNotice) is not { } notice
            || teams.Find(notice.TeamId) is not { } team) return;
        var key = $"away-lead-sent:{delivery.Item.Id}";
        var ran = await sent.SendOnceAsync(key, SentMemory, ct => SendAsync(notice, team, ct), cancellationToken);
        // Not run: sent before, or another delivery is sending it right now; only the first may be acknowledged.
        if (!ran && !await WasSentAsync(key, cancellationToken))
            throw new InvalidOperationException("Another delivery is sending this notice; it is tried again after it.");
    }

    private async Task SendAsync(AwayLeadNotice notice, ServiceTeam team, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = new List<Ticket>();
        foreach (var number in notice.Tickets)
            if (TicketNumber.TryParse(number, out var parsed) && await tickets.GetAsync(parsed.Value, cancellationToken) is { IsOpen: true } ticket)
                open.Add(ticket);
        // Closed meanwhile: nothing is left to take over.
        if (open.Count == 0) return;
        var text = $"{notice.AgentName} is away{(notice.Until is { } until ? $" until {until}" : "")}. " +
                   $"{open.Count} of their open {team.Name} tickets {(open.Count == 1 ? "is" : "are")} at risk or overdue; please find someone to take {(open.Count == 1 ? "it" : "them")}:\n" +
                   // A direct message is a direct place: the disclosure policy decides what of each ticket shows there.
                   string.Join('\n', open.Select(t => "• " + Urgent(t, now) + disclosure.ListLine(t, TicketPlace.Direct)));
        // A platform that fails for a passing reason throws here, and the queue tries again.
        var result = notice.LeadEmail is { } email
            ? await messenger.SendAsync(PersonId.ForEmail(email), text, null, cancellationToken)
            : await messenger.SendAsync(LeadRef(notice), text, null, cancellationToken);
        if (!result.Sent) LogLeadUnreachable(team.Id, result.Outcome);
    }

    private async Task<bool> WasSentAsync(string key, CancellationToken cancellationToken)
    {
        if (!await sent.TryClaimAsync(key, SentMemory, cancellationToken)) return true;
        await sent.ReleaseAsync(key, CancellationToken.None);
        return false;
    }

    private string Urgent(Ticket ticket, DateTimeOffset now) =>
        QueueOrder.Rank(ticket, teams.Find(ticket.TeamId), now).Urgency == QueueUrgency.Overdue ? "Overdue: " : "At risk: ";

    private static PersonRef LeadRef(AwayLeadNotice notice)
    {
        var id = notice.LeadAccount ?? throw new InvalidOperationException($"The lead {notice.LeadName} has neither an e-mail nor an account.");
        var at = id.IndexOf(':');
        return new PersonRef(new Platform(id[..at]), id[(at + 1)..], notice.LeadName);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A lead of team {Team} could not be told about tickets at risk ({Outcome})")]
    private partial void LogLeadUnreachable(string team, DirectMessageOutcome outcome);
}

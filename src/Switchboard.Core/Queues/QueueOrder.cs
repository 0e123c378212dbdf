using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;

namespace Switchboard.Core.Queues;

/// <summary>How pressing an open ticket is, as queues show and sort it.</summary>
public enum QueueUrgency
{
    /// <summary>Its next deadline has passed.</summary>
    Overdue,
    /// <summary>Less than <see cref="QueueOrder.AtRiskShare"/> of its time is left.</summary>
    AtRisk,
    /// <summary>Plenty of time left.</summary>
    OnTrack,
    /// <summary>Its team sets no target for its priority.</summary>
    NoTarget,
}

/// <summary>Where a ticket stands against its next deadline.</summary>
/// <param name="Urgency">Overdue, at risk, on track, or without a target.</param>
/// <param name="Due">The next deadline: the first response while nobody has responded, else the resolution.</param>
public sealed record QueueRank(QueueUrgency Urgency, DateTimeOffset? Due);

/// <summary>
/// The one place that decides how pressing a ticket is and in which order queues list tickets: overdue first,
/// then the earliest deadline, read from the team's SLA clock (business hours, pauses while waiting on the
/// requester, <see cref="SlaClock"/>), or from the ticket's due instants when the team is not known.
/// </summary>
public static class QueueOrder
{
    /// <summary>The share of a ticket's time that, once all that is left, makes it at risk.</summary>
    public const double AtRiskShare = 0.2;

    /// <summary>
    /// Where <paramref name="ticket"/> stands at <paramref name="now"/> on its team's SLA clock (business hours, pauses
    /// while waiting on the requester); without the team, by its due instants in plain time.
    /// </summary>
    public static QueueRank Rank(Ticket ticket, ServiceTeam? team, DateTimeOffset now)
    {
        if (team is null) return Rank(ticket, now);
        var sla = SlaClock.Evaluate(ticket, team, now);
        var target = new[] { sla.FirstResponse, sla.Resolution }.OfType<SlaTargetStatus>().FirstOrDefault(t => t.State == sla.Worst);
        return target?.State switch
        {
            SlaState.Breached => new QueueRank(QueueUrgency.Overdue, target.Due),
            SlaState.AtRisk => new QueueRank(QueueUrgency.AtRisk, target.Due),
            SlaState.OnTrack => new QueueRank(QueueUrgency.OnTrack, target.Due),
            _ => new QueueRank(QueueUrgency.NoTarget, null),
        };
    }

    /// <summary>Where <paramref name="ticket"/> stands at <paramref name="now"/> by its due instants in plain time.</summary>
    public static QueueRank Rank(Ticket ticket, DateTimeOffset now)
    {
        var due = ticket.FirstRespondedAt is null ? ticket.FirstResponseDue ?? ticket.ResolutionDue : ticket.ResolutionDue;
        if (due is not { } at) return new QueueRank(QueueUrgency.NoTarget, null);
        if (at <= now) return new QueueRank(QueueUrgency.Overdue, at);
        var allowed = at - ticket.CreatedAt;
        return new QueueRank(at - now <= allowed * AtRiskShare ? QueueUrgency.AtRisk : QueueUrgency.OnTrack, at);
    }

    /// <summary><paramref name="tickets"/> in queue order: overdue first, then by the earliest deadline, then oldest first.</summary>
    public static IReadOnlyList<Ticket> Sort(IEnumerable<Ticket> tickets, DateTimeOffset now, TeamDirectory? teams = null) =>
        tickets.Select(ticket => (Ticket: ticket, Rank: Rank(ticket, teams?.Find(ticket.TeamId), now)))
            .OrderBy(t => t.Rank.Urgency == QueueUrgency.Overdue ? 0 : 1)
            .ThenBy(t => t.Rank.Due ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.Ticket.CreatedAt)
            .Select(t => t.Ticket)
            .ToList();
}

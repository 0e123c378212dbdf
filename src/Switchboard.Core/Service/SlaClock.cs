using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Service;

/// <summary>Where a ticket stands against one SLA target.</summary>
public enum SlaState
{
    /// <summary>The clock runs and more than the at-risk share of the target is left.</summary>
    OnTrack,
    /// <summary>The clock runs and less than the at-risk share is left.</summary>
    AtRisk,
    /// <summary>The target passed before the clock stopped (whether it still runs or not).</summary>
    Breached,
    /// <summary>The clock is stopped while the team waits on the requester, with time left.</summary>
    Paused,
    /// <summary>The clock stopped in time: first response given, or the ticket resolved or cancelled.</summary>
    Met,
}

/// <summary>Which SLA target.</summary>
public enum SlaTarget
{
    /// <summary>Time to the first message or action from an agent that the requester sees.</summary>
    FirstResponse,
    /// <summary>Time to resolution.</summary>
    Resolution,
}

/// <summary>One target of a ticket, as of the instant it was evaluated.</summary>
/// <param name="Target">Which target.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Allowed">The business time allowed (the team's target for the ticket's priority).</param>
/// <param name="Used">Business time counted so far; more than <paramref name="Allowed"/> once breached.</param>
/// <param name="Due">
/// When the target is (or was) breached: in the future while the clock runs, in the past once breached;
/// null while paused or once met (the clock is not running towards it).
/// </param>
/// <param name="AtRiskAt">When it becomes (or became) at risk, with the same rules as <paramref name="Due"/>.</param>
public sealed record SlaTargetStatus(SlaTarget Target, SlaState State, TimeSpan Allowed, TimeSpan Used, DateTimeOffset? Due, DateTimeOffset? AtRiskAt)
{
    /// <summary>Business time left; negative once breached.</summary>
    public TimeSpan Left => Allowed - Used;

    /// <summary>True while the clock runs towards this target (on track or at risk).</summary>
    public bool IsRunning => State is SlaState.OnTrack or SlaState.AtRisk;

    /// <summary>
    /// The next instant at which the state changes by itself, for a scheduler: the at-risk instant while on
    /// track, the due instant while at risk, else null (a pause, a reply or a new priority change it, and
    /// the ticket is evaluated again then).
    /// </summary>
    public DateTimeOffset? NextChangeAt => State switch
    {
        SlaState.OnTrack => AtRiskAt,
        SlaState.AtRisk => Due,
        _ => null,
    };
}

/// <summary>A ticket's two SLA targets as of <see cref="EvaluatedAt"/>; a target is null when the team sets none for the priority.</summary>
/// <param name="FirstResponse">Time to first response.</param>
/// <param name="Resolution">Time to resolution.</param>
/// <param name="ClockStartedAt">When the clocks started: filing, or the last move to another team.</param>
/// <param name="EvaluatedAt">The instant evaluated.</param>
public sealed record SlaStatus(SlaTargetStatus? FirstResponse, SlaTargetStatus? Resolution, DateTimeOffset ClockStartedAt, DateTimeOffset EvaluatedAt)
{
    /// <summary>
    /// The state to show or sort by: breached, then at risk, then on track, then paused, then met, over both
    /// targets; null when there is no target at all.
    /// </summary>
    public SlaState? Worst => new[] { FirstResponse, Resolution }.OfType<SlaTargetStatus>()
        .Select(t => (SlaState?)t.State).OrderBy(s => s switch
        {
            SlaState.Breached => 0,
            SlaState.AtRisk => 1,
            SlaState.OnTrack => 2,
            SlaState.Paused => 3,
            _ => 4,
        }).FirstOrDefault();

    /// <summary>The earliest instant either target changes state by itself (<see cref="SlaTargetStatus.NextChangeAt"/>), or null.</summary>
    public DateTimeOffset? NextChangeAt => new[] { FirstResponse?.NextChangeAt, Resolution?.NextChangeAt }.Where(t => t is not null).Min();
}

/// <summary>The times that matter while a ticket waits on the requester.</summary>
/// <param name="Since">When the team started waiting.</param>
/// <param name="NudgeAt">When to remind her (business time after <paramref name="Since"/>).</param>
/// <param name="AutoResolveAt">When to resolve it without her answer (elapsed time after <paramref name="Since"/>).</param>
public sealed record WaitingTimes(DateTimeOffset Since, DateTimeOffset NudgeAt, DateTimeOffset AutoResolveAt);

/// <summary>
/// A ticket's SLA clocks as pure functions of (ticket, team, now), derived from the ticket's history: no
/// stored timers, so every instance computes the same answer and a recomputation is always safe.
/// </summary>
/// <remarks>
/// <para>The clocks count the team's business time (<see cref="ServiceTeam.Calendar"/>) against the targets for
/// the ticket's current priority. They start when the ticket is filed, and run while it is open and not
/// waiting on the requester: "Waiting on requester" stops them, her reply ("add info") or an agent's "In
/// progress" restarts them; resolving or cancelling stops them, reopening restarts them.</para>
/// <para>The first-response clock stops at <see cref="Ticket.FirstRespondedAt"/>, the first message or action
/// from an agent that the requester sees (assign, start, a question, a reply, resolve).</para>
/// <para>A priority change keeps the business time used and measures it against the new priority's target:
/// a ticket raised to Urgent after more than Urgent's target is breached at once, as in most help desks.</para>
/// <para>A move to another team restarts both clocks at the move, on the new team's calendar and targets; the
/// time used before does not carry over. Each team is measured on what it could act on: carrying the time
/// over would make a misrouted ticket arrive at risk or breached, firing the new team's reminders and its
/// leads' escalation at once for a delay that was not theirs (alerts that fire for nothing are soon ignored).
/// The requester's whole wait stays visible from the filing time. A first response the previous team gave
/// stays given: the requester was answered.</para>
/// </remarks>
public static class SlaClock
{
    /// <summary>Both targets of <paramref name="ticket"/>, owned by <paramref name="team"/>, as of <paramref name="now"/>.</summary>
    public static SlaStatus Evaluate(Ticket ticket, ServiceTeam team, DateTimeOffset now)
    {
        var started = ClockStart(ticket);
        var running = RunningSpans(ticket, started);
        var threshold = team.Options.Sla.AtRiskThreshold;
        SlaTargetStatus? firstResponse = null;
        if (team.FirstResponseTarget(ticket.Priority) is { } respondWithin)
        {
            // A response given before a move still counts: the clock never ran for the new team.
            var responded = ticket.FirstRespondedAt is { } at ? (at < started ? started : at) : (DateTimeOffset?)null;
            firstResponse = EvaluateTarget(SlaTarget.FirstResponse, responded is { } stop ? Clip(running, stop) : running,
                stopped: responded is not null || !ticket.IsOpen, respondWithin, threshold, team.Calendar, now);
        }
        SlaTargetStatus? resolution = null;
        if (team.ResolutionTarget(ticket.Priority) is { } resolveWithin)
            resolution = EvaluateTarget(SlaTarget.Resolution, running, stopped: !ticket.IsOpen, resolveWithin, threshold, team.Calendar, now);
        return new SlaStatus(firstResponse, resolution, started, now);
    }

    /// <summary>
    /// <paramref name="ticket"/> with <see cref="Ticket.FirstResponseDue"/> and <see cref="Ticket.ResolutionDue"/>
    /// recomputed as of <paramref name="now"/>: call it after any change that may move them (a pause or its end,
    /// a new priority, a move, a reopen). A running target gets its due instant; a paused one none (it is not
    /// due while the team waits); a stopped one keeps the instant it had (what it was measured against).
    /// </summary>
    public static Ticket Refresh(Ticket ticket, ServiceTeam team, DateTimeOffset now)
    {
        var status = Evaluate(ticket, team, now);
        return ticket with
        {
            FirstResponseDue = DueField(status.FirstResponse, ticket.FirstResponseDue),
            ResolutionDue = DueField(status.Resolution, ticket.ResolutionDue),
        };

        static DateTimeOffset? DueField(SlaTargetStatus? target, DateTimeOffset? had) => target?.State switch
        {
            null => null,
            SlaState.Paused => null,
            SlaState.Met => had,
            _ => target.Due,
        };
    }

    /// <summary>
    /// While <paramref name="ticket"/> waits on the requester: since when, when to nudge her
    /// (<see cref="SlaOptions.WaitingNudgeAfter"/> of the team's business time later) and when to resolve it for
    /// her (<see cref="SlaOptions.AutoResolveAfter"/> of elapsed time later); null when it isn't waiting.
    /// </summary>
    public static WaitingTimes? Waiting(Ticket ticket, ServiceTeam team)
    {
        if (ticket.Status != TicketStatus.WaitingOnRequester) return null;
        var since = ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.WaitingOnRequester)?.At;
        if (since is not { } at) return null;
        var sla = team.Options.Sla;
        return new WaitingTimes(at, team.Calendar.Add(at, sla.WaitingNudgeAfter), at + sla.AutoResolveAfter);
    }

    /// <summary>When the clocks started: the last move to another team, else the filing.</summary>
    public static DateTimeOffset ClockStart(Ticket ticket) =>
        ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.Moved)?.At ?? ticket.CreatedAt;

    /// <summary>
    /// The spans of wall-clock time, from <paramref name="from"/> on, in which the resolution clock runs, from the
    /// history; the last has no end while it still runs.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> RunningSpans(Ticket ticket, DateTimeOffset from)
    {
        var spans = new List<(DateTimeOffset Start, DateTimeOffset? End)>();
        DateTimeOffset? runningSince = from;
        foreach (var change in ticket.History.Where(e => e.At >= from))
        {
            bool? runs = change.Kind switch
            {
                TicketEventKind.WaitingOnRequester or TicketEventKind.Resolved or TicketEventKind.Cancelled => false,
                // Her reply, an agent taking it up again, a reopening, or a move (which makes it New) start it again.
                TicketEventKind.InfoAdded or TicketEventKind.Started or TicketEventKind.Reopened or TicketEventKind.Moved => true,
                // Assigning, replying and filing leave it as it was (a ticket waiting on the requester stays waiting).
                _ => null,
            };
            if (runs == false && runningSince is { } since)
            {
                spans.Add((since, change.At));
                runningSince = null;
            }
            else if (runs == true && runningSince is null)
            {
                runningSince = change.At;
            }
        }
        if (runningSince is { } open) spans.Add((open, null));
        return spans;
    }

    private static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> Clip(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> spans, DateTimeOffset stop) =>
        spans.Where(s => s.Start < stop).Select(s => (s.Start, (DateTimeOffset?)(s.End is { } end && end < stop ? end : stop))).ToList();

    private static SlaTargetStatus EvaluateTarget(SlaTarget target, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> spans, bool stopped,
        TimeSpan allowed, double threshold, BusinessCalendar calendar, DateTimeOffset now)
    {
        var due = Crossing(spans, allowed, calendar);
        var atRisk = Crossing(spans, allowed - allowed * threshold, calendar);
        var used = TimeSpan.Zero;
        foreach (var (start, end) in spans)
            used += calendar.BusinessTimeBetween(start, end is { } e && e < now ? e : now);
        var runsNow = !stopped && spans is [.., (_, null)];
        // A running clock is breached at its due instant (so a job scheduled for then finds it breached); a
        // stopped one only if it stopped after that instant: a response at 14:00 sharp meets "respond by 14:00",
        // one on Saturday morning misses "by Friday 17:30" though no business time passed in between.
        var lastCounted = runsNow || spans.Count == 0 ? now : spans[^1].End!.Value;

        if (due is { } breachedAt && breachedAt <= now && (runsNow || breachedAt < lastCounted))
            return new SlaTargetStatus(target, SlaState.Breached, allowed, used, breachedAt, atRisk);
        if (runsNow)
            return new SlaTargetStatus(target, atRisk <= now ? SlaState.AtRisk : SlaState.OnTrack, allowed, used, due, atRisk);
        return new SlaTargetStatus(target, stopped ? SlaState.Met : SlaState.Paused, allowed, used, null, null);
    }

    /// <summary>When the business time counted over <paramref name="spans"/> reaches <paramref name="amount"/>; null if it never does.</summary>
    private static DateTimeOffset? Crossing(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> spans, TimeSpan amount, BusinessCalendar calendar)
    {
        var left = amount;
        foreach (var (start, end) in spans)
        {
            if (end is not { } stop) return calendar.Add(start, left);
            var inSpan = calendar.BusinessTimeBetween(start, stop);
            if (left <= inSpan) return calendar.Add(start, left);
            left -= inSpan;
        }
        return null;
    }
}

using System.Globalization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Requests;

/// <summary>The kinds of job scheduled for a ticket (each job's id is <c>{kind}:{ticket}</c>).</summary>
public static class TicketTimerKinds
{
    /// <summary>The "did this fix it?" question stops taking answers.</summary>
    public const string SurveyExpiry = "survey.expire";

    /// <summary>The first response is at risk: the assignee is reminded (the team's thread when unassigned).</summary>
    public const string ResponseAtRisk = "sla.response-at-risk";

    /// <summary>The first response target is breached: the team's leads hear about it.</summary>
    public const string ResponseBreached = "sla.response-breached";

    /// <summary>The resolution is at risk: the assignee is reminded (the team's thread when unassigned).</summary>
    public const string ResolutionAtRisk = "sla.resolution-at-risk";

    /// <summary>The resolution target is breached: the team's leads hear about it.</summary>
    public const string ResolutionBreached = "sla.resolution-breached";

    /// <summary>The requester hasn't answered the team's question: she is reminded once.</summary>
    public const string WaitingNudge = "waiting.nudge";

    /// <summary>The requester never answered: the ticket is resolved, and she is told how to reopen it.</summary>
    public const string WaitingAutoResolve = "waiting.auto-resolve";

    /// <summary>Every kind, for registering their handler.</summary>
    public static readonly IReadOnlyList<string> All =
        [SurveyExpiry, ResponseAtRisk, ResponseBreached, ResolutionAtRisk, ResolutionBreached, WaitingNudge, WaitingAutoResolve];

    /// <summary>True for the SLA reminder kinds (to the assignee).</summary>
    public static bool IsAtRisk(string kind) => kind is ResponseAtRisk or ResolutionAtRisk;

    /// <summary>True for the SLA escalation kinds (to the leads).</summary>
    public static bool IsBreach(string kind) => kind is ResponseBreached or ResolutionBreached;
}

/// <summary>
/// What a ticket has scheduled: which jobs it should have given its state (<see cref="Desired"/>), and what each
/// does when it fires (<see cref="Apply"/>). A fired job is a ticket change by <see cref="Actor"/>, stored with
/// compare-and-set under a delivery id made of the job and its due time, so a job run twice (a lost claim, a
/// crash, two instances) changes the ticket once, and a reminder already sent for a deadline is not scheduled
/// again. Its effects go through the outbox like any other change's.
/// </summary>
public sealed class TicketTimers(TeamDirectory teams, TimeProvider time)
{
    /// <summary>Who a fired job's change is recorded as.</summary>
    public static readonly PersonRef Actor = SystemActor.Named("timer", "Switchboard");

    /// <summary>The jobs <paramref name="ticket"/> should have scheduled now, by id.</summary>
    public IReadOnlyList<TicketTimer> Desired(Ticket ticket)
    {
        List<TicketTimer> timers = [];
        if (ticket.Survey is { State: SurveyState.Pending } survey && ticket.Status == TicketStatus.Resolved)
            timers.Add(Timer(TicketTimerKinds.SurveyExpiry, ticket, survey.ExpiresAt));
        if (!ticket.IsOpen || teams.Find(ticket.TeamId) is not { } team) return timers;

        var status = SlaClock.Evaluate(ticket, team, time.GetUtcNow());
        Deadline(status.FirstResponse, TicketTimerKinds.ResponseAtRisk, TicketTimerKinds.ResponseBreached);
        Deadline(status.Resolution, TicketTimerKinds.ResolutionAtRisk, TicketTimerKinds.ResolutionBreached);
        if (SlaClock.Waiting(ticket, team) is { } waiting)
        {
            Once(TicketTimerKinds.WaitingNudge, waiting.NudgeAt);
            Once(TicketTimerKinds.WaitingAutoResolve, waiting.AutoResolveAt);
        }
        return timers;

        void Deadline(SlaTargetStatus? target, string atRiskKind, string breachKind)
        {
            // A breach is escalated once, also when it is found late; a reminder only helps while the clock runs.
            if (target is { IsRunning: true, AtRiskAt: { } risk }) Once(atRiskKind, risk);
            if (target is { IsRunning: true } or { State: SlaState.Breached } && target.Due is { } due) Once(breachKind, due);
        }

        // A job that already fired for this due time (its change is in the history) is not scheduled again.
        void Once(string kind, DateTimeOffset dueAt)
        {
            var timer = Timer(kind, ticket, dueAt);
            if (!ticket.History.Any(e => e.DeliveryId == DeliveryId(timer.Id, dueAt))) timers.Add(timer);
        }
    }

    /// <summary>The job id of a ticket's timer of <paramref name="kind"/>.</summary>
    public static string JobId(string kind, TicketNumber number) => $"{kind}:{number}";

    /// <summary>The delivery id of the change a fired job makes: one per job and due time, so it is made once.</summary>
    public static string DeliveryId(ScheduledJob job) => DeliveryId(job.Id, job.DueAt);

    private static string DeliveryId(string jobId, DateTimeOffset dueAt) =>
        $"timer:{jobId}@{dueAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What a fired job of <see cref="TicketChange.TimerKind"/> changes (the job runs only while it is still due).</summary>
    internal static TicketChangeResult Apply(Ticket ticket, TicketChange change, DateTimeOffset now)
    {
        var n = ticket.Number;
        var kind = change.TimerKind;
        var note = change.Note ?? kind;
        TicketChangeResult Record(Ticket changed, string? requesterMessage, string? threadMessage) =>
            TicketWorkflow.Done(changed, TicketWorkflow.Event(now, change.Actor, TicketEventKind.Timer, note), requesterMessage, threadMessage);

        switch (kind)
        {
            case TicketTimerKinds.SurveyExpiry when ticket.Survey is { State: SurveyState.Pending } survey:
                return Record(ticket with { Survey = survey with { State = SurveyState.Expired } }, null, null);
            case TicketTimerKinds.ResponseAtRisk or TicketTimerKinds.ResolutionAtRisk when ticket.IsOpen:
                // The assignee hears it directly; with nobody on it, the team's thread does.
                return Record(ticket, null, ticket.Assignee is null ? $"⏰ {n} is unassigned and at risk: {What(kind)} due {Due(ticket, kind)}." : null);
            case TicketTimerKinds.ResponseBreached or TicketTimerKinds.ResolutionBreached when ticket.IsOpen:
                return Record(ticket, null, $"🚨 {n} missed its {What(kind)} target ({Due(ticket, kind)}); the team's leads have been told.");
            case TicketTimerKinds.WaitingNudge when ticket.Status == TicketStatus.WaitingOnRequester:
                var question = ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.WaitingOnRequester)?.Note;
                return Record(ticket,
                    question is null
                        ? $"Reminder: {n} ({ticket.Summary}) is waiting on your answer."
                        : $"Reminder: {n} ({ticket.Summary}) is waiting on your answer to: {question}",
                    null);
            case TicketTimerKinds.WaitingAutoResolve when ticket.Status == TicketStatus.WaitingOnRequester:
                var resolution = "Closed automatically: the team's question got no answer.";
                return TicketWorkflow.Done(ticket with { Status = TicketStatus.Resolved, Resolution = resolution, ResolvedAt = now },
                    TicketWorkflow.Event(now, change.Actor, TicketEventKind.Resolved, resolution),
                    $"{n} ({ticket.Summary}) was closed because the team's question got no answer. Still need help? Reply \"reopen {n}\".",
                    $"{n} was closed automatically: no answer from {ticket.Requester.Name}.");
            case null:
                return TicketChangeResult.Refuse("A timer must say its kind.");
            default:
                return TicketChangeResult.Refuse($"{n}'s {kind} timer is no longer due.");
        }
    }

    /// <summary>"first response" or "resolution", for a reminder about <paramref name="kind"/>.</summary>
    public static string What(string kind) => kind is TicketTimerKinds.ResponseAtRisk or TicketTimerKinds.ResponseBreached ? "first response" : "resolution";

    private static string Due(Ticket ticket, string kind) =>
        (kind is TicketTimerKinds.ResponseAtRisk or TicketTimerKinds.ResponseBreached ? ticket.FirstResponseDue : ticket.ResolutionDue) is { } due
            ? TicketCards.Format(due)
            : "now";

    private static TicketTimer Timer(string kind, Ticket ticket, DateTimeOffset dueAt) => new(JobId(kind, ticket.Number), kind, dueAt);
}

/// <summary>
/// Runs a fired ticket timer: the ticket change it stands for (see <see cref="TicketTimers"/>), if the ticket
/// still wants that job at that time. A job the ticket no longer wants (answered, resolved in time, rescheduled)
/// does nothing.
/// </summary>
public sealed class TicketTimerJob(ITicketStore tickets, TicketTimers timers, TicketService service) : IModuleJob
{
    /// <inheritdoc />
    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(job.Job.Payload, out var number))
            throw new FormatException($"Job {job.Job.Id} does not name a ticket.");
        var ticket = await tickets.GetAsync(number.Value, cancellationToken);
        if (ticket is null || !timers.Desired(ticket).Any(t => t.Id == job.Job.Id && t.DueAt == job.Job.DueAt)) return;
        await service.ChangeAsync(ticket,
            new TicketChange(Verbs.Timer, TicketTimers.Actor, DeliveryId: TicketTimers.DeliveryId(job.Job)) { TimerKind = job.Job.Kind },
            cancellationToken);
    }
}

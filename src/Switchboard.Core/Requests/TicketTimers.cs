using System.Globalization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Work;

namespace Switchboard.Core.Requests;

/// <summary>The kinds of job scheduled for a ticket (each job's id is <c>{kind}:{ticket}</c>).</summary>
public static class TicketTimerKinds
{
    /// <summary>The "did this fix it?" question stops taking answers.</summary>
    public const string SurveyExpiry = "survey.expire";
}

/// <summary>
/// What a ticket has scheduled: which jobs it should have given its state (<see cref="Desired"/>), and what each
/// does when it fires (<see cref="Apply"/>). A fired job is a ticket change by <see cref="Actor"/>, stored with
/// compare-and-set under a delivery id of its own, so a job run twice (a lost claim, a crash) changes the
/// ticket once, and its effects go through the outbox like any other change's.
/// </summary>
public sealed class TicketTimers
{
    /// <summary>Who a fired job's change is recorded as.</summary>
    public static readonly PersonRef Actor = new(new Platform("switchboard"), "timer", "Switchboard");

    /// <summary>The jobs <paramref name="ticket"/> should have scheduled now, by id.</summary>
    public IReadOnlyList<TicketTimer> Desired(Ticket ticket)
    {
        List<TicketTimer> timers = [];
        if (ticket.Survey is { State: SurveyState.Pending } survey && ticket.Status == TicketStatus.Resolved)
            timers.Add(Timer(TicketTimerKinds.SurveyExpiry, ticket, survey.ExpiresAt));
        return timers;
    }

    /// <summary>The job id of a ticket's timer of <paramref name="kind"/>.</summary>
    public static string JobId(string kind, TicketNumber number) => $"{kind}:{number}";

    /// <summary>The delivery id of the change a fired job makes: one per job and due time, so it is made once.</summary>
    public static string DeliveryId(ScheduledJob job) =>
        $"timer:{job.Id}@{job.DueAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What a fired job of <see cref="TicketChange.TimerKind"/> changes, or a refusal when it is no longer due.</summary>
    internal static TicketChangeResult Apply(Ticket ticket, TicketChange change, DateTimeOffset now) => change.TimerKind switch
    {
        TicketTimerKinds.SurveyExpiry when ticket.Survey is { State: SurveyState.Pending } survey && survey.ExpiresAt <= now =>
            TicketWorkflow.Done(ticket with { Survey = survey with { State = SurveyState.Expired } },
                TicketWorkflow.Event(now, change.Actor, TicketEventKind.Timer, "The question \"did this fix it?\" expired unanswered."),
                null, null),
        TicketTimerKinds.SurveyExpiry => NotDue(ticket),
        _ => TicketChangeResult.Refuse($"No timer of kind '{change.TimerKind}' is known."),
    };

    private static TicketChangeResult NotDue(Ticket ticket) => TicketChangeResult.Refuse($"{ticket.Number}'s timer is no longer due.");

    private static TicketTimer Timer(string kind, Ticket ticket, DateTimeOffset dueAt) => new(JobId(kind, ticket.Number), kind, dueAt);
}

/// <summary>Runs a fired ticket timer: the ticket change it stands for (see <see cref="TicketTimers"/>).</summary>
public sealed class TicketTimerJob(TicketService service) : IModuleJob
{
    /// <inheritdoc />
    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(job.Job.Payload, out var number))
            throw new FormatException($"Job {job.Job.Id} does not name a ticket.");
        // A refusal means it is no longer due (answered, reopened, resolved in time): nothing to do.
        await service.ChangeAsync(number.Value,
            new TicketChange(Verbs.Timer, TicketTimers.Actor, DeliveryId: TicketTimers.DeliveryId(job.Job)) { TimerKind = job.Job.Kind },
            cancellationToken);
    }
}

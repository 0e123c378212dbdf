namespace Switchboard.Core.Work;

/// <summary>
/// Jobs due at a time (SLA reminders, survey expiry, digests), kept durably. A due job is claimed with a
/// lease, so it fires once across any number of instances; a job whose claimer died is claimable again when
/// the lease runs out; jobs that fell due while nothing ran are simply due when something starts again.
/// </summary>
public interface IScheduler
{
    /// <summary>
    /// Schedules <paramref name="job"/> under its <see cref="ScheduledJob.Id"/>. Scheduling an id that exists
    /// replaces it (kind, payload and due time), and a claim on the old one can no longer complete it.
    /// </summary>
    Task ScheduleAsync(ScheduledJob job, CancellationToken cancellationToken);

    /// <summary>Removes the job, claimed or not.</summary>
    /// <returns>False when there was no such job.</returns>
    Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job as scheduled, or null.</summary>
    Task<ScheduledJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> due jobs, earliest first, for <paramref name="lease"/>: no one else
    /// can claim them until the lease runs out.
    /// </summary>
    Task<IReadOnlyList<JobLease>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Removes a job that has run.</summary>
    /// <returns>False when the claim was no longer current (the lease ran out and it was claimed again, or it was rescheduled or cancelled).</returns>
    Task<bool> CompleteAsync(JobLease lease, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed run: the job is due again at <paramref name="retryAt"/>, its attempt count kept.</summary>
    /// <returns>False when the claim was no longer current.</returns>
    Task<bool> ReleaseAsync(JobLease lease, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>How many jobs are scheduled and how many of them are due now, for health and metrics.</summary>
    Task<SchedulerStats> GetStatsAsync(CancellationToken cancellationToken);
}

/// <summary>A job to run at <see cref="DueAt"/>.</summary>
/// <param name="Id">Identifies the job, so scheduling it again reschedules it (e.g. <c>sla-reminder:IT-1001</c>).</param>
/// <param name="Kind">Chooses the <see cref="IJobHandler"/> that runs it.</param>
/// <param name="Payload">What the handler needs, usually JSON. Never logged.</param>
/// <param name="DueAt">When it should run.</param>
public sealed record ScheduledJob(string Id, string Kind, string Payload, DateTimeOffset DueAt);

/// <summary>A claimed job.</summary>
/// <param name="Job">The job as scheduled.</param>
/// <param name="Attempt">1 on the first claim; counts every claim since the job was (re)scheduled.</param>
/// <param name="Token">Identifies this claim: only it can complete or release the job.</param>
public sealed record JobLease(ScheduledJob Job, int Attempt, string Token);

/// <summary>A scheduler's numbers.</summary>
/// <param name="Scheduled">Jobs kept, claimed or not.</param>
/// <param name="Due">Jobs that are due and not under a live claim.</param>
public sealed record SchedulerStats(long Scheduled, long Due);

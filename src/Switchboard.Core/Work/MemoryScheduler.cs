namespace Switchboard.Core.Work;

/// <summary>In-process <see cref="IScheduler"/>: the default when no Redis is configured.</summary>
public sealed class MemoryScheduler(TimeProvider time) : IScheduler
{
    private readonly Dictionary<string, Entry> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task ScheduleAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        WorkValidation.Job(job);
        lock (_gate) _jobs[job.Id] = new Entry(job, job.DueAt, Token: null, Attempts: 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_jobs.Remove(jobId));
    }

    /// <inheritdoc />
    public Task<ScheduledJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_jobs.GetValueOrDefault(jobId)?.Job);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobLease>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var due = _jobs.Values.Where(e => e.AvailableAt <= now)
                .OrderBy(e => e.AvailableAt).ThenBy(e => e.Job.Id, StringComparer.Ordinal).Take(max).ToList();
            IReadOnlyList<JobLease> claimed = due.Select(e =>
            {
                var claim = e with { AvailableAt = now + lease, Token = Guid.NewGuid().ToString("N"), Attempts = e.Attempts + 1 };
                _jobs[e.Job.Id] = claim;
                return new JobLease(claim.Job, claim.Attempts, claim.Token!);
            }).ToList();
            return Task.FromResult(claimed);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(JobLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!Holds(lease)) return Task.FromResult(false);
            return Task.FromResult(_jobs.Remove(lease.Job.Id));
        }
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(JobLease lease, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!Holds(lease)) return Task.FromResult(false);
            _jobs[lease.Job.Id] = _jobs[lease.Job.Id] with { AvailableAt = retryAt, Token = null };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<SchedulerStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate) return Task.FromResult(new SchedulerStats(_jobs.Count, _jobs.Values.Count(e => e.AvailableAt <= now)));
    }

    private bool Holds(JobLease lease) => _jobs.TryGetValue(lease.Job.Id, out var current) && current.Token == lease.Token;

    private sealed record Entry(ScheduledJob Job, DateTimeOffset AvailableAt, string? Token, int Attempts);
}

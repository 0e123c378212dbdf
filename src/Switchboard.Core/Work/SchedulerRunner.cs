using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace Switchboard.Core.Work;

/// <summary>Runs the scheduled jobs of one kind. Register one per kind.</summary>
public interface IJobHandler
{
    /// <summary>The <see cref="ScheduledJob.Kind"/> this handler runs.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs the job. Returning completes it; throwing retries it with back-off until
    /// <see cref="SchedulerRunnerOptions.MaxAttempts"/>. A job may run more than once (a lost claim, a crash
    /// before completion), so its effects must be safe to repeat. <paramref name="cancellationToken"/> fires at shutdown.
    /// </summary>
    Task RunAsync(JobLease job, CancellationToken cancellationToken);
}

/// <summary>How a <see cref="SchedulerRunner"/> claims and retries jobs (section <c>Work:Scheduler</c>).</summary>
public sealed record SchedulerRunnerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Work:Scheduler";

    /// <summary>How often due jobs are looked for: the scheduler's precision.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed job stays with this instance; past it, another instance may run it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Jobs run at once.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Runs a job gets before it is dropped (and logged as abandoned).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Back-off after the first failed run; it doubles with each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Claims due jobs from the <see cref="IScheduler"/> and runs each with the <see cref="IJobHandler"/> for its
/// kind: completed on success, released with back-off on failure, dropped (and logged) after the last attempt.
/// Run it from a hosted service with <see cref="RunAsync"/>; claims interrupted by shutdown come back after their lease.
/// </summary>
public sealed partial class SchedulerRunner
{
    private readonly IScheduler _scheduler;
    private readonly IReadOnlyDictionary<string, IJobHandler> _handlers;
    private readonly SchedulerRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a runner over <paramref name="handlers"/>: one per job kind.</summary>
    public SchedulerRunner(IScheduler scheduler, IEnumerable<IJobHandler> handlers, SchedulerRunnerOptions options, TimeProvider time, ILogger<SchedulerRunner> logger)
    {
        var byKind = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byKind.TryAdd(handler.Kind, handler))
                throw new InvalidOperationException($"Two job handlers run kind '{handler.Kind}': {byKind[handler.Kind].GetType().Name} and {handler.GetType().Name}.");
        }
        (_scheduler, _handlers, _options, _time, _logger) = (scheduler, byKind, options, time, logger);
    }

    /// <summary>The job kinds this runner has handlers for.</summary>
    public IReadOnlyCollection<string> Kinds => [.. _handlers.Keys];

    /// <summary>Claims and runs due jobs until <paramref name="stoppingToken"/> fires, then waits for running jobs to return.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (slots.Wait(0)) free++;

                IReadOnlyList<JobLease> claimed = [];
                try
                {
                    claimed = await _scheduler.ClaimDueAsync(free, _options.Lease, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogClaimFailed(e.GetType().Name);
                }
                finally
                {
                    // Also when shutdown cancels the claim: the wait for every slot below would otherwise never end.
                    if (free > claimed.Count) slots.Release(free - claimed.Count);
                }
                foreach (var job in claimed) WorkMetrics.JobClaimed(job.Job, _time.GetUtcNow());
                foreach (var job in claimed) _ = Task.Run(() => RunOneAsync(job, slots, stoppingToken), CancellationToken.None);

                // A full batch means more may be due right now.
                if (claimed.Count < free) await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        for (var i = 0; i < _options.MaxConcurrency; i++) await slots.WaitAsync(CancellationToken.None);
    }

    private async Task RunOneAsync(JobLease lease, SemaphoreSlim slot, CancellationToken stopping)
    {
        var job = lease.Job;
        try
        {
            try
            {
                if (!_handlers.TryGetValue(job.Kind, out var handler))
                    throw new InvalidOperationException($"No job handler runs kind '{job.Kind}'.");
                await handler.RunAsync(lease, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                LogLeftForLater(job.Id, job.Kind);
                return;
            }
            catch (Exception e)
            {
                await FailAsync(lease, e);
                return;
            }
            if (await _scheduler.CompleteAsync(lease, CancellationToken.None)) WorkMetrics.JobCompleted(job.Kind);
            else LogClaimLost(job.Id, job.Kind);
        }
        catch (Exception e)
        {
            LogSchedulerFailed(job.Id, job.Kind, e.GetType().Name);
        }
        finally
        {
            slot.Release();
        }
    }

    private async Task FailAsync(JobLease lease, Exception error)
    {
        var job = lease.Job;
        if (lease.Attempt >= _options.MaxAttempts)
        {
            LogAbandoned(job.Id, job.Kind, lease.Attempt, error.GetType().Name);
            WorkMetrics.JobAbandoned(job.Kind);
            await _scheduler.CompleteAsync(lease, CancellationToken.None);
            return;
        }
        var delay = Backoff.Doubling(_options.FirstRetryDelay, _options.MaxRetryDelay, lease.Attempt);
        LogWillRetry(job.Id, job.Kind, lease.Attempt, error.GetType().Name);
        await _scheduler.ReleaseAsync(lease, _time.GetUtcNow() + delay, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) failed on attempt {Attempt} ({ErrorType}); it will be retried")]
    private partial void LogWillRetry(string jobId, string kind, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) failed on its last attempt {Attempt} ({ErrorType}) and was dropped")]
    private partial void LogAbandoned(string jobId, string kind, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) ran but its claim was no longer current (rescheduled, cancelled or claimed again)")]
    private partial void LogClaimLost(string jobId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) was interrupted by shutdown and will run again after its lease")]
    private partial void LogLeftForLater(string jobId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming due jobs failed ({ErrorType}); trying again shortly")]
    private partial void LogClaimFailed(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling job {JobId} ({Kind}) failed ({ErrorType}); it will be claimed again after its lease")]
    private partial void LogSchedulerFailed(string jobId, string kind, string errorType);
}

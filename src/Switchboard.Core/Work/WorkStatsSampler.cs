using Microsoft.Extensions.Logging;

namespace Switchboard.Core.Work;

/// <summary>
/// Reads the depth and lag of each queue and the scheduler's due count every <c>interval</c> and keeps them
/// for the <see cref="WorkMetrics"/> gauges. Metric callbacks are synchronous, so they report these last known
/// numbers instead of asking storage. Run only when metrics are exported: each sample is a storage round trip per queue.
/// </summary>
public sealed partial class WorkStatsSampler(IWorkQueue queue, IReadOnlyCollection<string> queues, IScheduler scheduler,
    TimeSpan interval, TimeProvider time, ILogger<WorkStatsSampler> logger)
{
    /// <summary>Samples every queue and the scheduler once.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        foreach (var name in queues)
        {
            try
            {
                WorkMetrics.QueueSampled(name, await queue.GetStatsAsync(name, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauges keep the last known numbers; storage trouble shows in health and logs.
                LogSampleFailed(logger, name, e.GetType().Name);
            }
        }
        try
        {
            WorkMetrics.SchedulerSampled(await scheduler.GetStatsAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSampleFailed(logger, "scheduler", e.GetType().Name);
        }
    }

    /// <summary>Samples until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SampleAsync(stoppingToken);
                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the numbers of {Source} for metrics failed ({ErrorType}); the gauges keep the last ones")]
    private static partial void LogSampleFailed(ILogger logger, string source, string errorType);
}

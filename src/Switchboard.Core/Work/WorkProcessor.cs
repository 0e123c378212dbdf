using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace Switchboard.Core.Work;

/// <summary>Handles the items of one named queue. Register one per queue.</summary>
public interface IWorkHandler
{
    /// <summary>The queue this handler consumes.</summary>
    string Queue { get; }

    /// <summary>
    /// Does the work. Returning acknowledges the item; throwing retries it with back-off (and, after the last
    /// attempt, dead-letters it). It may run more than once for one item (a lost lease, a crash before the
    /// acknowledgement), so its effects must be safe to repeat. <paramref name="cancellationToken"/> fires at shutdown.
    /// </summary>
    Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Called once after <see cref="HandleAsync"/> failed the item's last attempt and the item became a dead letter,
    /// so the handler can tell someone (e.g. apologise to the person who asked). Not called for an item whose
    /// lease ran out on its last attempt (its consumer died), which the queue buries on its own. Failures are logged.
    /// </summary>
    Task DeadLetteredAsync(WorkLease delivery, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How a <see cref="WorkProcessor"/> consumes its queues (section <c>Work:Processor</c>).</summary>
public sealed record WorkProcessorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Work:Processor";

    /// <summary>How long a received item stays with this instance; past it, another instance may take it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Items of one queue handled at once (different ordering keys only; one key runs one at a time).</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Items asked for in one receive.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; init; } = 16;

    /// <summary>The longest pause between receives on an idle queue (a wake-up on new work usually ends it sooner).</summary>
    public TimeSpan MaxIdleWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>This instance's consumer name; the default is unique per process.</summary>
    public string ConsumerName { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>
/// Consumes every queue that has an <see cref="IWorkHandler"/> and dispatches its items: up to
/// <see cref="WorkProcessorOptions.MaxConcurrency"/> at once per queue, never two of one ordering key at once
/// (the queue holds the next one back), retried and finally dead-lettered on failure. Run it from a hosted
/// service with <see cref="RunAsync"/>; stopping it stops receiving, lets running handlers see the
/// cancellation and leaves unacknowledged items to be redelivered when their lease runs out.
/// </summary>
public sealed partial class WorkProcessor
{
    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(50);

    private readonly IWorkQueue _queue;
    private readonly IReadOnlyDictionary<string, IWorkHandler> _handlers;
    private readonly WorkProcessorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a processor over <paramref name="handlers"/>: one per queue name.</summary>
    public WorkProcessor(IWorkQueue queue, IEnumerable<IWorkHandler> handlers, WorkProcessorOptions options, TimeProvider time, ILogger<WorkProcessor> logger)
    {
        var byQueue = new Dictionary<string, IWorkHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            WorkValidation.Queue(handler.Queue);
            if (!byQueue.TryAdd(handler.Queue, handler))
                throw new InvalidOperationException($"Two work handlers consume queue '{handler.Queue}': {byQueue[handler.Queue].GetType().Name} and {handler.GetType().Name}.");
        }
        (_queue, _handlers, _options, _time, _logger) = (queue, byQueue, options, time, logger);
    }

    /// <summary>The queues this processor consumes.</summary>
    public IReadOnlyCollection<string> Queues => [.. _handlers.Keys];

    /// <summary>Consumes until <paramref name="stoppingToken"/> fires, then waits for running handlers to return.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_handlers.Values.Select(handler => Task.Run(() => ConsumeAsync(handler, stoppingToken), CancellationToken.None)));

    private async Task ConsumeAsync(IWorkHandler handler, CancellationToken stopping)
    {
        var queue = handler.Queue;
        using var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        var idleWait = FirstIdleWait;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(stopping);
                var free = 1;
                while (free < _options.BatchSize && slots.Wait(0)) free++;

                IReadOnlyList<WorkLease> leases;
                try
                {
                    leases = await _queue.ReceiveAsync(queue, _options.ConsumerName, free, _options.Lease, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // The wait for every slot below would otherwise never end.
                    slots.Release(free);
                    throw;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    slots.Release(free);
                    LogReceiveFailed(queue, e.GetType().Name);
                    await Task.Delay(_options.MaxIdleWait, _time, stopping);
                    continue;
                }

                if (free > leases.Count) slots.Release(free - leases.Count);
                foreach (var lease in leases) _ = Task.Run(() => RunOneAsync(handler, lease, slots, stopping), CancellationToken.None);

                if (leases.Count > 0)
                {
                    idleWait = FirstIdleWait;
                    continue;
                }
                try
                {
                    await _queue.WaitForWorkAsync(queue, idleWait, stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogReceiveFailed(queue, e.GetType().Name);
                    await Task.Delay(_options.MaxIdleWait, _time, stopping);
                }
                idleWait = idleWait * 2 < _options.MaxIdleWait ? idleWait * 2 : _options.MaxIdleWait;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        // Every slot back means every running handler has returned.
        for (var i = 0; i < _options.MaxConcurrency; i++) await slots.WaitAsync(CancellationToken.None);
    }

    private async Task RunOneAsync(IWorkHandler handler, WorkLease lease, SemaphoreSlim slot, CancellationToken stopping)
    {
        var queue = handler.Queue;
        try
        {
            try
            {
                using var activity = WorkTrace.StartProcessing(queue, lease);
                await handler.HandleAsync(lease, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Not a failure of the item: it stays leased and is redelivered after the lease.
                LogLeftForRedelivery(queue, lease.Item.Id);
                return;
            }
            catch (Exception e)
            {
                await FailAsync(handler, lease, e, stopping);
                return;
            }
            // The work is done: acknowledge it even when shutting down, so it doesn't run again.
            if (await _queue.AckAsync(queue, lease, CancellationToken.None)) WorkMetrics.ItemProcessed(queue);
            else LogLeaseLost(queue, lease.Item.Id, lease.Attempt);
        }
        catch (Exception e)
        {
            // The queue itself failed (storage down): the item stays leased and comes back after the lease.
            LogQueueFailed(queue, lease.Item.Id, e.GetType().Name);
        }
        finally
        {
            slot.Release();
        }
    }

    private async Task FailAsync(IWorkHandler handler, WorkLease lease, Exception error, CancellationToken stopping)
    {
        var queue = handler.Queue;
        // The exception type names the failure in logs; its message may quote what people wrote, so it goes
        // only into the dead letter, which admins read.
        var outcome = await _queue.RetryAsync(queue, lease, $"{error.GetType().FullName}: {Truncate(error.Message, 500)}", CancellationToken.None);
        switch (outcome)
        {
            case RetryOutcome.Retrying:
                WorkMetrics.ItemRetried(queue);
                LogWillRetry(queue, lease.Item.Id, lease.Attempt, error.GetType().Name);
                break;
            case RetryOutcome.DeadLettered:
                LogGaveUp(queue, lease.Item.Id, lease.Attempt, error.GetType().Name);
                await TellDeadLetteredAsync(handler, lease, stopping);
                break;
            default:
                LogLeaseLost(queue, lease.Item.Id, lease.Attempt);
                break;
        }
    }

    private async Task TellDeadLetteredAsync(IWorkHandler handler, WorkLease lease, CancellationToken stopping)
    {
        try
        {
            await handler.DeadLetteredAsync(lease, stopping);
        }
        catch (Exception e)
        {
            // The dead letter is stored whatever happens here; only the courtesy is lost.
            LogDeadLetterHookFailed(handler.Queue, lease.Item.Id, e.GetType().Name);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {ItemId} on queue {Queue} failed on attempt {Attempt} ({ErrorType}); it will be retried")]
    private partial void LogWillRetry(string queue, string itemId, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work item {ItemId} on queue {Queue} failed on its last attempt {Attempt} ({ErrorType}) and is now a dead letter")]
    private partial void LogGaveUp(string queue, string itemId, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The handler of queue {Queue} failed ({ErrorType}) while being told that work item {ItemId} became a dead letter")]
    private partial void LogDeadLetterHookFailed(string queue, string itemId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {ItemId} on queue {Queue} (attempt {Attempt}) outlived its lease; it may run again")]
    private partial void LogLeaseLost(string queue, string itemId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work item {ItemId} on queue {Queue} was interrupted by shutdown and will be redelivered")]
    private partial void LogLeftForRedelivery(string queue, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed ({ErrorType}); trying again shortly")]
    private partial void LogReceiveFailed(string queue, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling work item {ItemId} on queue {Queue} failed ({ErrorType}); it will be redelivered after its lease")]
    private partial void LogQueueFailed(string queue, string itemId, string errorType);
}

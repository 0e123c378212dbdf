using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Work;

/// <summary>The processor and the scheduler runner over the in-memory queue and scheduler, on a fake clock.</summary>
public sealed class WorkProcessorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly WorkQueueOptions QueueOptions = new() { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(1) };
    private static readonly WorkProcessorOptions ProcessorOptions = new() { Lease = TimeSpan.FromMinutes(1), ConsumerName = "p1" };
    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly MemoryWorkQueue _queue;

    public WorkProcessorTests() => _queue = new MemoryWorkQueue(_time, QueueOptions);

    [Fact]
    public async Task Processor_HandlerFailingOnce_RetriesAfterBackoffAndAcks()
    {
        var handler = new ScriptedHandler(attempt => attempt == 1 ? throw new HttpRequestException("503") : Task.CompletedTask);
        await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);

        await using (Run(handler))
        {
            await WaitUntilAsync(async () => (await _queue.GetStatsAsync("inbound", None)).Delayed == 1);
            _time.Advance(QueueOptions.RetryDelay(1) * 1.5);
            await WaitUntilAsync(() => Task.FromResult(handler.Attempts.Count == 2));
            await WaitUntilAsync(async () => (await _queue.GetStatsAsync("inbound", None)).Leased == 0);
        }

        Assert.Equal([1, 2], handler.Attempts);
        Assert.Equal(new WorkQueueStats(0, 0, 0, 0, 0, null), await _queue.GetStatsAsync("inbound", None));
    }

    [Fact]
    public async Task Processor_HandlerFailingEveryTime_DeadLettersAfterMaxAttemptsWithTheError()
    {
        var handler = new ScriptedHandler(_ => throw new InvalidOperationException("Slack refused the post"));
        await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);

        await using (Run(handler))
        {
            for (var attempt = 1; attempt < QueueOptions.MaxAttempts; attempt++)
            {
                var expected = attempt;
                await WaitUntilAsync(async () => handler.Attempts.Count == expected && (await _queue.GetStatsAsync("inbound", None)).Delayed == 1);
                _time.Advance(QueueOptions.RetryDelay(attempt) * 1.5);
            }
            await WaitUntilAsync(async () => (await _queue.GetStatsAsync("inbound", None)).DeadLetters == 1);
        }

        Assert.Equal([1, 2, 3], handler.Attempts);
        var dead = Assert.Single(await _queue.ListDeadLettersAsync("inbound", 10, None));
        Assert.Equal("System.InvalidOperationException: Slack refused the post", dead.Error);
    }

    [Fact]
    public async Task Processor_ItemDeadLettered_TellsItsHandlerOnceWithTheLastDelivery()
    {
        var handler = new ScriptedHandler(_ => throw new InvalidOperationException("Slack refused the post"));
        await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);

        await using (Run(handler))
        {
            for (var attempt = 1; attempt < QueueOptions.MaxAttempts; attempt++)
            {
                var expected = attempt;
                await WaitUntilAsync(async () => handler.Attempts.Count == expected && (await _queue.GetStatsAsync("inbound", None)).Delayed == 1);
                Assert.Empty(handler.DeadLettered);
                _time.Advance(QueueOptions.RetryDelay(attempt) * 1.5);
            }
            await WaitUntilAsync(() => Task.FromResult(!handler.DeadLettered.IsEmpty));
        }

        var told = Assert.Single(handler.DeadLettered);
        Assert.Equal(("d1", QueueOptions.MaxAttempts), (told.Item.Id, told.Attempt));
        Assert.Single(await _queue.ListDeadLettersAsync("inbound", 10, None));
    }

    [Fact]
    public async Task Processor_OnShutdown_LeavesUnfinishedItemLeasedForRedelivery()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);

        await using (Run(handler)) await started.Task.WaitAsync(Patience);

        Assert.Equal((0, 1, 0), ((await _queue.GetStatsAsync("inbound", None)).Ready, (await _queue.GetStatsAsync("inbound", None)).Leased, (await _queue.GetStatsAsync("inbound", None)).DeadLetters));
        _time.Advance(ProcessorOptions.Lease * 1.5);
        var redelivered = Assert.Single(await _queue.ReceiveAsync("inbound", "p2", 10, ProcessorOptions.Lease, None));
        Assert.Equal(("d1", 2), (redelivered.Item.Id, redelivered.Attempt));
    }

    [Fact]
    public async Task Processor_ItemEnqueuedWhileIdle_IsHandledWithoutTimePassing()
    {
        var handler = new ScriptedHandler(_ => Task.CompletedTask);

        await using (Run(handler))
        {
            await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);
            await WaitUntilAsync(() => Task.FromResult(handler.Attempts.Count == 1));
        }

        Assert.Equal([1], handler.Attempts);
    }

    [Fact]
    public async Task Processor_WhenStorageFailsForAWhile_KeepsRunningAndHandlesTheItemAfterwards()
    {
        var handler = new ScriptedHandler(_ => Task.CompletedTask);
        var flaky = new FlakyQueue(_queue, failures: 4);
        await _queue.EnqueueAsync("inbound", new WorkItem("d1", "conversation:a", "{}"), null, None);

        await using (new Running(new WorkProcessor(flaky, [handler], ProcessorOptions, _time, NullLogger<WorkProcessor>.Instance).RunAsync))
        {
            await WaitUntilAsync(() =>
            {
                if (handler.Attempts.Count == 1) return Task.FromResult(true);
                _time.Advance(ProcessorOptions.MaxIdleWait);
                return Task.FromResult(false);
            });
        }

        Assert.Equal(0, flaky.FailuresLeft);
        Assert.Equal([1], handler.Attempts);
    }

    [Fact]
    public async Task Processor_StoppedWhileReceiving_ReturnsPromptly()
    {
        var stalling = new StallingQueue(_queue);

        // Disposing stops the processor and fails the test when it does not return.
        await using (new Running(new WorkProcessor(stalling, [new ScriptedHandler(_ => Task.CompletedTask)], ProcessorOptions, _time, NullLogger<WorkProcessor>.Instance).RunAsync))
            await stalling.Receiving.WaitAsync(Patience);
    }

    [Fact]
    public void Processor_WithTwoHandlersForOneQueue_RefusesToStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WorkProcessor(_queue,
            [new ScriptedHandler(_ => Task.CompletedTask), new ScriptedHandler(_ => Task.CompletedTask)], ProcessorOptions, _time, NullLogger<WorkProcessor>.Instance));

        Assert.Contains("'inbound'", error.Message);
    }

    [Fact]
    public async Task Runner_JobFailingEveryTime_RetriesWithBackoffThenDropsIt()
    {
        var scheduler = new MemoryScheduler(_time);
        var options = new SchedulerRunnerOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromSeconds(1) };
        var handler = new ScriptedJobHandler("sla-reminder", _ => throw new InvalidOperationException("no"));
        await scheduler.ScheduleAsync(new ScheduledJob("sla:IT-1001", "sla-reminder", "{}", _time.GetUtcNow()), None);

        await using (RunScheduler(scheduler, handler, options))
        {
            for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
            {
                var expected = attempt;
                await WaitUntilAsync(async () => handler.Attempts.Count > expected ||
                                                 (handler.Attempts.Count == expected && (await scheduler.GetStatsAsync(None)).Due == 0 && await Released(scheduler)));
                _time.Advance(options.FirstRetryDelay * Math.Pow(2, attempt - 1) * 1.5);
                // The runner may start its poll wait after the clock moved; a second past it ends that wait too.
                await WaitUntilAsync(() => Task.FromResult(handler.Attempts.Count > expected), nudge: () => _time.Advance(options.PollInterval));
            }
            await WaitUntilAsync(async () => (await scheduler.GetStatsAsync(None)).Scheduled == 0, nudge: () => _time.Advance(options.PollInterval));
        }

        Assert.Equal([1, 2, 3], handler.Attempts);
    }

    [Fact]
    public async Task Runner_JobOfUnknownKind_IsKeptAndRetriedLater()
    {
        var scheduler = new MemoryScheduler(_time);
        await scheduler.ScheduleAsync(new ScheduledJob("survey:IT-1001", "survey-expiry", "{}", _time.GetUtcNow()), None);
        var options = new SchedulerRunnerOptions { FirstRetryDelay = TimeSpan.FromMinutes(1) };

        await using (RunScheduler(scheduler, new ScriptedJobHandler("sla-reminder", _ => Task.CompletedTask), options))
            await WaitUntilAsync(() => Released(scheduler));

        Assert.Equal(new SchedulerStats(1, 0), await scheduler.GetStatsAsync(None));
        _time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(2, Assert.Single(await scheduler.ClaimDueAsync(10, TimeSpan.FromMinutes(1), None)).Attempt);
    }

    [Fact]
    public async Task Runner_JobDueLater_RunsWhenTimeComes()
    {
        var scheduler = new MemoryScheduler(_time);
        var handler = new ScriptedJobHandler("sla-reminder", _ => Task.CompletedTask);
        await scheduler.ScheduleAsync(new ScheduledJob("sla:IT-1001", "sla-reminder", "{}", _time.GetUtcNow().AddMinutes(5)), None);

        await using (RunScheduler(scheduler, handler, new SchedulerRunnerOptions { PollInterval = TimeSpan.FromSeconds(1) }))
        {
            Assert.Empty(handler.Attempts);
            for (var i = 0; i < 6 && handler.Attempts.IsEmpty; i++)
            {
                _time.Advance(TimeSpan.FromMinutes(1));
                await WaitUntilAsync(async () => !handler.Attempts.IsEmpty || (await scheduler.GetStatsAsync(None)).Due == 0);
            }
            await WaitUntilAsync(async () => (await scheduler.GetStatsAsync(None)).Scheduled == 0);
        }

        Assert.Equal([1], handler.Attempts);
    }

    [Fact]
    public async Task Runner_StoppedWhileClaiming_ReturnsPromptly()
    {
        var stalling = new StallingScheduler(new MemoryScheduler(_time));

        // Disposing stops the runner and fails the test when it does not return.
        await using (RunScheduler(stalling, new ScriptedJobHandler("sla-reminder", _ => Task.CompletedTask), new SchedulerRunnerOptions()))
            await stalling.Claiming.WaitAsync(Patience);
    }

    /// <summary>True when the job is neither due nor claimed: it was given back for later.</summary>
    private static async Task<bool> Released(MemoryScheduler scheduler) =>
        (await scheduler.GetStatsAsync(None)).Scheduled == 1 && (await scheduler.ClaimDueAsync(1, TimeSpan.FromTicks(1), None)).Count == 0;

    private Running Run(IWorkHandler handler) =>
        new(new WorkProcessor(_queue, [handler], ProcessorOptions, _time, NullLogger<WorkProcessor>.Instance).RunAsync);

    private Running RunScheduler(IScheduler scheduler, IJobHandler handler, SchedulerRunnerOptions options) =>
        new(new SchedulerRunner(scheduler, [handler], options, _time, NullLogger<SchedulerRunner>.Instance).RunAsync);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Action? nudge = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var round = 1; !await condition(); round++)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The condition did not become true in time.");
            await Task.Delay(5);
            if (round % 20 == 0) nudge?.Invoke();
        }
    }

    /// <summary>A running processor or runner; disposing stops it and waits for it to finish.</summary>
    private sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _task;

        public Running(Func<CancellationToken, Task> run) => _task = run(_stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _task.WaitAsync(Patience);
            _stop.Dispose();
        }
    }

    private sealed class ScriptedHandler(Func<int, CancellationToken, Task> behave) : IWorkHandler
    {
        private readonly ConcurrentQueue<int> _attempts = new();

        public ScriptedHandler(Func<int, Task> behave) : this((attempt, _) => behave(attempt)) { }

        public string Queue => "inbound";

        public IReadOnlyCollection<int> Attempts => _attempts;

        public ConcurrentQueue<WorkLease> DeadLettered { get; } = new();

        public Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
        {
            _attempts.Enqueue(delivery.Attempt);
            return behave(delivery.Attempt, cancellationToken);
        }

        public Task DeadLetteredAsync(WorkLease delivery, CancellationToken cancellationToken)
        {
            DeadLettered.Enqueue(delivery);
            return Task.CompletedTask;
        }
    }

    /// <summary>A queue whose storage is down for the first few receives and waits.</summary>
    private sealed class FlakyQueue(IWorkQueue inner, int failures) : DelegatingWorkQueue(inner)
    {
        private int _failuresLeft = failures;

        public int FailuresLeft => Math.Max(0, Volatile.Read(ref _failuresLeft));

        public override Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken) =>
            Fail() ?? base.ReceiveAsync(queue, consumer, maxItems, lease, cancellationToken);

        public override Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
            Fail() ?? base.WaitForWorkAsync(queue, timeout, cancellationToken);

        private Task<IReadOnlyList<WorkLease>>? Fail() =>
            Interlocked.Decrement(ref _failuresLeft) >= 0 ? Task.FromException<IReadOnlyList<WorkLease>>(new TimeoutException("storage down")) : null;
    }

    /// <summary>A queue whose receive hangs (a slow storage call) until the caller's token fires.</summary>
    private sealed class StallingQueue(IWorkQueue inner) : DelegatingWorkQueue(inner)
    {
        private readonly TaskCompletionSource _receiving = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Receiving => _receiving.Task;

        public override async Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken)
        {
            _receiving.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }

    /// <summary>A scheduler whose claim hangs (a slow storage call) until the caller's token fires.</summary>
    private sealed class StallingScheduler(IScheduler inner) : IScheduler
    {
        private readonly TaskCompletionSource _claiming = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Claiming => _claiming.Task;

        public async Task<IReadOnlyList<JobLease>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
        {
            _claiming.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }

        public Task ScheduleAsync(ScheduledJob job, CancellationToken cancellationToken) => inner.ScheduleAsync(job, cancellationToken);

        public Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken) => inner.CancelAsync(jobId, cancellationToken);

        public Task<ScheduledJob?> GetAsync(string jobId, CancellationToken cancellationToken) => inner.GetAsync(jobId, cancellationToken);

        public Task<bool> CompleteAsync(JobLease lease, CancellationToken cancellationToken) => inner.CompleteAsync(lease, cancellationToken);

        public Task<bool> ReleaseAsync(JobLease lease, DateTimeOffset retryAt, CancellationToken cancellationToken) => inner.ReleaseAsync(lease, retryAt, cancellationToken);

        public Task<SchedulerStats> GetStatsAsync(CancellationToken cancellationToken) => inner.GetStatsAsync(cancellationToken);
    }

    private sealed class ScriptedJobHandler(string kind, Func<int, Task> behave) : IJobHandler
    {
        private readonly ConcurrentQueue<int> _attempts = new();

        public string Kind => kind;

        public ConcurrentQueue<int> Attempts => _attempts;

        public Task RunAsync(JobLease job, CancellationToken cancellationToken)
        {
            _attempts.Enqueue(job.Attempt);
            return behave(job.Attempt);
        }
    }
}

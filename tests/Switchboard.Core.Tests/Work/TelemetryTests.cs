using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Work;

public sealed class TelemetryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    // The meters are static and other tests run in parallel: only measurements made in this test's own
    // async flow are kept, which the flag marks.
    private static readonly AsyncLocal<bool> InThisTest = new();

    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    public TelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is SwitchboardTelemetry.Name or WorkMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        InThisTest.Value = true;
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task HandledTurn_IncrementsTheTurnCounterWithItsPlatformAndOutcome()
    {
        var harness = new EngineHarness();

        await harness.SayAsync(EngineHarness.Maya, "My VPN drops every call");

        var turn = Assert.Single(Measured("switchboard.turns"));
        Assert.Equal(1, turn.Value);
        Assert.Equal("playground", turn.Tags["platform"]);
        Assert.Equal("handled", turn.Tags["outcome"]);
    }

    [Fact]
    public async Task RedeliveredTurn_IsCountedAsADuplicate()
    {
        var harness = new EngineHarness();

        await harness.SayAsync(EngineHarness.Maya, "My VPN drops every call", deliveryId: "d-once");
        await harness.SayAsync(EngineHarness.Maya, "My VPN drops every call", deliveryId: "d-once");

        Assert.Equal(["handled", "duplicate"], Measured("switchboard.turns").Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task TurnThatThrows_IsCountedAsFailed()
    {
        var harness = new EngineHarness(failSends: 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.SayAsync(EngineHarness.Maya, "My VPN drops every call"));

        var turn = Assert.Single(Measured("switchboard.turns"));
        Assert.Equal("failed", turn.Tags["outcome"]);
    }

    [Fact]
    public async Task TurnActivity_JoinsTheTraceOfTheInboundRequest()
    {
        var started = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwitchboardTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = started.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        using var inbound = new Activity("inbound request").Start();
        var harness = new EngineHarness();

        await harness.SayAsync(EngineHarness.Maya, "My VPN drops every call");

        var turn = Assert.Single(started, a => a.TraceId == inbound.TraceId);
        Assert.Equal(inbound.SpanId, turn.ParentSpanId);
        Assert.Equal("playground", turn.GetTagItem("switchboard.platform"));
        Assert.Equal("handled", turn.GetTagItem("switchboard.outcome"));
    }

    [Fact]
    public async Task ItemOutOfAttempts_IncrementsTheDeadLetterCounterForItsQueue()
    {
        var queue = new MemoryWorkQueue(_time, new WorkQueueOptions { MaxAttempts = 2 });
        await queue.EnqueueAsync("telemetry-dead", new WorkItem("i1", "k", "{}"), null, None);

        var first = Assert.Single(await queue.ReceiveAsync("telemetry-dead", "c1", 1, TimeSpan.FromMinutes(1), None));
        Assert.Equal(RetryOutcome.Retrying, await queue.RetryAsync("telemetry-dead", first, "boom", None));
        Assert.Empty(Measured("switchboard.work.dead_lettered"));
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = Assert.Single(await queue.ReceiveAsync("telemetry-dead", "c1", 1, TimeSpan.FromMinutes(1), None));
        Assert.Equal(RetryOutcome.DeadLettered, await queue.RetryAsync("telemetry-dead", second, "boom", None));

        var dead = Assert.Single(Measured("switchboard.work.dead_lettered"));
        Assert.Equal(1, dead.Value);
        Assert.Equal("telemetry-dead", dead.Tags["queue"]);
    }

    [Fact]
    public async Task Sampler_FeedsTheQueueDepthLagAndSchedulerGauges()
    {
        var queue = new MemoryWorkQueue(_time, new WorkQueueOptions());
        var scheduler = new MemoryScheduler(_time);
        await queue.EnqueueAsync("telemetry-depth", new WorkItem("i1", "a", "{}"), null, None);
        await queue.EnqueueAsync("telemetry-depth", new WorkItem("i2", "b", "{}"), null, None);
        await scheduler.ScheduleAsync(new ScheduledJob("j1", "reminder", "{}", _time.GetUtcNow()), None);
        _time.Advance(TimeSpan.FromSeconds(30));
        var sampler = new WorkStatsSampler(queue, ["telemetry-depth"], scheduler, TimeSpan.FromSeconds(15), _time, NullLogger<WorkStatsSampler>.Instance);

        await sampler.SampleAsync(None);
        _listener.RecordObservableInstruments();

        var ready = Assert.Single(Measured("switchboard.work.queue.depth"), m => Equals(m.Tags["queue"], "telemetry-depth") && Equals(m.Tags["state"], "ready"));
        Assert.Equal(2, ready.Value);
        var lag = Assert.Single(Measured("switchboard.work.queue.lag"), m => Equals(m.Tags["queue"], "telemetry-depth"));
        Assert.Equal(30, lag.Value);
        Assert.Equal(1, Assert.Single(Measured("switchboard.scheduler.due")).Value);
    }

    [Fact]
    public async Task Sampler_FeedsTheOldestDueGauge_WithAnItemThatFellDueAndWasNotReceived()
    {
        var queue = new MemoryWorkQueue(_time, new WorkQueueOptions());
        await queue.EnqueueAsync("telemetry-due", new WorkItem("i1", "a", "{}"), _time.GetUtcNow() + TimeSpan.FromSeconds(10), None);
        _time.Advance(TimeSpan.FromSeconds(55));
        var sampler = new WorkStatsSampler(queue, ["telemetry-due"], new MemoryScheduler(_time), TimeSpan.FromSeconds(15), _time, NullLogger<WorkStatsSampler>.Instance);

        await sampler.SampleAsync(None);
        _listener.RecordObservableInstruments();

        Assert.Equal(45, Assert.Single(Measured("switchboard.work.queue.oldest_due"), m => Equals(m.Tags["queue"], "telemetry-due")).Value);
        Assert.Equal(0, Assert.Single(Measured("switchboard.work.queue.lag"), m => Equals(m.Tags["queue"], "telemetry-due")).Value);
    }

    [Fact]
    public async Task WorkItem_ProcessedLater_ContinuesTheTraceItWasEnqueuedIn()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwitchboardTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var queue = new MemoryWorkQueue(_time, new WorkQueueOptions());
        var inbound = new Activity("inbound request").SetIdFormat(ActivityIdFormat.W3C).Start();
        await queue.EnqueueAsync("telemetry-trace", new WorkItem("i1", "a", "{}"), null, None);
        inbound.Stop();
        var handler = new TraceRecordingHandler("telemetry-trace");
        using var stopping = new CancellationTokenSource();

        var processing = new WorkProcessor(queue, [handler], new WorkProcessorOptions(), _time, NullLogger<WorkProcessor>.Instance).RunAsync(stopping.Token);
        var seen = await handler.Seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stopping.CancelAsync();
        await processing;

        Assert.Equal(inbound.TraceId, seen.TraceId);
        Assert.Equal(inbound.SpanId, seen.ParentSpanId);
        Assert.Equal("switchboard.work.process", seen.OperationName);
        Assert.Equal("telemetry-trace", seen.GetTagItem("switchboard.work.queue"));
    }

    private sealed class TraceRecordingHandler(string queue) : IWorkHandler
    {
        public TaskCompletionSource<Activity> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Queue => queue;

        public Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
        {
            Seen.TrySetResult(Activity.Current!);
            return Task.CompletedTask;
        }
    }

    private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Observable gauges report on the thread that asks (this test's), so they pass the filter too.
        if (!InThisTest.Value) return;
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }
}

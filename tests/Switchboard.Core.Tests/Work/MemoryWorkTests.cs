using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Work;

public sealed class MemoryWorkQueueTests : WorkQueueContract
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly MemoryWorkQueue _queue;

    public MemoryWorkQueueTests() => _queue = new MemoryWorkQueue(_time, Options, NullLogger<MemoryWorkQueue>.Instance);

    protected override TimeSpan Tick => TimeSpan.FromSeconds(10);

    protected override TimeProvider Time => _time;

    protected override IWorkQueue CreateQueue() => _queue;

    protected override Task LetTimePassAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }
}

public sealed class MemorySchedulerTests : SchedulerContract
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly MemoryScheduler _scheduler;

    public MemorySchedulerTests() => _scheduler = new MemoryScheduler(_time);

    protected override TimeSpan Tick => TimeSpan.FromSeconds(10);

    protected override TimeProvider Time => _time;

    protected override IScheduler CreateScheduler() => _scheduler;

    protected override Task LetTimePassAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }
}

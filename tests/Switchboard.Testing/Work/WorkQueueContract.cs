using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IWorkQueue"/> must do; derive once per implementation.</summary>
public abstract class WorkQueueContract
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected const string Queue = "inbound";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The unit the tests' leases, back-offs and windows are made of: with a real clock, long enough for a busy machine.</summary>
    protected abstract TimeSpan Tick { get; }

    /// <summary>The clock the queue runs on.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>A queue over this test's backend (for shared backends: under a key prefix no other test uses); every call shares it.</summary>
    protected abstract IWorkQueue CreateQueue();

    /// <summary>Makes <paramref name="span"/> pass for the queue (advance a fake clock, or wait).</summary>
    protected abstract Task LetTimePassAsync(TimeSpan span);

    protected TimeSpan Lease => Tick * 2;

    protected WorkQueueOptions Options => new()
    {
        MaxAttempts = 3,
        FirstRetryDelay = Tick,
        MaxRetryDelay = Tick * 4,
        IdempotencyWindow = Tick * 3,
    };

    [Fact]
    public async Task Receive_AfterEnqueue_DeliversItemOnItsFirstAttempt()
    {
        var queue = CreateQueue();
        var item = new WorkItem("delivery-1", "conversation:a", "{\"text\":\"printer\"}");
        await queue.EnqueueAsync(Queue, item, null, None);

        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));

        Assert.Equal(item, lease.Item);
        Assert.Equal(1, lease.Attempt);
    }

    [Fact]
    public async Task Receive_WhenQueueIsEmpty_ReturnsNothing()
    {
        var queue = CreateQueue();

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
    }

    [Fact]
    public async Task Receive_ManyItems_DeliversInEnqueueOrderUpToMax()
    {
        var queue = CreateQueue();
        for (var i = 1; i <= 5; i++) await queue.EnqueueAsync(Queue, Item($"d{i}", $"conversation:{i}"), null, None);

        var first = await queue.ReceiveAsync(Queue, "worker-1", 3, Lease, None);
        var rest = await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None);

        Assert.Equal(["d1", "d2", "d3"], first.Select(l => l.Item.Id));
        Assert.Equal(["d4", "d5"], rest.Select(l => l.Item.Id));
    }

    [Fact]
    public async Task Receive_WhileLeased_DoesNotDeliverAgain()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None);

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));
    }

    [Fact]
    public async Task Receive_AfterLeaseRunsOut_RedeliversWithNextAttempt()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None);

        await LetTimePassAsync(Lease * 1.5);

        var again = Assert.Single(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));
        Assert.Equal("d1", again.Item.Id);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public async Task Ack_BeforeLeaseRunsOut_RemovesItemForGood()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));

        Assert.True(await queue.AckAsync(Queue, lease, None));
        await LetTimePassAsync(Lease * 1.5);

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));
        Assert.Equal(new WorkQueueStats(0, 0, 0, 0, 0, null), await queue.GetStatsAsync(Queue, None));
    }

    [Fact]
    public async Task Ack_WithLeaseThatRanOutAndWasRedelivered_IsRefused()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        var stale = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        await LetTimePassAsync(Lease * 1.5);
        var current = Assert.Single(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));

        Assert.False(await queue.AckAsync(Queue, stale, None));
        Assert.Equal(RetryOutcome.LeaseLost, await queue.RetryAsync(Queue, stale, "late", None));
        Assert.True(await queue.AckAsync(Queue, current, None));
    }

    [Fact]
    public async Task Ack_Twice_IsRefusedTheSecondTime()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));

        await queue.AckAsync(Queue, lease, None);

        Assert.False(await queue.AckAsync(Queue, lease, None));
    }

    [Fact]
    public async Task Receive_ByTwoConsumersInParallel_DeliversEachItemOnce()
    {
        var queue = CreateQueue();
        var ids = Enumerable.Range(1, 40).Select(i => $"d{i}").ToList();
        foreach (var id in ids) await queue.EnqueueAsync(Queue, Item(id, $"conversation:{id}"), null, None);

        var seen = new ConcurrentBag<string>();
        await Task.WhenAll(new[] { "worker-1", "worker-2" }.Select(consumer => Task.Run(async () =>
        {
            while (true)
            {
                var leases = await queue.ReceiveAsync(Queue, consumer, 3, Lease, None);
                if (leases.Count == 0) return;
                foreach (var lease in leases)
                {
                    seen.Add(lease.Item.Id);
                    Assert.True(await queue.AckAsync(Queue, lease, None));
                }
            }
        })));

        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task Retry_DeliversAgainOnlyAfterBackoff()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));

        Assert.Equal(RetryOutcome.Retrying, await queue.RetryAsync(Queue, lease, "Slack said 503", None));

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        await LetTimePassAsync(Options.RetryDelay(1) * 1.5);
        var again = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal(("d1", 2), (again.Item.Id, again.Attempt));
    }

    [Fact]
    public async Task Retry_OnLastAttempt_DeadLettersItemWithError()
    {
        var queue = CreateQueue();
        var item = Item("d1", "conversation:a");
        await queue.EnqueueAsync(Queue, item, null, None);

        var outcomes = new List<RetryOutcome>();
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
            Assert.Equal(attempt, lease.Attempt);
            outcomes.Add(await queue.RetryAsync(Queue, lease, $"failure {attempt}", None));
            await LetTimePassAsync(Options.RetryDelay(attempt) * 1.5);
        }

        Assert.Equal([RetryOutcome.Retrying, RetryOutcome.Retrying, RetryOutcome.DeadLettered], outcomes);
        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        var dead = Assert.Single(await queue.ListDeadLettersAsync(Queue, 10, None));
        Assert.Equal((item, 3, "failure 3"), (dead.Item, dead.Attempts, dead.Error));
        Assert.Equal(1, (await queue.GetStatsAsync(Queue, None)).DeadLetters);
    }

    [Fact]
    public async Task Receive_WhenLeaseRunsOutOnEveryAttempt_DeadLettersItem()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);

        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            Assert.Equal(attempt, Assert.Single(await queue.ReceiveAsync(Queue, "crashing-worker", 10, Lease, None)).Attempt);
            await LetTimePassAsync(Lease * 1.5);
        }

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        var dead = Assert.Single(await queue.ListDeadLettersAsync(Queue, 10, None));
        Assert.Equal(("d1", 3), (dead.Item.Id, dead.Attempts));
    }

    [Fact]
    public async Task Enqueue_SameIdWithinWindow_IsIgnored()
    {
        var queue = CreateQueue();
        Assert.True(await queue.EnqueueAsync(Queue, Item("d1", "conversation:a", "first"), null, None));

        Assert.False(await queue.EnqueueAsync(Queue, Item("d1", "conversation:a", "second"), null, None));

        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal("first", lease.Item.Payload);
    }

    [Fact]
    public async Task Enqueue_SameIdAfterWindow_IsAcceptedAgain()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a", "first"), null, None);
        Assert.True(await queue.AckAsync(Queue, Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)), None));

        await LetTimePassAsync(Options.IdempotencyWindow * 1.3);

        Assert.True(await queue.EnqueueAsync(Queue, Item("d1", "conversation:a", "again"), null, None));
        Assert.Equal("again", Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item.Payload);
    }

    [Fact]
    public async Task Enqueue_WithNotBefore_IsDeliveredOnlyFromThen()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("later", "conversation:a"), Time.GetUtcNow() + Tick * 2, None);

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal(1, (await queue.GetStatsAsync(Queue, None)).Delayed);
        await LetTimePassAsync(Tick * 3);

        Assert.Equal("later", Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item.Id);
    }

    [Fact]
    public async Task Receive_ItemEnqueuedWithinATrace_CarriesThatTraceParent()
    {
        var queue = CreateQueue();
        var inbound = new Activity("inbound request").SetIdFormat(ActivityIdFormat.W3C).Start();
        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);
        inbound.Stop();
        await queue.EnqueueAsync(Queue, Item("d2", "conversation:b"), null, None);

        var leases = await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None);

        Assert.Equal(inbound.Id, leases.Single(l => l.Item.Id == "d1").Item.TraceParent);
        Assert.Null(leases.Single(l => l.Item.Id == "d2").Item.TraceParent);
    }

    [Fact]
    public async Task GetStats_ItemDueButNotYetReceived_SaysHowLongAgoItFellDue()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("later", "conversation:a"), Time.GetUtcNow() + Tick, None);
        Assert.Null((await queue.GetStatsAsync(Queue, None)).OldestDueAge);

        await LetTimePassAsync(Tick * 3);
        var overdue = await queue.GetStatsAsync(Queue, None);
        Assert.Null(overdue.OldestAge);
        Assert.InRange(overdue.OldestDueAge ?? TimeSpan.Zero, Tick * 1.9, Tick * 100);

        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.NotNull((await queue.GetStatsAsync(Queue, None)).OldestDueAge);
        await queue.AckAsync(Queue, lease, None);
        Assert.Null((await queue.GetStatsAsync(Queue, None)).OldestDueAge);
    }

    [Fact]
    public async Task Enqueue_WithNotBeforeInThePast_IsDeliverableNow()
    {
        var queue = CreateQueue();

        await queue.EnqueueAsync(Queue, Item("overdue", "conversation:a"), Time.GetUtcNow() - Tick, None);

        Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
    }

    [Fact]
    public async Task Receive_ItemsSharingOrderingKey_DeliversOneAtATimeInOrder()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("a1", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("a2", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("b1", "conversation:b"), null, None);
        await queue.EnqueueAsync(Queue, Item("a3", "conversation:a"), null, None);

        var first = await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None);
        Assert.Equal(["a1", "b1"], first.Select(l => l.Item.Id));
        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));
        Assert.Equal(2, (await queue.GetStatsAsync(Queue, None)).Waiting);

        await queue.AckAsync(Queue, first[0], None);
        var second = Assert.Single(await queue.ReceiveAsync(Queue, "worker-2", 10, Lease, None));
        Assert.Equal("a2", second.Item.Id);

        await queue.AckAsync(Queue, second, None);
        Assert.Equal("a3", Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item.Id);
    }

    [Fact]
    public async Task Retry_HoldsLaterItemsOfItsOrderingKeyBackButNotOtherKeys()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("a1", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("a2", "conversation:a"), null, None);
        var a1 = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        await queue.RetryAsync(Queue, a1, "failed", None);
        await queue.EnqueueAsync(Queue, Item("b1", "conversation:b"), null, None);

        var b1 = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal("b1", b1.Item.Id);
        // Done with b1 before waiting out a1's back-off: on a real clock under load, the wait could outlast b1's lease
        // and hand b1 out again, which is not what this test is about.
        await queue.AckAsync(Queue, b1, None);
        await LetTimePassAsync(Options.RetryDelay(1) * 1.5);
        var retried = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal(("a1", 2), (retried.Item.Id, retried.Attempt));

        await queue.AckAsync(Queue, retried, None);
        Assert.Equal("a2", Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item.Id);
    }

    [Fact]
    public async Task DeadLetter_OfOrderingKey_LetsNextItemOfKeyThrough()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Queue, Item("a1", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("a2", "conversation:a"), null, None);
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
            Assert.Equal("a1", lease.Item.Id);
            await queue.RetryAsync(Queue, lease, "failed", None);
            await LetTimePassAsync(Options.RetryDelay(attempt) * 1.5);
        }

        Assert.Equal("a2", Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item.Id);
    }

    [Fact]
    public async Task RequeueDeadLetter_DeliversItemAgainFromFirstAttempt()
    {
        var queue = CreateQueue();
        var dead = await DeadLetterAsync(queue, Item("d1", "conversation:a", "payload"));

        Assert.True(await queue.RequeueDeadLetterAsync(Queue, dead.Id, None));

        Assert.Empty(await queue.ListDeadLettersAsync(Queue, 10, None));
        var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.Equal((dead.Item, 1), (lease.Item, lease.Attempt));
        Assert.False(await queue.RequeueDeadLetterAsync(Queue, dead.Id, None));
    }

    [Fact]
    public async Task DeleteDeadLetter_RemovesItForGood()
    {
        var queue = CreateQueue();
        var dead = await DeadLetterAsync(queue, Item("d1", "conversation:a"));

        Assert.True(await queue.DeleteDeadLetterAsync(Queue, dead.Id, None));

        Assert.Empty(await queue.ListDeadLettersAsync(Queue, 10, None));
        Assert.Equal(0, (await queue.GetStatsAsync(Queue, None)).DeadLetters);
        Assert.False(await queue.DeleteDeadLetterAsync(Queue, dead.Id, None));
        Assert.False(await queue.RequeueDeadLetterAsync(Queue, dead.Id, None));
    }

    [Fact]
    public async Task ListDeadLetters_ReturnsOldestFirstUpToMax()
    {
        var queue = CreateQueue();
        await DeadLetterAsync(queue, Item("d1", "conversation:a"));
        await LetTimePassAsync(TimeSpan.FromMilliseconds(5));
        await DeadLetterAsync(queue, Item("d2", "conversation:b"));

        Assert.Equal(["d1"], (await queue.ListDeadLettersAsync(Queue, 1, None)).Select(d => d.Item.Id));
        Assert.Equal(["d1", "d2"], (await queue.ListDeadLettersAsync(Queue, 10, None)).Select(d => d.Item.Id));
    }

    [Fact]
    public async Task Stats_CountReadyLeasedDelayedWaitingAndDeadLetters()
    {
        var queue = CreateQueue();
        await DeadLetterAsync(queue, Item("dead", "conversation:z"));
        await queue.EnqueueAsync(Queue, Item("a1", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("a2", "conversation:a"), null, None);
        await queue.EnqueueAsync(Queue, Item("later", "conversation:c"), Time.GetUtcNow() + Tick * 10, None);
        await queue.ReceiveAsync(Queue, "worker-1", 1, Lease, None);
        await queue.EnqueueAsync(Queue, Item("b1", "conversation:b"), null, None);
        await queue.EnqueueAsync(Queue, Item("b2", "conversation:b"), null, None);

        var stats = await queue.GetStatsAsync(Queue, None);

        // a1 leased; a2 ready (it is held back only once a receive meets it), b1 and b2 ready; later delayed.
        Assert.Equal((3, 1, 1, 0, 1), (stats.Ready, stats.Leased, stats.Delayed, stats.Waiting, stats.DeadLetters));
        Assert.NotNull(stats.OldestAge);
        Assert.True(stats.OldestAge >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Payload_WithUnicodeQuotesAndNewlines_RoundTripsExactly()
    {
        var queue = CreateQueue();
        var item = new WorkItem("ü-1 \"x\"", "conversation:ü 🖨️", "{\"text\":\"Drucker — kaputt\\n\\\"dringend\\\" 🖨️\"}\r\n\u0000end");
        await queue.EnqueueAsync(Queue, item, null, None);

        Assert.Equal(item, Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None)).Item);
    }

    [Fact]
    public async Task Queues_WithDifferentNames_AreIndependent()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync("outbound", Item("d1", "conversation:a"), null, None);

        Assert.Empty(await queue.ReceiveAsync(Queue, "worker-1", 10, Lease, None));
        Assert.True(await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None));
        Assert.Single(await queue.ReceiveAsync("outbound", "worker-1", 10, Lease, None));
    }

    [Fact]
    public async Task Enqueue_WithBracesInQueueName_IsRefused()
    {
        var queue = CreateQueue();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueAsync("in{bound}", Item("d1", "a"), null, None));
    }

    [Fact]
    public async Task WaitForWork_WhenItemIsEnqueued_ReturnsBeforeTimeout()
    {
        var queue = CreateQueue();
        var waiting = queue.WaitForWorkAsync(Queue, TimeSpan.FromHours(1), None);

        await queue.EnqueueAsync(Queue, Item("d1", "conversation:a"), null, None);

        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task Processor_ItemsOfOneKey_RunOneAtATimeInOrderWhileOtherKeysRun()
    {
        var queue = CreateQueue();
        foreach (var id in new[] { "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4" })
            await queue.EnqueueAsync(Queue, Item(id, $"conversation:{id[0]}"), null, None);
        var handler = new OrderRecordingHandler(Queue, expected: 8);
        var processor = new WorkProcessor(queue, [handler], new WorkProcessorOptions { Lease = Tick * 50, MaxConcurrency = 8, ConsumerName = "p1" },
            Time, NullLogger<WorkProcessor>.Instance);
        using var stop = new CancellationTokenSource();

        var running = processor.RunAsync(stop.Token);
        await handler.AllDone.WaitAsync(Patience);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.Equal(["a1", "a2", "a3", "a4"], handler.Order("a"));
        Assert.Equal(["b1", "b2", "b3", "b4"], handler.Order("b"));
        Assert.Equal(1, handler.MostAtOnceForOneKey);
        Assert.Equal((0, 0), ((await queue.GetStatsAsync(Queue, None)).Ready, (await queue.GetStatsAsync(Queue, None)).Leased));
    }

    private async Task<WorkDeadLetter> DeadLetterAsync(IWorkQueue queue, WorkItem item)
    {
        await queue.EnqueueAsync(Queue, item, null, None);
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            var lease = Assert.Single(await queue.ReceiveAsync(Queue, "worker-1", 1, Lease, None), l => l.Item.Id == item.Id);
            await queue.RetryAsync(Queue, lease, "failed", None);
            if (attempt < Options.MaxAttempts) await LetTimePassAsync(Options.RetryDelay(attempt) * 1.5);
        }
        return Assert.Single(await queue.ListDeadLettersAsync(Queue, 100, None), d => d.Item.Id == item.Id);
    }

    protected static WorkItem Item(string id, string orderingKey, string payload = "{}") => new(id, orderingKey, payload);

    /// <summary>
    /// Records the order items ran in per key (the key is the id's first letter). The first "a" item waits
    /// until every "b" item has run: if one key's slow item held up the others, the test would time out.
    /// </summary>
    private sealed class OrderRecordingHandler(string queue, int expected) : IWorkHandler
    {
        private readonly ConcurrentDictionary<char, int> _running = new();
        private readonly ConcurrentQueue<string> _done = new();
        private readonly TaskCompletionSource _allB = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _mostAtOnce;

        public string Queue => queue;

        public Task AllDone => _all.Task;

        public int MostAtOnceForOneKey => _mostAtOnce;

        public IReadOnlyList<string> Order(string key) => [.. _done.Where(id => id.StartsWith(key, StringComparison.Ordinal))];

        public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
        {
            var key = delivery.Item.Id[0];
            var atOnce = _running.AddOrUpdate(key, 1, (_, n) => n + 1);
            InterlockedMax(ref _mostAtOnce, atOnce);
            try
            {
                if (delivery.Item.Id == "a1") await _allB.Task.WaitAsync(cancellationToken);
                await Task.Yield();
            }
            finally
            {
                _running.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
            _done.Enqueue(delivery.Item.Id);
            if (_done.Count(id => id[0] == 'b') == 4) _allB.TrySetResult();
            if (_done.Count == expected) _all.TrySetResult();
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}

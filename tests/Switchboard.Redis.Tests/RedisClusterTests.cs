using Switchboard.Core.Kudos;
using Switchboard.Core.Storage;

namespace Switchboard.Redis.Tests;

// Every store contract again, against a three-master cluster: a script touching keys in two slots fails there.

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStateStoreTests(RedisClusterFixture cluster) : StateStoreContract
{
    protected override IStateStore CreateStore() => new RedisStateStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("state")));

    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTicketStoreTests(RedisClusterFixture cluster) : TicketStoreContract
{
    protected override ITicketStore CreateStore() => new RedisTicketStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("tickets")));
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterIdempotencyStoreTests(RedisClusterFixture cluster) : IdempotencyStoreContract
{
    protected override IIdempotencyStore CreateStore() => new RedisIdempotencyStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("claims")));

    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterKudosStoreTests(RedisClusterFixture cluster) : KudosStoreContract
{
    protected override IKudosStore CreateStore(TimeProvider time) => new RedisKudosStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("kudos")), time);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterReportStoreTests(RedisClusterFixture cluster) : ReportStoreContract
{
    protected override Core.Reports.IReportStore CreateStore() => new RedisReportStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("reports")));
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterWorkQueueTests(RedisClusterFixture cluster) : RedisWorkQueueContract(cluster);

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterSchedulerTests(RedisClusterFixture cluster) : RedisSchedulerContract(cluster);

/// <summary>The cluster really spreads keys: without it, the suites above would prove nothing about slots.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterLayoutTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task Cluster_HasThreeMasters()
    {
        var db = await cluster.Connection.GetDatabaseAsync(CancellationToken.None);

        var servers = db.Multiplexer.GetServers();

        Assert.Equal(3, servers.Count(server => server.ServerType == StackExchange.Redis.ServerType.Cluster && !server.IsReplica));
    }

    [Fact]
    public async Task Script_TouchingKeysInTwoSlots_IsRefused()
    {
        var db = await cluster.Connection.GetDatabaseAsync(CancellationToken.None);
        var prefix = RedisTestPrefix.New("crossslot");

        var error = await Assert.ThrowsAsync<StackExchange.Redis.RedisCommandException>(() => db.ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], 1) redis.call('SET', KEYS[2], 1)", [$"{prefix}:{{a}}", $"{prefix}:{{b}}"]));

        Assert.Contains("slot", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task KudosKeys_ShareOneSlot()
    {
        var keys = new RedisKeys("sb:test").Kudos();
        var db = await cluster.Connection.GetDatabaseAsync(CancellationToken.None);

        var slots = new[] { keys.Entries, keys.Ledger, keys.Counter(KudosKeys.Spent("maya|week:2026-11-23")), keys.Counter("pair:maya|{alex}|week:2026-11-23"), keys.Board("receivers:all") }
            .Select(key => db.Multiplexer.HashSlot(key)).Distinct();

        Assert.Single(slots);
    }

    [Fact]
    public async Task QueueKeys_ShareOneSlotWhileQueuesSpreadAcrossNodes()
    {
        var keys = new RedisKeys("sb:test");
        var db = await cluster.Connection.GetDatabaseAsync(CancellationToken.None);
        var inbound = keys.Work("inbound");

        var slots = new[] { inbound.Stream, inbound.Delayed, inbound.Items, inbound.InFlight, inbound.Parked, inbound.Dead, inbound.DeadIndex, inbound.Seen("x{y}") }
            .Select(key => db.Multiplexer.HashSlot(key)).Distinct().ToList();
        var queueSlots = Enumerable.Range(0, 20).Select(i => db.Multiplexer.HashSlot(keys.Work($"queue-{i}").Stream)).Distinct().Count();

        Assert.Single(slots);
        Assert.True(queueSlots > 1);
    }
}

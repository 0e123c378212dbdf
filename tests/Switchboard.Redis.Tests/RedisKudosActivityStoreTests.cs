using Switchboard.Core.Kudos;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisKudosActivityStoreTests(RedisServerFixture redis) : KudosActivityStoreContract
{
    protected override IKudosActivityStore CreateStore() => new RedisKudosActivityStore(redis.Connection, redis.Options(RedisTestPrefix.New("kudos-activity")));
}

// A script touching keys in two slots fails on a cluster: every key shares the {kudos-activity} tag.
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterKudosActivityStoreTests(RedisClusterFixture cluster) : KudosActivityStoreContract
{
    protected override IKudosActivityStore CreateStore() => new RedisKudosActivityStore(cluster.Connection, cluster.Options(RedisTestPrefix.New("kudos-activity")));
}

namespace Switchboard.Redis.Tests;

/// <summary>One redis-server for every test class in this assembly that joins the collection.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}

/// <summary>One local cluster for every test class in this assembly that joins the collection.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}


namespace Switchboard.Host.Tests.Support;

/// <summary>Host tests that need a real redis-server share the one the fixture starts.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "host-redis";
}

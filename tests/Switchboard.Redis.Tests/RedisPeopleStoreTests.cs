using Switchboard.Core.People;
using Switchboard.Core.Tests.People;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisPeopleStoreTests(RedisServerFixture redis) : PeopleStoreContract
{
    protected override IPeopleStore CreateStore() => new RedisPeopleStore(redis.Connection, redis.Options(RedisTestPrefix.New("people")));
}

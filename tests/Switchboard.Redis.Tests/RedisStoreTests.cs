using Switchboard.Core.Storage;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisStateStoreTests(RedisServerFixture redis) : StateStoreContract
{
    protected override IStateStore CreateStore() => new RedisStateStore(redis.Connection, redis.Options(RedisTestPrefix.New("state")));

    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);
}

[Collection(RedisServerCollection.Name)]
public sealed class RedisTicketStoreTests(RedisServerFixture redis) : TicketStoreContract
{
    protected override ITicketStore CreateStore() => new RedisTicketStore(redis.Connection, redis.Options(RedisTestPrefix.New("tickets")));
}

[Collection(RedisServerCollection.Name)]
public sealed class RedisIdempotencyStoreTests(RedisServerFixture redis) : IdempotencyStoreContract
{
    protected override IIdempotencyStore CreateStore() => new RedisIdempotencyStore(redis.Connection, redis.Options(RedisTestPrefix.New("claims")));

    // Redis expires claims on its own clock.
    protected override Task LetTimePassAsync(TimeSpan span) => Task.Delay(span);
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
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

[Collection(RedisServerCollection.Name)]
public sealed class RedisReportStoreTests(RedisServerFixture redis) : ReportStoreContract
{
    protected override Core.Reports.IReportStore CreateStore() => new RedisReportStore(redis.Connection, redis.Options(RedisTestPrefix.New("reports")));
}

[Collection(RedisServerCollection.Name)]
public sealed class RedisKudosStoreTests(RedisServerFixture redis) : KudosStoreContract
{
    private readonly string _prefix = RedisTestPrefix.New("kudos");

    protected override IKudosStore CreateStore(TimeProvider time) => new RedisKudosStore(redis.Connection, redis.Options(_prefix), time);

    [Fact]
    public async Task Counters_InRedis_ExpireAtTheEndOfTheirPeriod()
    {
        var store = CreateStore(Time);
        var end = Time.GetUtcNow().AddHours(1);
        await store.AppendAsync(new KudosEntry
        {
            Id = "k1",
            Giver = new KudosPerson("maya", new PersonRef(new Platform("slack"), "U-maya", "Maya")),
            Receivers = [new KudosPerson("alex", new PersonRef(new Platform("slack"), "U-alex", "Alex"))],
            Reason = "for the help",
            At = Time.GetUtcNow(),
        }, new KudosCharge("maya", 1, 5, ["pair:maya|alex"], 3, end, []), CancellationToken.None);
        var db = await redis.Connection.GetDatabaseAsync(CancellationToken.None);
        var keys = new RedisKeys(_prefix).Kudos();

        var spent = await db.KeyTimeToLiveAsync(keys.Counter(KudosKeys.Spent("maya")));
        var pair = await db.KeyTimeToLiveAsync(keys.Counter("pair:maya|alex"));

        Assert.InRange(spent!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange(pair!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }
}

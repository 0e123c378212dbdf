using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisPeopleStoreTests(RedisServerFixture redis) : PeopleStoreContract
{
    protected override IPeopleStore CreateStore() => new RedisPeopleStore(redis.Connection, redis.Options(RedisTestPrefix.New("people")));
}

/// <summary>The people keys documented in RedisKeys, checked against what the store really writes.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisPeopleKeyLayoutTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = RedisTestPrefix.New("people-layout");

    [Fact]
    public async Task CreatePerson_WritesHashTaggedRecordAndOneIndexKeyPerAccountAndEmail()
    {
        var store = new RedisPeopleStore(redis.Connection, redis.Options(_prefix));

        await store.TryCreateAsync(new Person
        {
            Id = PersonId.ForEmail("Maya.Patel@contoso.example"),
            Name = "Maya Patel",
            Email = "Maya.Patel@contoso.example",
            Identities = [new PlatformIdentity(new Platform("slack"), "UMAYA")],
        }, None);

        var db = await redis.Connection.GetDatabaseAsync(None);
        Assert.Equal("1", (string?)await db.HashGetAsync($"{_prefix}:person:{{maya.patel@contoso.example}}", "version"));
        Assert.Equal("maya.patel@contoso.example", (string?)await db.StringGetAsync($"{_prefix}:person-key:{{slack:UMAYA}}"));
        Assert.Equal("maya.patel@contoso.example", (string?)await db.StringGetAsync($"{_prefix}:person-email:{{maya.patel@contoso.example}}"));
    }
}

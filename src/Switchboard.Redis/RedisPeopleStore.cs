using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.People;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="IPeopleStore"/> on Redis: one hash per person (JSON + version) changed by compare-and-set scripts,
/// and one index key per platform account and per e-mail naming the person's id.
/// </summary>
/// <remarks>
/// A person and their index keys sit in different cluster slots, so they cannot change in one script. Lookups
/// believe an index entry only when the record it names really has that account or e-mail, and an entry is
/// removed only while it still names the record that gave the account up. A new person's entries are written
/// before the record (the directory creates only when no record has the account, and a crash then leaves an
/// entry naming nothing); an update's entries after its compare-and-set succeeded, so a lost race never takes
/// an entry away from the record that has the account. A crash between an update and its entries leaves the
/// old entry, which the directory's next sighting of that account repairs.
/// </remarks>
public sealed class RedisPeopleStore(RedisConnection connection, RedisOptions options) : IPeopleStore
{
    private const string JsonField = "json";

    // ARGV[1] = JSON of the person at version 1.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HMSET', KEYS[1], 'json', ARGV[1], 'version', 1)
        return 1
        """;

    // ARGV[1] = expected version, ARGV[2] = JSON of the person at the expected version + 1.
    private const string UpdateScript = """
        local current = redis.call('HGET', KEYS[1], 'version')
        if not current or current ~= ARGV[1] then return 0 end
        redis.call('HMSET', KEYS[1], 'json', ARGV[2], 'version', tonumber(ARGV[1]) + 1)
        return 1
        """;

    // ARGV[1] = expected version.
    private const string DeleteScript = """
        local current = redis.call('HGET', KEYS[1], 'version')
        if not current or current ~= ARGV[1] then return 0 end
        return redis.call('DEL', KEYS[1])
        """;

    // ARGV[1] = the person id the index entry must still name.
    private const string UnindexScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisKeys _keys = new(options.KeyPrefix);

    public async Task<Person?> GetAsync(PersonId id, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return await ReadAsync(db, id);
    }

    public async Task<Person?> FindByPlatformKeyAsync(string platformKey, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var id = await db.StringGetAsync(_keys.PersonByPlatformKey(platformKey));
        if (id.IsNull) return null;
        var person = await ReadAsync(db, new PersonId(id!));
        return person?.Identity(platformKey) is null ? null : person;
    }

    public async Task<Person?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var id = await db.StringGetAsync(_keys.PersonByEmail(email));
        if (id.IsNull) return null;
        var person = await ReadAsync(db, new PersonId(id!));
        return PeopleIndex.HasEmail(person, email) ? person : null;
    }

    public async Task<Person?> TryCreateAsync(Person person, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var stored = person with { Version = 1 };
        await IndexAsync(db, stored);
        var created = (long)await db.ScriptEvaluateAsync(CreateScript, [_keys.Person(stored.Id)], [Serialize(stored)]);
        return created == 1 ? stored : null;
    }

    public async Task<Person?> TryUpdateAsync(Person person, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var before = await ReadAsync(db, person.Id);
        if (before is null || before.Version != person.Version) return null;

        var stored = person with { Version = person.Version + 1 };
        var updated = (long)await db.ScriptEvaluateAsync(UpdateScript, [_keys.Person(stored.Id)], [person.Version, Serialize(stored)]);
        if (updated != 1) return null;
        await IndexAsync(db, stored);
        await UnindexAsync(db, stored.Id, IndexKeys(before).Except(IndexKeys(stored)));
        return stored;
    }

    public async Task<bool> TryDeleteAsync(Person person, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var before = await ReadAsync(db, person.Id);
        if (before is null || before.Version != person.Version) return false;
        var deleted = (long)await db.ScriptEvaluateAsync(DeleteScript, [_keys.Person(person.Id)], [person.Version]);
        if (deleted != 1) return false;
        await UnindexAsync(db, person.Id, IndexKeys(before));
        return true;
    }

    private async Task<Person?> ReadAsync(IDatabaseAsync db, PersonId id)
    {
        var json = await db.HashGetAsync(_keys.Person(id), JsonField);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, SwitchboardJsonContext.Default.Person);
    }

    private Task IndexAsync(IDatabaseAsync db, Person person) =>
        Task.WhenAll(IndexKeys(person).Select(index => db.StringSetAsync(index, person.Id.Value)));

    private Task UnindexAsync(IDatabaseAsync db, PersonId id, IEnumerable<string> indexes) =>
        Task.WhenAll(indexes.Select(index => db.ScriptEvaluateAsync(UnindexScript, [index], [id.Value])));

    private IEnumerable<string> IndexKeys(Person person) =>
        PeopleIndex.PlatformKeys(person).Select(_keys.PersonByPlatformKey).Concat(PeopleIndex.Emails(person).Select(_keys.PersonByEmail));

    private static string Serialize(Person person) => JsonSerializer.Serialize(person, SwitchboardJsonContext.Default.Person);
}

using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="ITicketStore"/> on Redis: one hash per ticket (JSON + version) updated by a compare-and-set
/// script, an INCR counter per number prefix, and sorted-set indexes per requester and per team.
/// </summary>
/// <remarks>
/// A ticket and its index entries sit in different cluster slots, so they cannot change in one script.
/// Instead an index entry is added before the ticket is written (a crash leaves at worst an extra entry),
/// listing keeps only the tickets that really belong to the index it read (extra entries are invisible),
/// and after a move the old entry is removed and the ticket re-read and re-indexed, so a quick move back
/// that raced the removal cannot drop the ticket from its current team's index.
/// </remarks>
public sealed class RedisTicketStore(RedisConnection connection, RedisOptions options) : ITicketStore
{
    private const string JsonField = "json";

    // json = the ticket at version 1, team = its team id (kept beside the JSON so an update can tell a move).
    private static readonly LuaScript CreateScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then return 0 end
        redis.call('HSET', @key, 'json', @json, 'version', 1, 'team', @team)
        return 1
        """);

    // json = the ticket at the expected version + 1, team = its team id. Returns the team it had before, or nil
    // when the version did not match. (Tickets stored before the team field existed have it only in the JSON.)
    private static readonly LuaScript UpdateScript = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'version')
        if not current or current ~= @expected then return false end
        local before = redis.call('HGET', @key, 'team')
        if not before then before = cjson.decode(redis.call('HGET', @key, 'json'))['teamId'] end
        redis.call('HSET', @key, 'json', @json, 'version', tonumber(@expected) + 1, 'team', @team)
        return before
        """);

    private readonly RedisKeys _keys = new(options.KeyPrefix);

    public async Task<TicketNumber> NextNumberAsync(string prefix, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        // The counter holds how many numbers were handed out, so a missing key means "start at First".
        var handedOut = await db.StringIncrementAsync(_keys.TicketSequence(prefix));
        return new TicketNumber(prefix.ToUpperInvariant(), TicketNumber.First - 1 + handedOut);
    }

    public async Task<Ticket?> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var stored = ticket with { Version = 1 };
        // Sent together in this order (one round trip): Redis adds the index entries before it runs the script.
        var indexed = IndexAsync(db, stored);
        var created = db.ScriptEvaluateAsync(CreateScript, new { key = (RedisKey)_keys.Ticket(stored.Number), json = Serialize(stored), team = stored.TeamId });
        await Task.WhenAll(indexed, created);
        return (long)await created == 1 ? stored : null;
    }

    public async Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return Deserialize(await db.HashGetAsync(_keys.Ticket(number), JsonField));
    }

    public async Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var key = _keys.Ticket(ticket.Number);
        var number = ticket.Number.ToString();
        var stored = ticket with { Version = ticket.Version + 1 };

        // One round trip: the team index entry goes in first (an update that then loses the compare-and-set leaves
        // at worst an extra entry); the requester's entry was added at creation and never changes.
        var indexed = db.SortedSetAddAsync(_keys.TeamTickets(stored.TeamId), number, stored.CreatedAt.ToUnixTimeMilliseconds());
        var updated = db.ScriptEvaluateAsync(UpdateScript, new
        {
            key = (RedisKey)key,
            expected = ticket.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            json = Serialize(stored),
            team = stored.TeamId,
        });
        await Task.WhenAll(indexed, updated);
        var before = await updated;
        if (before.IsNull) return null;

        // Moved: leave the old team's index, then index the ticket as it is now, in case it moved back meanwhile.
        if (!string.Equals((string?)before, stored.TeamId, StringComparison.OrdinalIgnoreCase))
        {
            await db.SortedSetRemoveAsync(_keys.TeamTickets((string)before!), number);
            var now = Deserialize(await db.HashGetAsync(key, JsonField));
            if (now is not null) await IndexAsync(db, now);
        }
        return stored;
    }

    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        ListAsync(_keys.RequesterTickets(requesterKey), t => t.Requester.Key == requesterKey, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        ListAsync(_keys.TeamTickets(teamId), t => string.Equals(t.TeamId, teamId, StringComparison.OrdinalIgnoreCase), cancellationToken);

    private async Task<IReadOnlyList<Ticket>> ListAsync(string index, Func<Ticket, bool> belongs, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var numbers = await db.SortedSetRangeByRankAsync(index, 0, -1, Order.Descending);
        // One GET per ticket, pipelined: unlike MGET this works when the tickets sit in different cluster slots.
        var values = await Task.WhenAll(numbers.Select(number => db.HashGetAsync(_keys.Ticket(number!), JsonField)));
        return values.Select(Deserialize).OfType<Ticket>().Where(belongs)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Value).ToList();
    }

    private Task IndexAsync(IDatabaseAsync db, Ticket ticket)
    {
        var score = ticket.CreatedAt.ToUnixTimeMilliseconds();
        return Task.WhenAll(IndexKeys(ticket).Select(index => db.SortedSetAddAsync(index, ticket.Number.ToString(), score)));
    }

    private string[] IndexKeys(Ticket ticket) => [_keys.RequesterTickets(ticket.Requester.Key), _keys.TeamTickets(ticket.TeamId)];

    private static string Serialize(Ticket ticket) => JsonSerializer.Serialize(ticket, SwitchboardJsonContext.Default.Ticket);

    private static Ticket? Deserialize(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize((string)json!, SwitchboardJsonContext.Default.Ticket);
}

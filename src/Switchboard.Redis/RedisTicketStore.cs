using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Redis;

/// <summary>
/// <see cref="ITicketStore"/> on Redis: one hash per ticket (JSON + version) updated by a compare-and-set
/// script, an INCR counter per number prefix, and sorted-set indexes per requester, per team and of each
/// requester's and each team's open tickets.
/// </summary>
/// <remarks>
/// A ticket and its index entries sit in different cluster slots, so they cannot change in one script.
/// Instead the entries a ticket needs are added before the ticket is written (a crash or a lost compare-and-set
/// leaves at worst an extra entry), listing keeps only the tickets that really belong to the index it read
/// (extra entries are invisible), and when a change takes a ticket out of an index (a move to another team,
/// resolved or cancelled) the entry is removed and the ticket re-read and re-indexed, so a change back that
/// raced the removal (moved back, reopened) cannot drop the ticket from an index it belongs to. A change that puts
/// a ticket back into an index (reopened, moved) also re-indexes it after its compare-and-set, so it lands after
/// any such removal.
/// </remarks>
public sealed class RedisTicketStore(RedisConnection connection, RedisOptions options) : ITicketStore
{
    private const string JsonField = "json";

    // json = the ticket at version 1, team = its team id, open = 1 or 0 (kept beside the JSON so an update can tell
    // a move, or a close or reopen, without decoding it).
    private static readonly LuaScript CreateScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then return 0 end
        redis.call('HSET', @key, 'json', @json, 'version', 1, 'team', @team, 'open', @open)
        return 1
        """);

    // json = the ticket at the expected version + 1, team, open as above. Returns {team, open} as they were before,
    // or nil when the version did not match. (Tickets stored before the team field existed have it only in the
    // JSON; before the open field existed, open comes back nil and the update re-indexes the ticket.)
    private static readonly LuaScript UpdateScript = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'version')
        if not current or current ~= @expected then return false end
        local before = redis.call('HGET', @key, 'team')
        if not before then before = cjson.decode(redis.call('HGET', @key, 'json'))['teamId'] end
        local wasOpen = redis.call('HGET', @key, 'open')
        redis.call('HSET', @key, 'json', @json, 'version', tonumber(@expected) + 1, 'team', @team, 'open', @open)
        return {before, wasOpen}
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
        var created = db.ScriptEvaluateAsync(CreateScript, new
        {
            key = (RedisKey)_keys.Ticket(stored.Number),
            json = Serialize(stored),
            team = stored.TeamId,
            open = OpenField(stored),
        });
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
        // at worst an extra entry); the requester's entry was added at creation and never changes. The open entries
        // go in first too when this may be a reopen (hers and the team's) or a move (the team's), so a crash after
        // the compare-and-set cannot leave the ticket out of an open index it joined; other updates of an open
        // ticket find it there already, and a reopen or move is re-indexed below anyway. Whether this write moves
        // the ticket is known only in the script (the stored team), so "may move" is read from the history: every
        // move records a Moved event, so a ticket without one is still in the team it was filed to. That keeps the
        // hot path (a click on a ticket never moved nor closed, e.g. "Assign to me") at one ZADD.
        var indexed = IndexAsync(db, stored, AheadKeys(stored));
        var updated = db.ScriptEvaluateAsync(UpdateScript, new
        {
            key = (RedisKey)key,
            expected = ticket.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            json = Serialize(stored),
            team = stored.TeamId,
            open = OpenField(stored),
        });
        await Task.WhenAll(indexed, updated);
        var result = await updated;
        if (result.IsNull) return null;
        var before = (RedisResult[])result!;
        var teamBefore = (string)before[0]!;
        bool? openBefore = before[1].IsNull ? null : (string?)before[1] == "1";

        var moved = !string.Equals(teamBefore, stored.TeamId, StringComparison.OrdinalIgnoreCase);
        if (moved || openBefore != stored.IsOpen)
        {
            // Leave the indexes it left, then index the ticket as it is now, in case it moved back or reopened meanwhile.
            List<Task> removed = [];
            if (moved)
            {
                removed.Add(db.SortedSetRemoveAsync(_keys.TeamTickets(teamBefore), number));
                removed.Add(db.SortedSetRemoveAsync(_keys.OpenTeamTickets(teamBefore), number));
            }
            if (!stored.IsOpen)
            {
                removed.Add(db.SortedSetRemoveAsync(_keys.OpenRequesterTickets(stored.Requester.Key), number));
                removed.Add(db.SortedSetRemoveAsync(_keys.OpenTeamTickets(stored.TeamId), number));
            }
            await Task.WhenAll(removed);
            await ReindexAsync(db, ticket.Number);
        }
        return stored;
    }

    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        ListAsync(_keys.RequesterTickets(requesterKey), t => t.Requester.Key == requesterKey, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListOpenByRequesterAsync(string requesterKey, CancellationToken cancellationToken) =>
        ListOpenAsync(
            _keys.OpenRequesterTickets(requesterKey), _keys.OpenRequesterTicketsBuilt(requesterKey), _keys.RequesterTickets(requesterKey),
            t => t.IsOpen && t.Requester.Key == requesterKey, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        ListAsync(_keys.TeamTickets(teamId), t => string.Equals(t.TeamId, teamId, StringComparison.OrdinalIgnoreCase), cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListOpenByTeamAsync(string teamId, CancellationToken cancellationToken) =>
        ListOpenAsync(
            _keys.OpenTeamTickets(teamId), _keys.OpenTeamTicketsBuilt(teamId), _keys.TeamTickets(teamId),
            t => t.IsOpen && string.Equals(t.TeamId, teamId, StringComparison.OrdinalIgnoreCase), cancellationToken);

    private async Task<IReadOnlyList<Ticket>> ListAsync(string index, Func<Ticket, bool> belongs, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var numbers = await db.SortedSetRangeByRankAsync(index, 0, -1, Order.Descending);
        return NewestFirst((await LoadAsync(db, numbers)).Where(belongs));
    }

    /// <summary>
    /// The tickets of an open index (<paramref name="index"/>) that <paramref name="belongs"/> to it. Its entries are
    /// built first from the full index (<paramref name="all"/>) when <paramref name="built"/> says that was never done.
    /// </summary>
    private async Task<IReadOnlyList<Ticket>> ListOpenAsync(string index, string built, string all, Func<Ticket, bool> belongs,
        CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var isBuilt = db.KeyExistsAsync(built);
        var listed = db.SortedSetRangeByRankAsync(index, 0, -1, Order.Descending);
        await Task.WhenAll(isBuilt, listed);
        if (!await isBuilt)
        {
            await BuildOpenIndexAsync(db, index, built, all, belongs);
            listed = db.SortedSetRangeByRankAsync(index, 0, -1, Order.Descending);
        }

        var tickets = await LoadAsync(db, await listed);
        // Entries of tickets closed or moved away since (or filed by someone else under a number that was taken) are
        // removed here, the way a close or move removes them: then the ticket is re-read and re-indexed, in case it
        // reopened or moved back meanwhile. An entry whose ticket is missing stays: it may be a creation in flight.
        var stale = tickets.Where(t => !belongs(t)).ToList();
        if (stale.Count > 0)
        {
            await Task.WhenAll(stale.Select(t => db.SortedSetRemoveAsync(index, t.Number.ToString())));
            await Task.WhenAll(stale.Select(t => ReindexAsync(db, t.Number)));
        }
        return NewestFirst(tickets.Where(belongs));
    }

    /// <summary>
    /// Indexes the open tickets of a requester or team whose tickets were stored before its open index existed,
    /// once: the marker says it was done. A ticket closed or moved meanwhile may leave an extra entry, which listing
    /// removes; one reopened or moved in meanwhile adds its own entry.
    /// </summary>
    private async Task BuildOpenIndexAsync(IDatabaseAsync db, string index, string built, string all, Func<Ticket, bool> belongs)
    {
        var tickets = await LoadAsync(db, await db.SortedSetRangeByRankAsync(all));
        await Task.WhenAll(tickets.Where(belongs)
            .Select(t => db.SortedSetAddAsync(index, t.Number.ToString(), t.CreatedAt.ToUnixTimeMilliseconds())));
        await db.StringSetAsync(built, "1");
    }

    /// <summary>The tickets with these numbers that exist.</summary>
    private async Task<List<Ticket>> LoadAsync(IDatabaseAsync db, RedisValue[] numbers)
    {
        // One HGET per ticket, pipelined: unlike one multi-key command this works when the tickets sit in different cluster slots.
        var values = await Task.WhenAll(numbers.Select(number => db.HashGetAsync(_keys.Ticket(number!), JsonField)));
        return values.Select(Deserialize).OfType<Ticket>().ToList();
    }

    private async Task ReindexAsync(IDatabaseAsync db, TicketNumber number)
    {
        if (Deserialize(await db.HashGetAsync(_keys.Ticket(number), JsonField)) is { } now) await IndexAsync(db, now, IndexKeys(now));
    }

    private Task IndexAsync(IDatabaseAsync db, Ticket ticket) => IndexAsync(db, ticket, IndexKeys(ticket));

    private static Task IndexAsync(IDatabaseAsync db, Ticket ticket, IEnumerable<string> indexes)
    {
        var score = ticket.CreatedAt.ToUnixTimeMilliseconds();
        return Task.WhenAll(indexes.Select(index => db.SortedSetAddAsync(index, ticket.Number.ToString(), score)));
    }

    private IEnumerable<string> IndexKeys(Ticket ticket) =>
        ticket.IsOpen
            ? [_keys.RequesterTickets(ticket.Requester.Key), _keys.TeamTickets(ticket.TeamId),
                _keys.OpenRequesterTickets(ticket.Requester.Key), _keys.OpenTeamTickets(ticket.TeamId)]
            : [_keys.RequesterTickets(ticket.Requester.Key), _keys.TeamTickets(ticket.TeamId)];

    /// <summary>The index entries an update adds before its compare-and-set (see <see cref="TryUpdateAsync"/>).</summary>
    private List<string> AheadKeys(Ticket ticket)
    {
        List<string> keys = [_keys.TeamTickets(ticket.TeamId)];
        var mayReopen = MayReopen(ticket);
        if (mayReopen) keys.Add(_keys.OpenRequesterTickets(ticket.Requester.Key));
        if (mayReopen || MayMove(ticket)) keys.Add(_keys.OpenTeamTickets(ticket.TeamId));
        return keys;
    }

    // An open ticket that was ever closed: only such a ticket can be writing its reopen (its history records every close).
    private static bool MayReopen(Ticket ticket) =>
        ticket.IsOpen && ticket.History.Any(e => e.Kind is TicketEventKind.Resolved or TicketEventKind.Cancelled);

    // An open ticket that was ever moved: only such a ticket can be writing a move (its history records every move).
    private static bool MayMove(Ticket ticket) =>
        ticket.IsOpen && ticket.History.Any(e => e.Kind is TicketEventKind.Moved);

    private static IReadOnlyList<Ticket> NewestFirst(IEnumerable<Ticket> tickets) =>
        tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number.Value).ToList();

    private static string OpenField(Ticket ticket) => ticket.IsOpen ? "1" : "0";

    private static string Serialize(Ticket ticket) => JsonSerializer.Serialize(ticket, SwitchboardJsonContext.Default.Ticket);

    private static Ticket? Deserialize(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize((string)json!, SwitchboardJsonContext.Default.Ticket);
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.People;

/// <summary>
/// The one people directory: adapters report every person they see (<see cref="ObserveAsync"/>), everything
/// else reads it (by id, platform account or e-mail) with the <c>People</c> configuration laid over it.
/// The same e-mail on two platforms is one person.
/// </summary>
public sealed partial class PeopleDirectory : IDisposable
{
    private const int MaxAttempts = 8;
    // Sightings remembered at most; past that the least recently seen are forgotten (and written again when seen).
    private const int RememberedSightings = 20_000;
    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };

    private readonly IPeopleStore _store;
    private readonly PeopleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PeopleDirectory> _logger;
    private readonly Dictionary<string, ProfileOptions> _configured;
    // What this process last wrote per platform key, so an unchanged sighting on every turn costs no write.
    private readonly MemoryCache _written = new(new MemoryCacheOptions { SizeLimit = RememberedSightings, CompactionPercentage = 0.1 });

    /// <summary>Creates the directory over <paramref name="store"/>.</summary>
    public PeopleDirectory(IPeopleStore store, PeopleOptions options, TimeProvider time, ILogger<PeopleDirectory> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _configured = options.Profiles
            .Where(p => !string.IsNullOrWhiteSpace(p.Email))
            .GroupBy(p => PeopleIndex.NormalizeEmail(p.Email))
            .ToDictionary(g => g.Key, g => g.Last() with { TimeZone = TimeZoneIds.Normalize(g.Last().TimeZone) });
    }

    /// <summary>
    /// Records that a person was seen (a turn, an installation): their account, name, e-mail and whatever else the
    /// platform said, and that this is now the platform they last used. Cheap to call on every turn: a sighting
    /// this process wrote within <see cref="PeopleOptions.RefreshAfter"/> is not written again. A storage failure
    /// is logged and swallowed, so it never costs the turn.
    /// </summary>
    public async Task ObserveAsync(PersonSighting sighting, CancellationToken cancellationToken)
    {
        var key = sighting.Person.Key;
        var fingerprint = Fingerprint(sighting);
        var now = _time.GetUtcNow();
        if (_written.Get<WrittenSighting>(key) is { } last && last.Fingerprint == fingerprint && last.Until > now) return;
        try
        {
            var person = await WriteAsync(sighting, now, cancellationToken);
            Remember(person, key, fingerprint, now);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogObserveFailed(_logger, ex, key);
        }
    }

    /// <summary>
    /// The person with this id, or null. An id that was a platform key keeps working after that account was
    /// merged into the person's e-mail record.
    /// </summary>
    public async Task<Person?> GetAsync(PersonId id, CancellationToken cancellationToken) =>
        Overlay(await _store.GetAsync(id, cancellationToken)
                ?? (id.Value.Contains(':') ? await _store.FindByPlatformKeyAsync(id.Value, cancellationToken) : null));

    /// <summary>The person behind a platform account (by its key, then by its e-mail), or null.</summary>
    public async Task<Person?> FindAsync(PersonRef person, CancellationToken cancellationToken) =>
        Overlay(await _store.FindByPlatformKeyAsync(person.Key, cancellationToken)
                ?? (PersonRules.Clean(person.Email) is { } email ? await _store.FindByEmailAsync(email, cancellationToken) : null));

    /// <summary>The person with this e-mail, or null.</summary>
    public async Task<Person?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        Overlay(await _store.FindByEmailAsync(email, cancellationToken));

    /// <summary>Remembers the direct chat the bot opened with one of a person's accounts, so it is opened once.</summary>
    public async Task RememberDirectChatAsync(PersonId id, string platformKey, ConversationAddress chat, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var person = await _store.GetAsync(id, cancellationToken);
            var identity = person?.Identity(platformKey);
            if (person is null || identity is null || identity.DirectChat == chat.TopLevel()) return;
            if (await _store.TryUpdateAsync(PersonRules.WithDirectChat(person, platformKey, chat), cancellationToken) is not null) return;
        }
        throw new StateConflictException($"person {id}");
    }

    private async Task<Person> WriteAsync(PersonSighting sighting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = sighting.Person.Key;
        var email = PersonRules.Clean(sighting.Person.Email);
        var taken = new HashSet<PersonId>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var byKey = await _store.FindByPlatformKeyAsync(key, cancellationToken);
            var byEmail = email is null ? null : await _store.FindByEmailAsync(email, cancellationToken);
            // The e-mail decides who this is: an account known before its e-mail joins the person who has that e-mail.
            var target = byEmail ?? byKey;
            if (target is null)
            {
                var id = NewId(key, email, taken);
                var created = await _store.TryCreateAsync(PersonRules.New(id, sighting, now), cancellationToken);
                if (created is not null) return created;
                // Someone else created that id first: either this very person (found on the next read) or
                // another one, whose id is then skipped.
                taken.Add(id);
                continue;
            }
            var moving = byKey is not null && byKey.Id != target.Id;
            var next = PersonRules.Apply(moving ? PersonRules.Absorb(target, byKey!, key) : target, sighting, now);
            var updated = await _store.TryUpdateAsync(next, cancellationToken);
            if (updated is null) continue;
            if (moving) await ReleaseAsync(byKey!, key, cancellationToken);
            return updated;
        }
        throw new StateConflictException($"person {key}");
    }

    /// <summary>Takes the account <paramref name="platformKey"/> off a record it moved away from; a record left with no account goes.</summary>
    private async Task ReleaseAsync(Person from, string platformKey, CancellationToken cancellationToken)
    {
        var current = from;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (current.Identity(platformKey) is null) return;
            var rest = PersonRules.Without(current, platformKey);
            var done = rest.Identities.Count == 0
                ? await _store.TryDeleteAsync(current, cancellationToken)
                : await _store.TryUpdateAsync(rest, cancellationToken) is not null;
            if (done) return;
            current = await _store.GetAsync(from.Id, cancellationToken);
            if (current is null) return;
        }
        throw new StateConflictException($"person {from.Id}");
    }

    private static PersonId NewId(string platformKey, string? email, HashSet<PersonId> taken)
    {
        if (email is not null && !taken.Contains(PersonId.ForEmail(email))) return PersonId.ForEmail(email);
        var id = PersonId.ForPlatformKey(platformKey);
        for (var n = 2; taken.Contains(id); n++) id = PersonId.ForPlatformKey($"{platformKey}#{n}");
        return id;
    }

    private void Remember(Person person, string platformKey, string fingerprint, DateTimeOffset now)
    {
        _written.Set(platformKey, new WrittenSighting(fingerprint, now + _options.RefreshAfter), OneEntry);
        // Their other accounts' next sightings must be written: each one changes which platform they used last.
        foreach (var other in person.Identities)
            if (other.Key != platformKey) _written.Remove(other.Key);
    }

    /// <inheritdoc />
    public void Dispose() => _written.Dispose();

    private sealed record WrittenSighting(string Fingerprint, DateTimeOffset Until);

    private Person? Overlay(Person? person)
    {
        if (person?.Email is not { } email || !_configured.TryGetValue(PeopleIndex.NormalizeEmail(email), out var configured)) return person;
        return person with
        {
            TimeZone = configured.TimeZone ?? person.TimeZone,
            Department = PersonRules.Clean(configured.Department) ?? person.Department,
            Manager = PersonRules.Clean(configured.Manager) ?? person.Manager,
        };
    }

    private static string Fingerprint(PersonSighting sighting)
    {
        var who = sighting.Person;
        var text = string.Join('\u001f', who.Key, who.Name, who.Email, sighting.DirectChat?.TopLevel().Key, sighting.DirectChat?.Endpoint,
            sighting.TenantId, sighting.ServiceUrl, sighting.TimeZone, sighting.Department, sighting.Manager);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a sighting of {PlatformKey} in the people directory")]
    private static partial void LogObserveFailed(ILogger logger, Exception exception, string platformKey);
}

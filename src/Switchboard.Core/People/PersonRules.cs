using Switchboard.Core.Conversations;

namespace Switchboard.Core.People;

/// <summary>How sightings change a person: pure functions of (person, sighting, now).</summary>
internal static class PersonRules
{
    /// <summary>
    /// A blank name, or one that is just the platform's user id, is what an adapter falls back to when the
    /// platform's profile could not be read; it never replaces a name the directory knows.
    /// </summary>
    public static bool HasPlaceholderName(PersonRef person) => string.IsNullOrWhiteSpace(person.Name) || person.Name == person.Id;

    public static Person New(PersonId id, PersonSighting sighting, DateTimeOffset now) =>
        Apply(new Person { Id = id, Name = sighting.Person.Name }, sighting, now);

    /// <summary>The person with what the sighting says: their account seen now, and every field it gives updated.</summary>
    public static Person Apply(Person person, PersonSighting sighting, DateTimeOffset now)
    {
        var who = sighting.Person;
        var existing = person.Identity(who.Key);
        var identity = (existing ?? new PlatformIdentity(who.Platform, who.Id)) with
        {
            TenantId = Clean(sighting.TenantId) ?? existing?.TenantId,
            ServiceUrl = Clean(sighting.ServiceUrl) ?? existing?.ServiceUrl,
            DirectChat = sighting.DirectChat?.TopLevel() ?? existing?.DirectChat,
            LastSeenAt = now,
        };
        return person with
        {
            Name = HasPlaceholderName(who) && person.Name.Length > 0 ? person.Name : who.Name,
            Email = Clean(who.Email) ?? person.Email,
            TimeZone = TimeZoneIds.Normalize(sighting.TimeZone) ?? person.TimeZone,
            Department = Clean(sighting.Department) ?? person.Department,
            Manager = Clean(sighting.Manager) ?? person.Manager,
            Identities = existing is null
                ? [.. person.Identities, identity]
                : person.Identities.Select(i => i.Key == identity.Key ? identity : i).ToList(),
        };
    }

    /// <summary>
    /// <paramref name="target"/> taking over <paramref name="other"/>'s account <paramref name="platformKey"/>
    /// (the same person, known there before their e-mail was): the account moves, and what the target
    /// doesn't know yet is filled in from the other record.
    /// </summary>
    public static Person Absorb(Person target, Person other, string platformKey)
    {
        var moved = other.Identity(platformKey);
        return target with
        {
            TimeZone = target.TimeZone ?? other.TimeZone,
            Department = target.Department ?? other.Department,
            Manager = target.Manager ?? other.Manager,
            Identities = moved is null || target.Identity(platformKey) is not null ? target.Identities : [.. target.Identities, moved],
        };
    }

    public static Person Without(Person person, string platformKey) =>
        person with { Identities = person.Identities.Where(i => i.Key != platformKey).ToList() };

    public static Person WithDirectChat(Person person, string platformKey, ConversationAddress chat) =>
        person with { Identities = person.Identities.Select(i => i.Key == platformKey ? i with { DirectChat = chat.TopLevel() } : i).ToList() };

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

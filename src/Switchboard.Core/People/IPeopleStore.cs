namespace Switchboard.Core.People;

/// <summary>
/// People, found by id, by platform key and by e-mail. Writes are compare-and-set on <see cref="Person.Version"/>;
/// the store keeps its platform-key and e-mail indexes in step with what it writes.
/// </summary>
public interface IPeopleStore
{
    /// <summary>The person, or null.</summary>
    Task<Person?> GetAsync(PersonId id, CancellationToken cancellationToken);

    /// <summary>The person who has the account <paramref name="platformKey"/> (<c>slack:U123</c>), or null.</summary>
    Task<Person?> FindByPlatformKeyAsync(string platformKey, CancellationToken cancellationToken);

    /// <summary>The person with this e-mail (compared case-insensitively), or null.</summary>
    Task<Person?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Stores a new person at version 1.</summary>
    /// <returns>The stored person, or null when a person with that id exists.</returns>
    Task<Person?> TryCreateAsync(Person person, CancellationToken cancellationToken);

    /// <summary>Replaces the person when the stored version equals <paramref name="person"/>'s <see cref="Person.Version"/>.</summary>
    /// <returns>The stored person with its version incremented, or null when someone else changed (or deleted) it first.</returns>
    Task<Person?> TryUpdateAsync(Person person, CancellationToken cancellationToken);

    /// <summary>Deletes the person when the stored version equals <paramref name="person"/>'s (after their accounts moved to another record).</summary>
    /// <returns>False when someone else changed it first or it is gone.</returns>
    Task<bool> TryDeleteAsync(Person person, CancellationToken cancellationToken);
}

/// <summary>What a person is indexed under; shared by the stores so they index alike.</summary>
public static class PeopleIndex
{
    /// <summary>Their platform keys.</summary>
    public static IEnumerable<string> PlatformKeys(Person? person) => person?.Identities.Select(i => i.Key) ?? [];

    /// <summary>Their e-mail, lower-cased (none or one).</summary>
    public static IEnumerable<string> Emails(Person? person) =>
        person?.Email is { } email && !string.IsNullOrWhiteSpace(email) ? [NormalizeEmail(email)] : [];

    /// <summary>The form e-mails are indexed and compared in.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>True when <paramref name="person"/> has <paramref name="email"/> (so a stale index entry is never believed).</summary>
    public static bool HasEmail(Person? person, string email) =>
        person?.Email is { } own && NormalizeEmail(own) == NormalizeEmail(email);
}

namespace Switchboard.Core.People;

/// <summary>In-process <see cref="IPeopleStore"/>: the default when no Redis is configured.</summary>
public sealed class MemoryPeopleStore : IPeopleStore
{
    private readonly Dictionary<PersonId, Person> _people = [];
    private readonly Dictionary<string, PersonId> _byPlatformKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonId> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task<Person?> GetAsync(PersonId id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_people.GetValueOrDefault(id));
    }

    /// <inheritdoc />
    public Task<Person?> FindByPlatformKeyAsync(string platformKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var found = _byPlatformKey.TryGetValue(platformKey, out var id) ? _people.GetValueOrDefault(id) : null;
            return Task.FromResult(found?.Identity(platformKey) is null ? null : found);
        }
    }

    /// <inheritdoc />
    public Task<Person?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var found = _byEmail.TryGetValue(email.Trim(), out var id) ? _people.GetValueOrDefault(id) : null;
            return Task.FromResult(PeopleIndex.HasEmail(found, email) ? found : null);
        }
    }

    /// <inheritdoc />
    public Task<Person?> TryCreateAsync(Person person, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_people.ContainsKey(person.Id)) return Task.FromResult<Person?>(null);
            var stored = person with { Version = 1 };
            _people[person.Id] = stored;
            Index(null, stored);
            return Task.FromResult<Person?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<Person?> TryUpdateAsync(Person person, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_people.TryGetValue(person.Id, out var current) || current.Version != person.Version)
                return Task.FromResult<Person?>(null);
            var stored = person with { Version = person.Version + 1 };
            _people[person.Id] = stored;
            Index(current, stored);
            return Task.FromResult<Person?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryDeleteAsync(Person person, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_people.TryGetValue(person.Id, out var current) || current.Version != person.Version) return Task.FromResult(false);
            _people.Remove(person.Id);
            Index(current, null);
            return Task.FromResult(true);
        }
    }

    private void Index(Person? before, Person? after)
    {
        foreach (var key in PeopleIndex.PlatformKeys(before).Except(PeopleIndex.PlatformKeys(after)))
            if (_byPlatformKey.TryGetValue(key, out var owner) && owner == before!.Id) _byPlatformKey.Remove(key);
        foreach (var email in PeopleIndex.Emails(before).Except(PeopleIndex.Emails(after)))
            if (_byEmail.TryGetValue(email, out var owner) && owner == before!.Id) _byEmail.Remove(email);
        if (after is null) return;
        foreach (var key in PeopleIndex.PlatformKeys(after)) _byPlatformKey[key] = after.Id;
        foreach (var email in PeopleIndex.Emails(after)) _byEmail[email] = after.Id;
    }
}

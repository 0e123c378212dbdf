namespace Switchboard.Core.Conversations;

/// <summary>The <c>Admin</c> configuration section.</summary>
public sealed record AdminOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Admin";

    /// <summary>Key for the host's admin HTTP APIs outside Development.</summary>
    public string? ApiKey { get; init; }

    /// <summary>People allowed to run admin commands in chat ("link it"): e-mails or "{platform}:{id}" person keys.</summary>
    public List<string> Users { get; init; } = [];

    /// <summary>True when <paramref name="person"/> is listed in <see cref="Users"/>.</summary>
    public bool IsAdmin(PersonRef person) =>
        Users.Any(u => string.Equals(u, person.Key, StringComparison.OrdinalIgnoreCase) ||
                       (person.Email is not null && string.Equals(u, person.Email, StringComparison.OrdinalIgnoreCase)));
}

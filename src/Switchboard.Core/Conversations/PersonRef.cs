namespace Switchboard.Core.Conversations;

/// <summary>
/// A person as a platform knows them. <see cref="Key"/> ("{platform}:{id}") identifies them within
/// Switchboard; <see cref="Email"/>, when the platform gives it, links the same person across platforms.
/// </summary>
public sealed record PersonRef(Platform Platform, string Id, string Name, string? Email = null)
{
    /// <summary>"{platform}:{id}": the platform's id followed by the platform's own id of the person.</summary>
    public string Key => $"{Platform.Id}:{Id}";

    /// <summary>True when both refer to the same person: same key, or same e-mail.</summary>
    public bool IsSamePerson(PersonRef other) =>
        Key == other.Key ||
        (Email is not null && other.Email is not null &&
         string.Equals(Email, other.Email, StringComparison.OrdinalIgnoreCase));
}

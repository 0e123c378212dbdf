namespace Switchboard.Core.Conversations;

/// <summary>
/// A person as a platform knows them. <see cref="Key"/> ("slack:U123") identifies them within
/// Switchboard; <see cref="Email"/>, when the platform gives it, links the same person across platforms.
/// </summary>
public sealed record PersonRef(Platform Platform, string Id, string Name, string? Email = null)
{
    /// <summary>"{channel}:{id}", e.g. <c>teams:29:1abc</c> or <c>playground:maya</c>.</summary>
    public string Key => $"{Platform.Id}:{Id}";

    /// <summary>True when both refer to the same person: same key, or same e-mail.</summary>
    public bool IsSamePerson(PersonRef other) =>
        Key == other.Key ||
        (Email is not null && other.Email is not null &&
         string.Equals(Email, other.Email, StringComparison.OrdinalIgnoreCase));
}

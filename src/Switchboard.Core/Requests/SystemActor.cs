using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>
/// Switchboard itself acting on a ticket (auto-assignment): a person on no platform, who works for every
/// team. Its changes are recorded in the history under its name like anyone's, and never count as a response.
/// </summary>
public static class SystemActor
{
    /// <summary>The platform of Switchboard's own actors; no gateway serves it, so nothing is ever sent to one.</summary>
    public static readonly Platform Platform = new("switchboard");

    /// <summary>Switchboard acting as <paramref name="name"/> ("Auto-assignment (round robin)").</summary>
    public static PersonRef Named(string id, string name) => new(Platform, id, name);

    /// <summary>True when <paramref name="person"/> is Switchboard itself.</summary>
    public static bool Is(PersonRef person) => person.Platform == Platform;
}

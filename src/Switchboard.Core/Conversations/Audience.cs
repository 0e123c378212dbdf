using Switchboard.Core.Routing;

namespace Switchboard.Core.Conversations;

/// <summary>Who may use a chat command or an intent; "help" lists for each person only what they may use.</summary>
public enum Audience
{
    /// <summary>Anyone who can talk to the bot.</summary>
    Everyone,
    /// <summary>Agents of any service team.</summary>
    Agents,
    /// <summary>Switchboard admins (<see cref="AdminOptions.Users"/>).</summary>
    Admins,
}

/// <summary>
/// Who may use a card verb, relative to what the card is about: the requester and the agents of a ticket's
/// team, say. The module that owns the verb knows the subject, so it checks; the registry only records it.
/// </summary>
[Flags]
public enum Actors
{
    /// <summary>Nobody.</summary>
    None = 0,
    /// <summary>The person the subject belongs to: the requester of a ticket.</summary>
    Requester = 1,
    /// <summary>An agent of the team the subject belongs to.</summary>
    Agent = 2,
    /// <summary>A Switchboard admin.</summary>
    Admin = 4,
    /// <summary>Anyone who can see the card. Every person has this role.</summary>
    Anyone = 8,
    /// <summary>A lead of the team the subject belongs to.</summary>
    Lead = 16,
}

/// <summary>Answers whether a person belongs to an <see cref="Audience"/>, and what to tell them when not.</summary>
public sealed class AudiencePolicy(TeamDirectory teams, AdminOptions admin)
{
    /// <summary>True when <paramref name="person"/> may use what is meant for <paramref name="audience"/>.</summary>
    public bool Includes(Audience audience, PersonRef person) => audience switch
    {
        Audience.Everyone => true,
        Audience.Agents => teams.TeamsOf(person).Any(),
        Audience.Admins => admin.IsAdmin(person),
        _ => false,
    };

    /// <summary>The refusal for someone outside <paramref name="audience"/>.</summary>
    public static string Refusal(Audience audience) => audience switch
    {
        Audience.Admins => "Only Switchboard admins can do that. Ask one to add you under Admin:Users.",
        Audience.Agents => "Only service team agents can do that.",
        _ => "You can't do that.",
    };

    /// <summary>How help marks a command meant for <paramref name="audience"/>: "(admins)", or nothing for everyone.</summary>
    public static string Label(Audience audience) => audience switch
    {
        Audience.Admins => " (admins)",
        Audience.Agents => " (agents)",
        _ => "",
    };
}

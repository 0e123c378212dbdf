using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.People;

/// <summary>
/// One person across every platform: who they are, what the platforms and the <c>People</c> configuration say
/// about them, and how to reach each of their platform accounts directly. The same e-mail on two platforms is
/// one person. Stored with compare-and-set on <see cref="Version"/>.
/// </summary>
public sealed record Person
{
    /// <summary>The stable id (see <see cref="PersonId"/>).</summary>
    public required PersonId Id { get; init; }

    /// <summary>The name the most recent platform showed (display name or real name).</summary>
    public required string Name { get; init; }

    /// <summary>Work e-mail, when a platform or the configuration gave one; links accounts across platforms.</summary>
    public string? Email { get; init; }

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Department, when known.</summary>
    public string? Department { get; init; }

    /// <summary>Their manager: a person id or an e-mail (the two coincide for people first seen with an e-mail).</summary>
    public string? Manager { get; init; }

    /// <summary>Their accounts, one per platform key.</summary>
    public IReadOnlyList<PlatformIdentity> Identities { get; init; } = [];

    /// <summary>The store's compare-and-set version: 1 when created, one more per update.</summary>
    public long Version { get; init; }

    /// <summary>The account they used most recently, or null when they have none.</summary>
    [JsonIgnore]
    public PlatformIdentity? LastUsed => Identities.Count == 0 ? null : Identities.MaxBy(i => i.LastSeenAt);

    /// <summary>The account with this platform key (<c>slack:U123</c>), or null.</summary>
    public PlatformIdentity? Identity(string platformKey) =>
        Identities.FirstOrDefault(i => string.Equals(i.Key, platformKey, StringComparison.Ordinal));

    /// <summary>This person as <paramref name="identity"/>'s platform knows them.</summary>
    public PersonRef AsSeenOn(PlatformIdentity identity) => new(identity.Platform, identity.UserId, Name, Email);
}

/// <summary>A person's account on one platform and what is needed to reach it first.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="UserId">The platform's user id (Teams <c>29:...</c>, Slack <c>U123</c>, playground persona id).</param>
public sealed record PlatformIdentity(Platform Platform, string UserId)
{
    /// <summary>Teams tenant or Slack workspace the account was last seen in.</summary>
    public string? TenantId { get; init; }

    /// <summary>Where the platform's API for this account is reached (Teams: the Connector service URL last seen).</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The bot's direct chat with them, once seen or opened.</summary>
    public ConversationAddress? DirectChat { get; init; }

    /// <summary>When they were last seen using this account (written at most every few minutes, see <see cref="PeopleOptions.RefreshAfter"/>).</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>"{platform}:{user id}", the same as <see cref="PersonRef.Key"/>.</summary>
    [JsonIgnore]
    public string Key => $"{Platform.Id}:{UserId}";
}

/// <summary>
/// What an adapter saw of a person on a turn or an installation. Null means "not said this time", never "cleared".
/// </summary>
/// <param name="Person">Who, as the platform knows them.</param>
public sealed record PersonSighting(PersonRef Person)
{
    /// <summary>The bot's direct chat with them, when this happened in it (or the platform told it).</summary>
    public ConversationAddress? DirectChat { get; init; }

    /// <summary>Teams tenant or Slack workspace.</summary>
    public string? TenantId { get; init; }

    /// <summary>Teams: the Connector service URL to reach them through.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Time zone as the platform gives it (IANA or Windows id; anything else is ignored).</summary>
    public string? TimeZone { get; init; }

    /// <summary>Department, when the platform profile has one.</summary>
    public string? Department { get; init; }

    /// <summary>Manager's person id or e-mail, when the platform profile has one.</summary>
    public string? Manager { get; init; }

    /// <summary>
    /// The person who spoke in <paramref name="turn"/>: tenant and service URL from its conversation, and that
    /// conversation as their direct chat when the turn happened in one.
    /// </summary>
    public static PersonSighting FromTurn(Turn turn) => new(turn.From)
    {
        DirectChat = turn.Scope == ConversationScope.Personal ? turn.Conversation.TopLevel() : null,
        TenantId = turn.Conversation.OrganizationId,
        ServiceUrl = turn.Conversation.Endpoint,
    };
}

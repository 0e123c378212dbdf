namespace Switchboard.Core.Conversations;

/// <summary>
/// The platform a conversation or a person lives on, by its lower-case id ("teams", "slack", "playground").
/// Core never names one: each adapter defines its own and registers a gateway for it.
/// </summary>
/// <param name="Id">Lower-case id; the prefix of person and conversation keys.</param>
public readonly record struct Platform(string Id)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>What kind of conversation a turn arrived in.</summary>
public enum ConversationScope
{
    /// <summary>A one-to-one chat between a person and the bot.</summary>
    Personal,
    /// <summary>A channel that many people share, public or private.</summary>
    Channel,
    /// <summary>A chat of a few people with the bot, outside any channel.</summary>
    Group,
}

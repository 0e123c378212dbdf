namespace Switchboard.Core.Conversations;

/// <summary>The platform a conversation lives on.</summary>
public enum ChannelKind
{
    /// <summary>The local playground page.</summary>
    Playground,
    /// <summary>Microsoft Teams through the Bot Framework Connector.</summary>
    Teams,
    /// <summary>Slack through the Events API and Web API.</summary>
    Slack,
}

/// <summary>What kind of conversation a turn arrived in.</summary>
public enum ConversationScope
{
    /// <summary>A one-to-one chat between a person and the bot.</summary>
    Personal,
    /// <summary>A team channel (Teams channel, Slack public or private channel).</summary>
    Channel,
    /// <summary>A group chat (Teams group chat, Slack multi-person DM).</summary>
    Group,
}

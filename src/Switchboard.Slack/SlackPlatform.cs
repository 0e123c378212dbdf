using Switchboard.Core.Conversations;

namespace Switchboard.Slack;

/// <summary>Slack, through the Events API and Web API.</summary>
public static class SlackPlatform
{
    /// <summary>"slack": the prefix of Slack person and conversation keys.</summary>
    public static readonly Platform Id = new("slack");
}

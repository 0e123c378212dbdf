using Switchboard.Core.Conversations;

namespace Switchboard.Host.Playground;

/// <summary>The local playground page: a platform like Teams and Slack, with its own adapter and gateway.</summary>
public static class PlaygroundPlatform
{
    /// <summary>"playground": the prefix of playground person and conversation keys.</summary>
    public static readonly Platform Id = new("playground");
}

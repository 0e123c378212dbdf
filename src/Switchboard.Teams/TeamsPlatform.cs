using Switchboard.Core.Conversations;

namespace Switchboard.Teams;

/// <summary>Microsoft Teams, through the Bot Framework Connector.</summary>
public static class TeamsPlatform
{
    /// <summary>"teams": the prefix of Teams person and conversation keys.</summary>
    public static readonly Platform Id = new("teams");
}

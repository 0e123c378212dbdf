using Switchboard.Core.Routing;

namespace Switchboard.Testing;

/// <summary>Team channels as an adapter's settings would name them, given as a list.</summary>
public sealed class FixedTeamChannels(IEnumerable<TeamChannel> channels) : IConfiguredTeamChannels
{
    public IReadOnlyList<TeamChannel> Channels { get; } = channels.ToList();
}

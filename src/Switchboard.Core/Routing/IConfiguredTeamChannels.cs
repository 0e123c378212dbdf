namespace Switchboard.Core.Routing;

/// <summary>
/// The service-team channels one platform's own settings name. Each enabled adapter registers one, so
/// platform settings (channel ids, endpoints, privacy) stay in the adapter's configuration section and
/// <see cref="TeamChannels"/> only collects what the adapters hand it.
/// </summary>
public interface IConfiguredTeamChannels
{
    /// <summary>The configured channels, each with the team it works for and its privacy.</summary>
    IReadOnlyList<TeamChannel> Channels { get; }
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Routing;

/// <summary>A channel a team works in, with whether confidential text may be shown there.</summary>
public sealed record TeamChannel(string TeamId, ConversationAddress Address, ChannelPrivacy Privacy);

/// <summary>
/// Where each team works: the channels the enabled platforms' settings name (<see cref="IConfiguredTeamChannels"/>)
/// and the channels linked at run time with "link &lt;team&gt;".
/// </summary>
public sealed class TeamChannels(
    TeamDirectory teams,
    IEnumerable<IConfiguredTeamChannels> configured,
    StateDocuments state,
    PlatformGateways gateways,
    TimeProvider time)
{
    private const string LinksKey = "team-links";

    // Read once, when first needed: the adapters' settings are fixed for the life of the process.
    private readonly Lazy<IReadOnlyList<TeamChannel>> _configured = new(() =>
        configured.SelectMany(c => c.Channels).Where(c => gateways.Has(c.Address.Platform)).ToList());

    /// <summary>All channels of the team, configured first.</summary>
    public async Task<IReadOnlyList<TeamChannel>> ForTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var links = await LinksAsync(cancellationToken);
        var team = teams.Get(teamId);
        var channels = _configured.Value.Where(c => c.TeamId == team.Id).ToList();
        foreach (var link in links.Links.Where(l => l.TeamId == teamId && gateways.Has(l.Channel.Platform)))
        {
            if (!channels.Any(c => c.Address.Key == link.Channel.Key))
                channels.Add(new TeamChannel(teamId, link.Channel, link.Privacy));
        }
        return channels;
    }

    /// <summary>The team channel at <paramref name="address"/> (thread ignored), or null.</summary>
    public async Task<TeamChannel?> FindAsync(ConversationAddress address, CancellationToken cancellationToken)
    {
        var channel = _configured.Value.FirstOrDefault(c => c.Address.Key == address.Key);
        if (channel is not null) return channel;
        var links = await LinksAsync(cancellationToken);
        var link = links.Links.FirstOrDefault(l => l.Channel.Key == address.Key);
        return link is null ? null : new TeamChannel(link.TeamId, link.Channel, link.Privacy);
    }

    /// <summary>The team whose configuration names the channel at <paramref name="address"/>, or null.</summary>
    public string? ConfiguredTeamOf(ConversationAddress address) =>
        _configured.Value.FirstOrDefault(c => c.Address.Key == address.Key)?.TeamId;

    /// <summary>Links the channel at <paramref name="address"/> to a team (replacing an earlier link of that channel).</summary>
    public Task LinkAsync(string teamId, ConversationAddress address, ChannelPrivacy privacy, PersonRef by, CancellationToken cancellationToken)
    {
        var channel = address.TopLevel();
        return state.UpdateAsync(LinksKey, SwitchboardJsonContext.Default.TeamLinks, current => new TeamLinks
        {
            Links =
            [
                .. (current?.Links ?? []).Where(l => l.Channel.Key != channel.Key),
                new TeamLink(teamId, channel, privacy, by.Key, time.GetUtcNow()),
            ],
        }, cancellationToken);
    }

    private async Task<TeamLinks> LinksAsync(CancellationToken cancellationToken) =>
        await state.ReadAsync(LinksKey, SwitchboardJsonContext.Default.TeamLinks, cancellationToken) ?? new TeamLinks();
}

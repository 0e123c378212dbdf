using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Routing;

/// <summary>A channel a team works in, with whether confidential text may be shown there.</summary>
public sealed record TeamChannel(string TeamId, ConversationAddress Address, ChannelPrivacy Privacy);

/// <summary>
/// Where each team works: channels from configuration (for platforms that are enabled), channels linked
/// at run time with "link &lt;team&gt;", and the playground's team channel when the playground is on.
/// </summary>
public sealed class TeamChannels(TeamDirectory teams, StateDocuments state, PlatformGateways gateways, TimeProvider time)
{
    private const string LinksKey = "team-links";

    /// <summary>The playground conversation id of a team's channel.</summary>
    public static string PlaygroundConversationId(string teamId) => $"team:{teamId}";

    /// <summary>All channels of the team, configured first.</summary>
    public async Task<IReadOnlyList<TeamChannel>> ForTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var links = await LinksAsync(cancellationToken);
        var channels = Configured(teams.Get(teamId)).ToList();
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
        var configured = teams.All.SelectMany(Configured).FirstOrDefault(c => c.Address.Key == address.Key);
        if (configured is not null) return configured;
        var links = await LinksAsync(cancellationToken);
        var link = links.Links.FirstOrDefault(l => l.Channel.Key == address.Key);
        return link is null ? null : new TeamChannel(link.TeamId, link.Channel, link.Privacy);
    }

    /// <summary>The team whose configuration names the channel at <paramref name="address"/>, or null.</summary>
    public string? ConfiguredTeamOf(ConversationAddress address) =>
        teams.All.SelectMany(Configured).FirstOrDefault(c => c.Address.Key == address.Key)?.TeamId;

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

    private IEnumerable<TeamChannel> Configured(ServiceTeam team)
    {
        var options = team.Options.Channels;
        if (options.Teams is { ChannelId: { Length: > 0 } teamsChannel } t && gateways.Has(new Platform("teams")))
            yield return new TeamChannel(team.Id, new ConversationAddress(new Platform("teams"), teamsChannel, null, t.ServiceUrl, t.TenantId), Privacy(t.Private));
        if (options.Slack is { ChannelId: { Length: > 0 } slackChannel } s && gateways.Has(new Platform("slack")))
            yield return new TeamChannel(team.Id, new ConversationAddress(new Platform("slack"), slackChannel, null, null, s.WorkspaceId), Privacy(s.Private));
        if (gateways.Has(new Platform("playground")))
            yield return new TeamChannel(team.Id, new ConversationAddress(new Platform("playground"), PlaygroundConversationId(team.Id)), Privacy(options.PlaygroundPrivate));
    }

    private static ChannelPrivacy Privacy(bool isPrivate) => isPrivate ? ChannelPrivacy.Private : ChannelPrivacy.Open;
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Slack;

/// <summary>
/// The <c>Slack</c> configuration section. Slack is enabled when a signing secret, bot token or app-level token is
/// set, or Socket Mode is switched on.
/// </summary>
public sealed record SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret (Basic Information → App Credentials); verifies every inbound request.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>The bot token (<c>xoxb-...</c>) the Web API is called with.</summary>
    public string? BotToken { get; init; }

    /// <summary>
    /// True: Slack's events, commands and clicks arrive over WebSockets Switchboard opens itself (Socket Mode), so
    /// the host needs no public URL. Needs <see cref="AppToken"/>; <see cref="SigningSecret"/> is then optional,
    /// and without it the HTTP endpoints refuse every request.
    /// </summary>
    public bool SocketMode { get; init; }

    /// <summary>The app-level token (<c>xapp-...</c>, scope <c>connections:write</c>) that opens Socket Mode connections.</summary>
    public string? AppToken { get; init; }

    /// <summary>Socket Mode connections this instance keeps open (Slack allows 10 per app, counting every instance).</summary>
    [Range(1, 9)]
    public int SocketConnections { get; init; } = 1;

    /// <summary>The wait before reconnecting after a dropped connection; it doubles with each failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SocketReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts to reconnect.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SocketMaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The Web API base URL; overridable for tests and GovSlack (<c>https://slack-gov.com/api/</c>).</summary>
    [Required]
    public Uri ApiBaseUrl { get; init; } = new("https://slack.com/api/");

    /// <summary>Inbound bodies larger than this are refused with 413 before hashing.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>How far a request timestamp may be from now (Slack recommends five minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:10:00")]
    public TimeSpan TimestampTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages per second sent to one channel after the burst below is spent (Slack allows about one).</summary>
    [Range(0.1, 50)]
    public double MessagesPerSecondPerChannel { get; init; } = 1;

    /// <summary>Messages that may go to one channel at once before pacing starts.</summary>
    [Range(1, 50)]
    public int ChannelBurst { get; init; } = 3;

    /// <summary>How long a looked-up user profile (name, e-mail, time zone) is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UserCacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many user profiles are kept at most; the least recently seen are dropped first.</summary>
    [Range(1, 10_000_000)]
    public int UserCacheSize { get; init; } = 20_000;

    /// <summary>How many channels' send slots are remembered for pacing at most; the least recently used are dropped first.</summary>
    [Range(1, 10_000_000)]
    public int PacedChannels { get; init; } = 10_000;

    /// <summary>The workspace's URL (https://acme.slack.com/) used to link messages when Slack does not send the domain.</summary>
    public Uri? WorkspaceUrl { get; init; }

    /// <summary>
    /// The Slack channel each service team works in, keyed by the team's id
    /// (<c>Slack:ServiceTeamChannels:it:ChannelId</c>). A channel can also be linked at run time with "link it".
    /// </summary>
    public Dictionary<string, SlackServiceTeamChannel> ServiceTeamChannels { get; init; } = [];
}

/// <summary>The Slack channel a service team works in (<c>Slack:ServiceTeamChannels:{team id}</c>).</summary>
public sealed record SlackServiceTeamChannel
{
    /// <summary>The channel id (<c>C0123ABC</c>); empty means the team has no configured Slack channel.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The workspace (team) id the channel belongs to (<c>T0123ABC</c>).</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>True for a private channel (only the team's members see it): confidential request text may be shown there.</summary>
    public bool Private { get; init; }
}

/// <summary>Hands the channels under <c>Slack:ServiceTeamChannels</c> to Core's <see cref="TeamChannels"/>.</summary>
internal sealed class SlackConfiguredTeamChannels(IOptions<SlackOptions> options) : IConfiguredTeamChannels
{
    public IReadOnlyList<TeamChannel> Channels { get; } = options.Value.ServiceTeamChannels
        .Where(c => !string.IsNullOrWhiteSpace(c.Value.ChannelId))
        .Select(c => new TeamChannel(
            c.Key,
            new ConversationAddress(SlackPlatform.Id, c.Value.ChannelId!, null, null, c.Value.WorkspaceId),
            c.Value.Private ? ChannelPrivacy.Private : ChannelPrivacy.Open))
        .ToList();
}

/// <summary>
/// Checks the service teams' channels: each names a configured team (read from the raw configuration, so
/// a bad service team setting is reported once, by its own validator) and no channel serves two teams.
/// </summary>
internal sealed class SlackChannelsValidator(IConfiguration configuration) : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        var teams = configuration.GetSection(ServiceTeamsOptions.Section).GetChildren().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var configured = options.ServiceTeamChannels.Where(c => !string.IsNullOrWhiteSpace(c.Value.ChannelId)).ToList();
        foreach (var (team, _) in configured.Where(c => !teams.Contains(c.Key)))
            failures.Add($"{SlackOptions.Section}:{nameof(SlackOptions.ServiceTeamChannels)}:{team}: there is no service team '{team}' (the ids under ServiceTeams are: {string.Join(", ", teams.Order(StringComparer.Ordinal))}).");
        // One channel works one team's requests: its privacy (and so what confidential text it shows) is that team's.
        foreach (var shared in configured.GroupBy(c => c.Value.ChannelId!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"{SlackOptions.Section}:{nameof(SlackOptions.ServiceTeamChannels)} gives the channel '{shared.Key}' to more than one team ({string.Join(", ", shared.Select(c => c.Key).Order(StringComparer.Ordinal))}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

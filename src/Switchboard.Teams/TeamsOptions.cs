using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Teams;

/// <summary>
/// The bot's identity, bound from the configuration root with the keys Bot Framework samples use
/// (<c>MicrosoftAppType</c>, <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>).
/// </summary>
public sealed record BotCredentialsOptions
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";

    public string MicrosoftAppType { get; init; } = MultiTenant;

    public string? MicrosoftAppId { get; init; }

    public string? MicrosoftAppPassword { get; init; }

    public string? MicrosoftAppTenantId { get; init; }

    /// <summary>No app id: the Emulator without authentication (allowed in Development only).</summary>
    public bool AuthenticationDisabled => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, SingleTenant, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bot's Teams id (<c>28:{appId}</c>).</summary>
    public string BotId => $"28:{MicrosoftAppId}";
}

/// <summary>The <c>Teams</c> section: where keys, tokens and trusted Connector hosts come from.</summary>
public sealed record TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>
    /// False turns the Teams channel off (a Slack-only deployment): no <c>/api/messages</c>, no bot
    /// credentials required. On by default.
    /// </summary>
    public bool Enabled { get; init; } = true;

    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string PublicEmulatorOpenIdMetadataUrl = "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";
    public const string PublicTokenEndpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    /// <summary>Used when <see cref="TrustedServiceHosts"/> is empty: the public and government Teams Connector hosts.</summary>
    public static readonly IReadOnlyList<string> DefaultTrustedServiceHosts =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// <summary>OpenID metadata for tokens the Bot Framework channels (Teams) sign.</summary>
    [Required, Url]
    public string OpenIdMetadataUrl { get; init; } = PublicOpenIdMetadataUrl;

    /// <summary>OpenID metadata for Azure AD tokens (Emulator, single-tenant).</summary>
    [Required, Url]
    public string EmulatorOpenIdMetadataUrl { get; init; } = PublicEmulatorOpenIdMetadataUrl;

    /// <summary>Client-credentials token endpoint; <c>{tenant}</c> becomes the tenant (or <c>botframework.com</c> for multi-tenant bots).</summary>
    [Required]
    public string TokenEndpoint { get; init; } = PublicTokenEndpoint;

    /// <summary>
    /// Connector hosts the bot token may be sent to: a host (<c>smba.trafficmanager.net</c>, https only),
    /// a subdomain wildcard (<c>*.botframework.com</c>, https only) or an exact origin
    /// (<c>http://127.0.0.1:5000</c>). Empty means <see cref="DefaultTrustedServiceHosts"/>.
    /// </summary>
    public List<string> TrustedServiceHosts { get; init; } = [];

    /// <summary>
    /// Microsoft Entra tenants whose Teams users may use the bot, besides <c>MicrosoftAppTenantId</c>.
    /// A multi-tenant bot can be installed by any tenant, and agents and admins are recognised by e-mail,
    /// which only the own tenant vouches for; so outside Development the list may not be empty.
    /// </summary>
    public List<string> AllowedTenants { get; init; } = [];

    /// <summary>Largest accepted activity body; larger requests get 413 before parsing.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; init; } = 256 * 1024;

    /// <summary>The least time between two forced metadata refreshes caused by an unknown signing key id.</summary>
    public TimeSpan MetadataRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a member's e-mail looked up from the Connector is reused.</summary>
    public TimeSpan MemberCacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many members' e-mails are kept at most; the least recently seen are dropped first.</summary>
    [Range(1, 10_000_000)]
    public int MemberCacheSize { get; init; } = 20_000;

    /// <summary>How many conversations' recent sends are remembered for pacing at most; the least recently used are dropped first.</summary>
    [Range(1, 10_000_000)]
    public int PacedConversations { get; init; } = 10_000;

    /// <summary>How many validated inbound tokens are remembered (so one token is verified once, not on every activity).</summary>
    [Range(1, 1_000_000)]
    public int ValidatedTokenCacheSize { get; init; } = 1_024;

    /// <summary>How often a Connector call is repeated after a failure that may be repeated (see <c>SendRetry</c>).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>First backoff delay (doubled per attempt, jittered) when the Connector gives no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After honoured; a longer one fails the send instead of blocking it.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The Teams channel each service team works in, keyed by the team's id
    /// (<c>Teams:ServiceTeamChannels:it:ChannelId</c>). A channel can also be linked at run time with "link it".
    /// </summary>
    public Dictionary<string, TeamsServiceTeamChannel> ServiceTeamChannels { get; init; } = [];

    /// <summary>How long one Connector attempt may take before it counts as unanswered.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one Connector call may take with all its attempts and waits.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> EffectiveTrustedServiceHosts =>
        TrustedServiceHosts.Count > 0 ? TrustedServiceHosts : DefaultTrustedServiceHosts;
}

/// <summary>The Teams channel a service team works in (<c>Teams:ServiceTeamChannels:{team id}</c>).</summary>
public sealed record TeamsServiceTeamChannel
{
    /// <summary>The channel's conversation id (<c>19:...@thread.tacv2</c>); empty means the team has no configured Teams channel.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The Connector service URL of the channel's tenant (<c>https://smba.trafficmanager.net/emea/</c>); required with a channel id.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The Microsoft Entra tenant id the channel belongs to.</summary>
    public string? TenantId { get; init; }

    /// <summary>True for a private channel (only the team's members see it): confidential request text may be shown there.</summary>
    public bool Private { get; init; }
}

/// <summary>Hands the channels under <c>Teams:ServiceTeamChannels</c> to Core's <see cref="TeamChannels"/>.</summary>
internal sealed class TeamsConfiguredTeamChannels(IOptions<TeamsOptions> options) : IConfiguredTeamChannels
{
    public IReadOnlyList<TeamChannel> Channels { get; } = options.Value.ServiceTeamChannels
        .Where(c => !string.IsNullOrWhiteSpace(c.Value.ChannelId))
        .Select(c => new TeamChannel(
            c.Key,
            new ConversationAddress(TeamsPlatform.Id, c.Value.ChannelId!, null, c.Value.ServiceUrl, c.Value.TenantId),
            c.Value.Private ? ChannelPrivacy.Private : ChannelPrivacy.Open))
        .ToList();
}

/// <summary>Fails start-up when the bot identity is incomplete: authentication never silently switches off.</summary>
internal sealed class BotCredentialsValidator(IHostEnvironment environment) : IValidateOptions<BotCredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotCredentialsOptions options)
    {
        var failures = new List<string>();
        if (options.AuthenticationDisabled)
        {
            if (!environment.IsDevelopment())
                failures.Add($"MicrosoftAppId is empty. Set MicrosoftAppId (and MicrosoftAppPassword) to the bot's app registration; running without authentication is allowed only in Development (environment is '{environment.EnvironmentName}').");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!string.Equals(options.MicrosoftAppType, BotCredentialsOptions.MultiTenant, StringComparison.OrdinalIgnoreCase) &&
            !options.IsSingleTenant)
            failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not supported; use MultiTenant or SingleTenant.");
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            failures.Add("MicrosoftAppPassword is empty; the bot needs its client secret to send messages.");
        if (options.IsSingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            failures.Add("MicrosoftAppTenantId is empty; a SingleTenant bot needs its tenant id.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Checks the tenant list, the trusted host list (a pattern that trusts any Azure Traffic Manager name is
/// refused) and the service teams' channels.
/// </summary>
/// <remarks>
/// The bot identity and the service teams are read from the raw configuration, not through their options:
/// their own validation failures are reported by their validators, and reading them here would replace
/// this section's failures with theirs.
/// </remarks>
internal sealed class TeamsOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        var credentials = new BotCredentialsOptions { MicrosoftAppTenantId = configuration[nameof(BotCredentialsOptions.MicrosoftAppTenantId)] };
        if (!environment.IsDevelopment() && TenantPolicy.Allowed(options, credentials).Count == 0)
            failures.Add("Teams:AllowedTenants is empty and MicrosoftAppTenantId is not set: list the Entra tenant ids whose users may use the bot (outside Development any tenant would otherwise be accepted).");
        foreach (var pattern in options.TrustedServiceHosts)
        {
            if (!Connector.ServiceUrlTrust.TryParsePattern(pattern, out _, out var error))
                failures.Add($"Teams:TrustedServiceHosts entry '{pattern}': {error}");
        }
        if (options.MetadataRefreshInterval < TimeSpan.FromSeconds(1))
            failures.Add("Teams:MetadataRefreshInterval must be at least one second.");
        if (!options.TokenEndpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) &&
            !Connector.ServiceUrlTrust.IsLoopbackHttp(options.TokenEndpoint))
            failures.Add("Teams:TokenEndpoint must be an https URL (plain http only on loopback).");
        failures.AddRange(ChannelFailures(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> ChannelFailures(TeamsOptions options)
    {
        var teams = configuration.GetSection(ServiceTeamsOptions.Section).GetChildren().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var trust = options.EffectiveTrustedServiceHosts.All(p => Connector.ServiceUrlTrust.TryParsePattern(p, out _, out _))
            ? new Connector.ServiceUrlTrust(Options.Create(options))
            : null;
        var configured = options.ServiceTeamChannels.Where(c => !string.IsNullOrWhiteSpace(c.Value.ChannelId)).ToList();
        foreach (var (team, channel) in configured)
        {
            var key = $"{TeamsOptions.Section}:{nameof(TeamsOptions.ServiceTeamChannels)}:{team}";
            if (!teams.Contains(team))
                yield return $"{key}: there is no service team '{team}' (the ids under ServiceTeams are: {string.Join(", ", teams.Order(StringComparer.Ordinal))}).";
            if (string.IsNullOrWhiteSpace(channel.ServiceUrl))
                yield return $"{key}:ServiceUrl is required with a ChannelId: the Connector URL of the team's tenant, e.g. https://smba.trafficmanager.net/emea/.";
            else if (trust is not null && !trust.IsTrusted(channel.ServiceUrl))
                yield return $"{key}:ServiceUrl '{channel.ServiceUrl}' is not a host in Teams:TrustedServiceHosts; the bot token is sent only to those.";
        }
        // One channel works one team's requests: its privacy (and so what confidential text it shows) is that team's.
        foreach (var shared in configured.GroupBy(c => c.Value.ChannelId!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"{TeamsOptions.Section}:{nameof(TeamsOptions.ServiceTeamChannels)} gives the channel '{shared.Key}' to more than one team ({string.Join(", ", shared.Select(c => c.Key).Order(StringComparer.Ordinal))}).";
    }
}

/// <summary>Which Microsoft Entra tenants' activities are accepted.</summary>
internal sealed class TenantPolicy(IOptions<TeamsOptions> options, IOptions<BotCredentialsOptions> credentials, IHostEnvironment environment)
{
    private readonly HashSet<string> _allowed = Allowed(options.Value, credentials.Value);

    public static HashSet<string> Allowed(TeamsOptions options, BotCredentialsOptions credentials)
    {
        var allowed = new HashSet<string>(options.AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)), StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(credentials.MicrosoftAppTenantId)) allowed.Add(credentials.MicrosoftAppTenantId);
        return allowed;
    }

    /// <summary>Null when the activity's tenant may use the bot, else the reason it may not.</summary>
    public string? Check(Schema.Activity activity)
    {
        // Only Development runs with no list (start-up refuses it elsewhere): the Emulator has no tenant.
        if (_allowed.Count == 0 && environment.IsDevelopment()) return null;
        var tenant = activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;
        if (tenant is null) return "The activity names no tenant.";
        return _allowed.Contains(tenant) ? null : $"Tenant {tenant} is not allowed to use this bot (Teams:AllowedTenants).";
    }
}

using System.ComponentModel.DataAnnotations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Routing;

/// <summary>The <c>ServiceTeams</c> configuration section: the teams requests are routed to.</summary>
public sealed record ServiceTeamsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "ServiceTeams";

    /// <summary>The teams, in display order.</summary>
    [MinLength(1, ErrorMessage = "ServiceTeams must list at least one team.")]
    public List<ServiceTeamOptions> Teams { get; init; } = [];
}

/// <summary>One service team (IT, HR, ...), as configured.</summary>
public sealed record ServiceTeamOptions
{
    /// <summary>Short lower-case id used in commands and configuration (<c>it</c>, <c>hr</c>).</summary>
    [Required, RegularExpression("^[a-z][a-z0-9-]{0,31}$", ErrorMessage = "ServiceTeams:Teams:Id must be lower-case letters, digits or '-'.")]
    public string Id { get; init; } = "";

    /// <summary>Display name (IT Support).</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>Ticket number prefix (<c>IT</c> gives IT-1001).</summary>
    [Required, RegularExpression("^[A-Z]{2,8}$", ErrorMessage = "ServiceTeams:Teams:TicketPrefix must be 2-8 upper-case letters.")]
    public string TicketPrefix { get; init; } = "";

    /// <summary>What the team handles, shown to requesters choosing a team.</summary>
    [Required]
    public string Description { get; init; } = "";

    /// <summary>Confidential teams never show request text in channels not marked private.</summary>
    public bool Confidential { get; init; }

    /// <summary>Hints the router scores requests with.</summary>
    public RoutingHintsOptions Routing { get; init; } = new();

    /// <summary>Response and resolution targets per priority.</summary>
    public SlaOptions Sla { get; init; } = new();

    /// <summary>The people who work this team's requests.</summary>
    public List<AgentOptions> Agents { get; init; } = [];

    /// <summary>Where the team works: its Teams and/or Slack channel.</summary>
    public TeamChannelsOptions Channels { get; init; } = new();
}

/// <summary>Routing hints: keywords and example requests.</summary>
public sealed record RoutingHintsOptions
{
    /// <summary>Words or short phrases typical of this team's requests.</summary>
    public List<string> Keywords { get; init; } = [];

    /// <summary>Example requests this team owns.</summary>
    public List<string> Examples { get; init; } = [];
}

/// <summary>SLA targets per priority.</summary>
public sealed record SlaOptions
{
    /// <summary>Time to first response, per priority.</summary>
    public Dictionary<Priority, TimeSpan> FirstResponse { get; init; } = [];

    /// <summary>Time to resolution, per priority.</summary>
    public Dictionary<Priority, TimeSpan> Resolution { get; init; } = [];
}

/// <summary>An agent of a team. Matched by e-mail, or by one of the platform ids ("slack:U123").</summary>
public sealed record AgentOptions
{
    /// <summary>Display name.</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>E-mail; links the agent across Teams, Slack and the playground.</summary>
    public string? Email { get; init; }

    /// <summary>Platform ids as "{channel}:{id}", e.g. <c>teams:29:1abc</c>, <c>slack:U0123</c>.</summary>
    public List<string> Ids { get; init; } = [];
}

/// <summary>The channels a team works in.</summary>
public sealed record TeamChannelsOptions
{
    /// <summary>A Teams channel.</summary>
    public TeamsChannelOptions? Teams { get; init; }

    /// <summary>A Slack channel.</summary>
    public SlackChannelOptions? Slack { get; init; }

    /// <summary>True when the team's playground channel counts as private (shows confidential text).</summary>
    public bool PlaygroundPrivate { get; init; }
}

/// <summary>A Teams channel a team works in.</summary>
public sealed record TeamsChannelOptions
{
    /// <summary>The channel's conversation id (<c>19:...@thread.tacv2</c>).</summary>
    public string? ChannelId { get; init; }

    /// <summary>The Connector service URL for that tenant.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The Microsoft Entra tenant id.</summary>
    public string? TenantId { get; init; }

    /// <summary>True for a private channel (only the team's members see it).</summary>
    public bool Private { get; init; }
}

/// <summary>A Slack channel a team works in.</summary>
public sealed record SlackChannelOptions
{
    /// <summary>The channel id (<c>C0123ABC</c>).</summary>
    public string? ChannelId { get; init; }

    /// <summary>The workspace (team) id.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>True for a private channel.</summary>
    public bool Private { get; init; }
}

using System.ComponentModel.DataAnnotations;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Routing;

/// <summary>
/// The service teams requests are routed to. In configuration each team is a key of the <c>ServiceTeams</c>
/// section (<c>ServiceTeams:it:Name</c>); the host reads them into <see cref="Teams"/>.
/// </summary>
public sealed record ServiceTeamsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "ServiceTeams";

    /// <summary>The teams in display order (read from configuration, by name).</summary>
    [MinLength(1, ErrorMessage = "ServiceTeams must name at least one team.")]
    public List<ServiceTeamOptions> Teams { get; init; } = [];
}

/// <summary>One service team (IT, HR, ...), as configured.</summary>
public sealed record ServiceTeamOptions
{
    /// <summary>Short lower-case id used in commands and configuration (<c>it</c>, <c>hr</c>): the team's key under <c>ServiceTeams</c>.</summary>
    [Required, RegularExpression("^[a-z][a-z0-9-]{0,31}$", ErrorMessage = "the id (the key under ServiceTeams) must be a lower-case letter followed by up to 31 lower-case letters, digits or '-'.")]
    public string Id { get; init; } = "";

    /// <summary>Display name (IT Support).</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>Ticket number prefix (<c>IT</c> gives IT-1001).</summary>
    [Required, RegularExpression("^[A-Z]{2,8}$", ErrorMessage = "TicketPrefix must be 2-8 upper-case letters.")]
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

    /// <summary>The people who lead the team: told about tickets at risk when an agent goes away. Same shape as <see cref="Agents"/>.</summary>
    public List<AgentOptions> Leads { get; init; } = [];

    /// <summary>Who gets a new ticket (or one moved to the team) without an agent picking it up.</summary>
    public AutoAssignMode AutoAssign { get; init; } = AutoAssignMode.None;
}

/// <summary>How a team's new tickets are given to an agent (<c>ServiceTeams:&lt;id&gt;:AutoAssign</c>).</summary>
public enum AutoAssignMode
{
    /// <summary>Agents pick tickets up themselves.</summary>
    None,
    /// <summary>Each agent in turn, skipping agents who are away.</summary>
    RoundRobin,
    /// <summary>The agent with the fewest open tickets of the team, skipping agents who are away.</summary>
    FewestOpen,
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

/// <summary>An agent of a team. Matched by e-mail, or by one of their person keys (<see cref="PersonRef.Key"/>).</summary>
public sealed record AgentOptions
{
    /// <summary>Display name.</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>E-mail; recognises the agent on every platform.</summary>
    public string? Email { get; init; }

    /// <summary>Person keys as "{platform}:{id}" (<see cref="PersonRef.Key"/>), for people a platform shows no e-mail for.</summary>
    public List<string> Ids { get; init; } = [];
}

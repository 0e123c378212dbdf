using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Routing;

/// <summary>A configured service team with the lookups the domain needs.</summary>
public sealed class ServiceTeam(ServiceTeamOptions options)
{
    /// <summary>The configuration this team came from.</summary>
    public ServiceTeamOptions Options { get; } = options;

    /// <summary>Lower-case id.</summary>
    public string Id => Options.Id;

    /// <summary>Display name.</summary>
    public string Name => Options.Name;

    /// <summary>Whether requests are confidential.</summary>
    public Confidentiality Confidentiality => Options.Confidential ? Confidentiality.Confidential : Confidentiality.Normal;

    /// <summary>The configured agents.</summary>
    public IReadOnlyList<AgentOptions> Agents => Options.Agents;

    /// <summary>The configured leads.</summary>
    public IReadOnlyList<AgentOptions> Leads => Options.Leads;

    /// <summary>True when <paramref name="person"/> is one of this team's agents.</summary>
    public bool IsAgent(PersonRef person) => FindAgent(person) is not null;

    /// <summary>The agent entry matching <paramref name="person"/>, by e-mail or person key.</summary>
    public AgentOptions? FindAgent(PersonRef person) =>
        Options.Agents.FirstOrDefault(a =>
            (a.Email is not null && person.Email is not null && string.Equals(a.Email, person.Email, StringComparison.OrdinalIgnoreCase)) ||
            a.Ids.Contains(person.Key, StringComparer.OrdinalIgnoreCase));

    /// <summary>When the first response is due for a ticket filed at <paramref name="at"/>.</summary>
    public DateTimeOffset? FirstResponseDue(Priority priority, DateTimeOffset at) =>
        Options.Sla.FirstResponse.TryGetValue(priority, out var span) ? at + span : null;

    /// <summary>When resolution is due for a ticket filed at <paramref name="at"/>.</summary>
    public DateTimeOffset? ResolutionDue(Priority priority, DateTimeOffset at) =>
        Options.Sla.Resolution.TryGetValue(priority, out var span) ? at + span : null;
}

/// <summary>All configured service teams.</summary>
public sealed class TeamDirectory
{
    private readonly Dictionary<string, ServiceTeam> _byId;
    private readonly Dictionary<string, ServiceTeam> _byPrefix;

    /// <summary>Builds the directory from configuration.</summary>
    public TeamDirectory(ServiceTeamsOptions options)
    {
        All = options.Teams.Select(t => new ServiceTeam(t)).ToList();
        _byId = All.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        _byPrefix = All.ToDictionary(t => t.Options.TicketPrefix, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The teams in display order.</summary>
    public IReadOnlyList<ServiceTeam> All { get; }

    /// <summary>The team with this id, or null.</summary>
    public ServiceTeam? Find(string? id) => id is not null && _byId.TryGetValue(id, out var team) ? team : null;

    /// <summary>The team with this id.</summary>
    /// <exception cref="KeyNotFoundException">No such team.</exception>
    public ServiceTeam Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No service team has the id '{id}'.");

    /// <summary>The team that hands out numbers with this prefix.</summary>
    public ServiceTeam? FindByPrefix(string prefix) => _byPrefix.TryGetValue(prefix, out var team) ? team : null;

    /// <summary>Finds a team by id, prefix or name (what a person might type).</summary>
    public ServiceTeam? Resolve(string text)
    {
        var t = text.Trim();
        return Find(t) ?? FindByPrefix(t) ??
               All.FirstOrDefault(team => team.Name.Equals(t, StringComparison.OrdinalIgnoreCase)) ??
               All.FirstOrDefault(team => team.Name.StartsWith(t, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The teams <paramref name="person"/> is an agent of.</summary>
    public IEnumerable<ServiceTeam> TeamsOf(PersonRef person) => All.Where(t => t.IsAgent(person));
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;

namespace Switchboard.Core.Routing;

/// <summary>A configured service team with the lookups the domain needs.</summary>
public sealed class ServiceTeam(ServiceTeamOptions options)
{
    // Built on first use: settings are validated (with every problem named) before anything asks for it.
    private readonly Lazy<BusinessCalendar> _calendar = new(options.Calendar.ToCalendar);

    /// <summary>The configuration this team came from.</summary>
    public ServiceTeamOptions Options { get; } = options;

    /// <summary>When the team works: the SLA targets count only this time.</summary>
    /// <exception cref="ArgumentException">The configured calendar is invalid (start-up validation reports it first).</exception>
    public BusinessCalendar Calendar => _calendar.Value;

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
    public AgentOptions? FindAgent(PersonRef person) => Options.Agents.FirstOrDefault(a => a.Matches(person));

    /// <summary>True when <paramref name="person"/> is one of this team's leads.</summary>
    public bool IsLead(PersonRef person) => Options.Leads.Any(l => l.Matches(person));

    /// <summary>The business time allowed for a first response at <paramref name="priority"/>, or null when there is no target.</summary>
    public TimeSpan? FirstResponseTarget(Priority priority) =>
        Options.Sla.FirstResponse.TryGetValue(priority, out var span) ? span : null;

    /// <summary>The business time allowed for resolution at <paramref name="priority"/>, or null when there is no target.</summary>
    public TimeSpan? ResolutionTarget(Priority priority) =>
        Options.Sla.Resolution.TryGetValue(priority, out var span) ? span : null;

    /// <summary>When the first response is due for a ticket whose clock starts at <paramref name="at"/> and never pauses (business time).</summary>
    public DateTimeOffset? FirstResponseDue(Priority priority, DateTimeOffset at) =>
        FirstResponseTarget(priority) is { } target ? Calendar.Add(at, target) : null;

    /// <summary>When resolution is due for a ticket whose clock starts at <paramref name="at"/> and never pauses (business time).</summary>
    public DateTimeOffset? ResolutionDue(Priority priority, DateTimeOffset at) =>
        ResolutionTarget(priority) is { } target ? Calendar.Add(at, target) : null;
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

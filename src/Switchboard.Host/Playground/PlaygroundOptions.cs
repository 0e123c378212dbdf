using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Playground;

/// <summary>The <c>Playground</c> section: the local page for trying the bot.</summary>
public sealed record PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>Serve the playground outside Development too (it is always on in Development).</summary>
    public bool Enabled { get; init; }

    /// <summary>Employees to play; every team agent is a persona too.</summary>
    public List<PersonaOptions> Personas { get; init; } = [];
}

public sealed record PersonaOptions
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Email { get; init; }
}

/// <summary>Someone the playground user can act as.</summary>
public sealed record Persona(string Id, string Name, string? Email, IReadOnlyList<string> Teams)
{
    public PersonRef ToPerson() => new(PlaygroundPlatform.Id, Id, Name, Email);
}

/// <summary>The configured employees followed by every team's agents.</summary>
public sealed class Personas
{
    private readonly Dictionary<string, Persona> _byId;

    public Personas(PlaygroundOptions options, TeamDirectory teams)
    {
        var all = new List<Persona>();
        foreach (var p in options.Personas)
            all.Add(new Persona(p.Id, p.Name, p.Email, []));
        foreach (var agent in teams.All.SelectMany(t => t.Agents).DistinctBy(a => a.Email ?? a.Name))
        {
            var id = agent.Email is { } email ? email.Split('@')[0].ToLowerInvariant() : Slug(agent.Name);
            var person = new PersonRef(PlaygroundPlatform.Id, id, agent.Name, agent.Email);
            all.Add(new Persona(id, agent.Name, agent.Email, teams.TeamsOf(person).Select(t => t.Id).ToList()));
        }
        All = all.DistinctBy(p => p.Id).ToList();
        _byId = All.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Persona> All { get; }

    public Persona? Find(string? id) => id is not null && _byId.TryGetValue(id, out var persona) ? persona : null;

    private static string Slug(string name) => string.Join('.', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

using Microsoft.Extensions.Options;
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

    /// <summary>
    /// Settings of the service teams' playground channels, keyed by team id (<c>Playground:ServiceTeamChannels:hr:Private</c>).
    /// Every team has a playground channel; listing it here only changes its settings.
    /// </summary>
    public Dictionary<string, PlaygroundServiceTeamChannel> ServiceTeamChannels { get; init; } = [];
}

/// <summary>A service team's playground channel (<c>Playground:ServiceTeamChannels:{team id}</c>).</summary>
public sealed record PlaygroundServiceTeamChannel
{
    /// <summary>True: only the team's agents see the channel, and confidential request text may be shown there.</summary>
    public bool Private { get; init; }
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

/// <summary>Every service team's playground channel (<c>team:{id}</c>), handed to Core's <see cref="TeamChannels"/>.</summary>
public sealed class PlaygroundTeamChannels(IOptions<PlaygroundOptions> options, TeamDirectory teams) : IConfiguredTeamChannels
{
    private const string Prefix = "team:";

    /// <summary>The playground conversation id of a team's channel.</summary>
    public static string ConversationId(string teamId) => Prefix + teamId;

    /// <summary>The team id of a playground team channel id, or null when <paramref name="conversationId"/> is not one.</summary>
    public static string? TeamIdOf(string conversationId) =>
        conversationId.StartsWith(Prefix, StringComparison.Ordinal) ? conversationId[Prefix.Length..] : null;

    public IReadOnlyList<TeamChannel> Channels { get; } = teams.All
        .Select(t => new TeamChannel(t.Id, new ConversationAddress(PlaygroundPlatform.Id, ConversationId(t.Id)),
            options.Value.ServiceTeamChannels.TryGetValue(t.Id, out var channel) && channel.Private ? ChannelPrivacy.Private : ChannelPrivacy.Open))
        .ToList();

    /// <summary>True when the team's playground channel is private to its agents.</summary>
    public bool IsPrivate(string teamId) => Channels.Any(c => c.TeamId == teamId && c.Privacy == ChannelPrivacy.Private);
}

/// <summary>Each entry of <c>Playground:ServiceTeamChannels</c> names a configured service team.</summary>
internal sealed class PlaygroundChannelsValidator(IConfiguration configuration) : IValidateOptions<PlaygroundOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaygroundOptions options)
    {
        var teams = configuration.GetSection(ServiceTeamsOptions.Section).GetChildren().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var failures = options.ServiceTeamChannels.Keys.Where(team => !teams.Contains(team))
            .Select(team => $"{PlaygroundOptions.Section}:{nameof(PlaygroundOptions.ServiceTeamChannels)}:{team}: there is no service team '{team}' (the ids under ServiceTeams are: {string.Join(", ", teams.Order(StringComparer.Ordinal))}).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

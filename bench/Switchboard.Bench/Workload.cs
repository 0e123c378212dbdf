using Microsoft.Extensions.Configuration;
using Switchboard.Core.Routing;

namespace Switchboard.Bench;

/// <summary>The teams and router from the repository's config/ folder, and the request texts to file.</summary>
public sealed class Workload
{
    private Workload(TeamDirectory teams, IRequestRouter router)
    {
        Teams = teams;
        Router = router;
        // Filing expects the confirmation card ("Submit"), which the engine shows only when the router is sure.
        FilingTexts = RequestTexts.All.Where(t => router.Route(t).IsConfident).ToList();
        if (FilingTexts.Count == 0) throw new InvalidOperationException("The router is sure about none of the request texts; check the routing hints.");
    }

    public TeamDirectory Teams { get; }
    public IRequestRouter Router { get; }
    public IReadOnlyList<string> FilingTexts { get; }

    /// <summary>
    /// Reads the <c>ServiceTeams</c> section of every JSON file under <paramref name="configFolder"/> (the
    /// repository's <c>config/</c>) as the host does: one team per key, the key its id, by name.
    /// </summary>
    public static Workload Load(string? configFolder)
    {
        var folder = configFolder ?? Locate() ?? throw new DirectoryNotFoundException("Could not find the repository's config folder above the working directory; pass --config.");
        var builder = new ConfigurationBuilder();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            builder.AddJsonFile(file, optional: false);
        var teams = builder.Build().GetSection(ServiceTeamsOptions.Section).GetChildren()
            .Select(team => (team.Get<ServiceTeamOptions>() ?? new ServiceTeamOptions()) with { Id = team.Key })
            .OrderBy(team => team.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(team => team.Id, StringComparer.Ordinal)
            .ToList();
        if (teams.Count == 0) throw new InvalidOperationException($"No file under {folder} has a {ServiceTeamsOptions.Section} section.");
        var directory = new TeamDirectory(new ServiceTeamsOptions { Teams = teams });
        return new Workload(directory, new HintRouter(directory));
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return candidate;
        }
        return null;
    }
}

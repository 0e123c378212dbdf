using Microsoft.Extensions.Configuration;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests;

/// <summary>The shipped service teams (<c>config/</c> at the repository root), for tests that should run against what ships.</summary>
public static class TestConfiguration
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The folder holding <c>Bot.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>
    /// The <c>ServiceTeams</c> section of every JSON file under <c>config/</c>, read as the host reads it
    /// (Switchboard.Host's <c>ServiceTeamsSettings.Read</c>): one team per key, the key its id, by name.
    /// </summary>
    public static ServiceTeamsOptions ServiceTeams()
    {
        var builder = new ConfigurationBuilder();
        var folder = Path.Combine(RepositoryRoot, "config");
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            builder.AddJsonFile(file, optional: false);
        var section = builder.Build().GetSection(ServiceTeamsOptions.Section);
        var teams = section.GetChildren()
            .Select(team => (team.Get<ServiceTeamOptions>() ?? new ServiceTeamOptions()) with { Id = team.Key })
            .OrderBy(team => team.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(team => team.Id, StringComparer.Ordinal)
            .ToList();
        return teams.Count > 0
            ? new ServiceTeamsOptions { Teams = teams }
            : throw new InvalidOperationException($"No file under {folder} has a '{ServiceTeamsOptions.Section}' section.");
    }

    /// <summary>The configured teams as a <see cref="TeamDirectory"/>.</summary>
    public static TeamDirectory Teams() => new(ServiceTeams());

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory}.");
    }
}

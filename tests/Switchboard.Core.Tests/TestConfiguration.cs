using System.Text.Json;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests;

/// <summary>The real repo-root configuration, for tests that should run against what ships.</summary>
public static class TestConfiguration
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The folder holding <c>Bot.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The <c>ServiceTeams</c> section of the repo-root <c>appsettings.json</c>.</summary>
    public static ServiceTeamsOptions ServiceTeams()
    {
        using var stream = File.OpenRead(Path.Combine(RepositoryRoot, "appsettings.json"));
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var section = document.RootElement.EnumerateObject()
            .FirstOrDefault(p => p.Name.Equals(ServiceTeamsOptions.Section, StringComparison.OrdinalIgnoreCase));
        if (section.Value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"appsettings.json has no '{ServiceTeamsOptions.Section}' section.");
        }

        return section.Value.Deserialize<ServiceTeamsOptions>(JsonOptions)
               ?? throw new InvalidOperationException($"'{ServiceTeamsOptions.Section}' could not be read.");
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

using System.Text.Json;
using Switchboard.Core.Routing;

namespace Switchboard.Bench;

/// <summary>The teams and router from the repository's appsettings.json, and the request texts to file.</summary>
public sealed class Workload
{
    private static readonly JsonSerializerOptions ConfigJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

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

    public static Workload Load(string? configPath)
    {
        var path = configPath ?? Locate() ?? throw new FileNotFoundException("Could not find the repository's appsettings.json above the working directory; pass --config.");
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var section = document.RootElement.EnumerateObject()
            .FirstOrDefault(p => string.Equals(p.Name, ServiceTeamsOptions.Section, StringComparison.OrdinalIgnoreCase));
        if (section.Value.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"{path} has no {ServiceTeamsOptions.Section} section.");
        var options = section.Value.Deserialize<ServiceTeamsOptions>(ConfigJson)
                      ?? throw new InvalidOperationException($"{path}: {ServiceTeamsOptions.Section} is empty.");
        var teams = new TeamDirectory(options);
        return new Workload(teams, new HintRouter(teams));
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "appsettings.json");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return candidate;
        }
        return null;
    }
}

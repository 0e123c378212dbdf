using Microsoft.Extensions.Configuration.Json;

namespace Switchboard.Host.Configuration;

public static class RootConfiguration
{
    public const string FileName = "appsettings.json";

    /// <summary>
    /// Reads the repository-root appsettings.json (copied next to the binaries at build) whatever the
    /// working directory. It sits where the host's default appsettings.json would, so environment
    /// variables, user secrets and the command line still override it.
    /// </summary>
    public static IHostApplicationBuilder AddRootConfiguration(this IHostApplicationBuilder builder)
    {
        var path = Locate() ?? throw new FileNotFoundException(
            $"Switchboard could not find its {FileName}: looked next to the binaries ({AppContext.BaseDirectory}) and in the parent folders of the working directory.");
        var sources = builder.Configuration.Sources;
        var defaultJson = sources.OfType<JsonConfigurationSource>()
            .FirstOrDefault(s => string.Equals(s.Path, FileName, StringComparison.OrdinalIgnoreCase));
        var index = defaultJson is null ? 0 : sources.IndexOf(defaultJson) + 1;
        var source = new JsonConfigurationSource { Path = Path.GetFileName(path), Optional = false, ReloadOnChange = false };
        source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(path)!);
        sources.Insert(index, source);
        return builder;
    }

    private static string? Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.root.json");
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return candidate;
        }
        return null;
    }
}

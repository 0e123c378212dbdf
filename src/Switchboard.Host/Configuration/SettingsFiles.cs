using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Switchboard.Host.Configuration;

/// <summary>
/// Where the settings come from. The build copies the repository's <c>appsettings.json</c>,
/// <c>appsettings.{Environment}.json</c> and <c>config/</c> folder next to the binaries, and the host reads
/// them from there whatever the working directory:
/// <c>config/**/*.json</c> (operators' data: service teams, routing hints), then <c>appsettings.json</c>
/// (the deployment), then <c>appsettings.{Environment}.json</c>. User secrets, environment variables and the
/// command line still override all of them.
/// </summary>
public static class SettingsFiles
{
    /// <summary>The folder, next to the binaries, whose JSON files are loaded first.</summary>
    public const string ConfigFolder = "config";

    /// <summary>
    /// Loads the settings files and checks every value against the type it binds to. Values that cannot be
    /// read are remembered for <see cref="SettingsValidation.SettingsAreValid"/>, which lists them with
    /// every other failure.
    /// </summary>
    public static IHostApplicationBuilder AddSwitchboardSettings(this IHostApplicationBuilder builder)
    {
        var folder = AppContext.BaseDirectory;
        var sources = builder.Configuration.Sources;
        var environment = builder.Environment.EnvironmentName;

        // The framework's own appsettings sources read the content root (the working directory, which
        // may hold anything); ours take their place, so what overrides them still overrides ours.
        var defaults = sources.OfType<JsonConfigurationSource>()
            .Where(s => string.Equals(s.Path, "appsettings.json", StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(s.Path, $"appsettings.{environment}.json", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var index = defaults.Count > 0 ? sources.IndexOf(defaults[0]) : 0;
        foreach (var source in defaults) sources.Remove(source);

        var files = new PhysicalFileProvider(folder);
        var ours = ConfigFiles(folder).Select(path => Json(files, path, optional: false))
            .Append(Json(files, "appsettings.json", optional: false))
            .Append(Json(files, $"appsettings.{environment}.json", optional: true));
        foreach (var source in ours) sources.Insert(index++, source);

        var bad = SettingValues.Check(builder.Configuration);
        // Start-up stops and lists these. Until then a bad property reads as unset: the binder would throw
        // at the first one, and every other setting must still be bound, validated and reported in the same run.
        if (bad.Any(b => b.IsProperty))
            builder.Configuration.AddInMemoryCollection(bad.Where(b => b.IsProperty).Select(b => new KeyValuePair<string, string?>(b.Key, null)));
        builder.Services.AddSingleton(new BadSettings(bad));
        return builder;
    }

    /// <summary>The JSON files under <c>config/</c>, by path, relative to <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> ConfigFiles(string folder)
    {
        var config = Path.Combine(folder, ConfigFolder);
        if (!Directory.Exists(config)) return [];
        return Directory.EnumerateFiles(config, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static JsonConfigurationSource Json(IFileProvider files, string path, bool optional) =>
        new() { FileProvider = files, Path = path, Optional = optional, ReloadOnChange = false };
}

/// <summary>The values <see cref="SettingValues.Check"/> found unreadable at start-up.</summary>
public sealed record BadSettings(IReadOnlyList<BadSetting> All);

using Switchboard.Core.Answers;
using Switchboard.Core.Kudos;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Slack.Tests;

/// <summary>The Slack app manifest declares exactly what the code handles.</summary>
public sealed class SlackManifestTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", "manifest.yml"));
    private static readonly string SocketModeManifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", "manifest.socket-mode.yml"));

    /// <summary>The entry points the modules register; the Slack adapter answers each of them.</summary>
    public static TheoryData<EntrySurface, string> EntryPoints()
    {
        var services = new ServiceCollection().AddModule<RequestsModule>().AddModule<AnswersModule>();
        var data = new TheoryData<EntrySurface, string>();
        foreach (var entry in ModuleRegistry.In(services).EntryPoints) data.Add(entry.Surface, entry.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Manifest_DeclaresEachRegisteredEntryPoint_WhereTheAdapterAnswersIt(EntrySurface surface, string name)
    {
        if (surface == EntrySurface.Command)
        {
            var at = Manifest.IndexOf($"- command: /{name}\n", StringComparison.Ordinal);
            Assert.True(at > 0, $"/{name} is missing");
            Assert.StartsWith("/api/slack/commands", Manifest[at..].Split("url: https://switchboard.example.com", 2)[1]);
            return;
        }
        var index = Manifest.IndexOf($"callback_id: {name}\n", StringComparison.Ordinal);
        Assert.True(index > 0, $"{name} is missing");
        var type = surface == EntrySurface.MessageAction ? "type: message" : "type: global";
        Assert.Contains(type, Manifest[Manifest.LastIndexOf("- name:", index, StringComparison.Ordinal)..index]);
    }

    [Theory]
    [InlineData("manifest.yml")]
    [InlineData("manifest.socket-mode.yml")]
    public void Manifest_DeclaresTheKudosCommandAndShortcuts(string file)
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", file));

        Assert.Contains("- command: /kudos\n", manifest);
        Assert.Contains("- name: Give kudos\n      type: global\n      callback_id: give_kudos\n", manifest);
        Assert.Contains("- name: Thank the author\n      type: message\n      callback_id: kudos_thank_author\n", manifest);
    }

    [Theory]
    [InlineData("manifest.yml")]
    [InlineData("manifest.socket-mode.yml")]
    public void Manifest_DeclaresTheAskCommand(string file)
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", file));

        var at = manifest.IndexOf("- command: /ask\n", StringComparison.Ordinal);
        Assert.True(at > 0, "/ask is missing");
        Assert.Contains("usage_hint: \"[your question]\"", manifest[at..manifest.IndexOf("- command: /kudos", at, StringComparison.Ordinal)]);
    }

    [Fact]
    public void Manifest_DeclaresNoSlashCommandOrShortcutThatNoModuleRegisters()
    {
        var registry = ModuleRegistry.In(new ServiceCollection().AddModule<RequestsModule>().AddModule<KudosModule>().AddModule<AnswersModule>());
        var commands = Regex.Matches(Manifest, @"- command: /(\S+)").Select(m => m.Groups[1].Value);
        var shortcuts = Regex.Matches(Manifest, @"callback_id: (\S+)").Select(m => m.Groups[1].Value);

        Assert.All(commands, c => Assert.NotNull(registry.FindEntryPoint(EntrySurface.Command, c)));
        Assert.All(shortcuts, c => Assert.True(
            registry.FindEntryPoint(EntrySurface.Shortcut, c) is not null || registry.FindEntryPoint(EntrySurface.MessageAction, c) is not null, c));
    }

    [Theory]
    [InlineData("request_url: https://switchboard.example.com/api/slack/events")]
    [InlineData("request_url: https://switchboard.example.com/api/slack/interactivity")]
    [InlineData("- app_mention\n")]
    [InlineData("- message.im\n")]
    [InlineData("- users:read.email\n")]
    [InlineData("- im:write\n")]
    [InlineData("- chat:write\n")]
    [InlineData("- commands\n")]
    public void Manifest_DeclaresEndpointsEventsAndScopes(string line) => Assert.Contains(line, Manifest);

    public static TheoryData<string> ManifestFiles() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "manifests", "slack"), "*.yml").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_IsValidAgainstSlacksPublishedManifestSchema(string file)
    {
        var manifest = FromYaml(File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", file)));

        Assert.Empty(SchemaErrors(manifest));
    }

    [Fact]
    public void SocketModeManifest_EnablesSocketMode_AndNamesNoUrl()
    {
        var manifest = FromYaml(SocketModeManifest);

        Assert.True(manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.True(manifest["settings"]!["interactivity"]!["is_enabled"]!.GetValue<bool>());
        Assert.Empty(Urls(manifest));
        Assert.DoesNotContain("https://", SocketModeManifest[SocketModeManifest.IndexOf("display_information:", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void SocketModeManifest_DeclaresWhatTheHttpManifestDoes_ButTheUrls()
    {
        var http = FromYaml(Manifest);
        var socket = FromYaml(SocketModeManifest);
        Assert.False(http["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.NotEmpty(Urls(http));

        foreach (var manifest in new[] { http, socket })
        {
            foreach (var (owner, key) in Urls(manifest)) owner.Remove(key);
            manifest["settings"]!.AsObject().Remove("socket_mode_enabled");
        }

        Assert.Equal(http.ToJsonString(), socket.ToJsonString());
    }

    /// <summary>Every <c>url</c> and <c>request_url</c> in the manifest, with the object holding it.</summary>
    private static List<(JsonObject Owner, string Key)> Urls(JsonNode node)
    {
        var found = new List<(JsonObject, string)>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "url" or "request_url") found.Add((obj, key));
                    else if (value is not null) found.AddRange(Urls(value));
                }
                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>()) found.AddRange(Urls(item));
                break;
        }
        return found;
    }

    [Fact]
    public void ManifestSchema_RefusesAShortcutNameLongerThanSlackAllows()
    {
        // The name Slack refused when the app was created from the manifest: the check above must catch it.
        var manifest = FromYaml(Manifest);
        manifest["features"]!["shortcuts"]![0]!["name"] = "Create a request from this message";

        var error = Assert.Single(SchemaErrors(manifest));
        Assert.StartsWith("/features/shortcuts/0/name: maxLength", error);
    }

    // The schema names no $schema; it is written in draft 7 (its "definitions" are not a keyword of later drafts).
    private static readonly Lazy<JsonSchema> ManifestSchema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "slack-manifest.schema.1.0.0.json")),
        new BuildOptions { Dialect = Dialect.Draft07 }));

    /// <summary>"instance location: keyword: message" for each failed check.</summary>
    private static List<string> SchemaErrors(JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var results = ManifestSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
    }

    /// <summary>
    /// YAML as the JSON Slack reads it: plain scalars are typed by the YAML 1.2 core schema (true, 12, null);
    /// quoted and block scalars stay strings.
    /// </summary>
    private static JsonNode FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToJson(stream.Documents.Single().RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar when scalar.Style != ScalarStyle.Plain => JsonValue.Create(scalar.Value ?? ""),
        YamlScalarNode { Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode { Value: "true" or "True" or "TRUE" } => JsonValue.Create(true),
        YamlScalarNode { Value: "false" or "False" or "FALSE" } => JsonValue.Create(false),
        YamlScalarNode scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}

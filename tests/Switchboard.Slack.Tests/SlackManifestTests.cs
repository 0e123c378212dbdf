using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Slack.Tests;

/// <summary>The Slack app manifest declares exactly what the code handles.</summary>
public sealed class SlackManifestTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", "manifest.yml"));

    /// <summary>The entry points the modules register; the Slack adapter answers each of them.</summary>
    public static TheoryData<EntrySurface, string> EntryPoints()
    {
        var services = new ServiceCollection().AddModule<RequestsModule>();
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

    [Fact]
    public void Manifest_DeclaresNoSlashCommandOrShortcutThatNoModuleRegisters()
    {
        var registry = ModuleRegistry.In(new ServiceCollection().AddModule<RequestsModule>());
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}

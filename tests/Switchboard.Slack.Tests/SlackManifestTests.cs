using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Tests;

/// <summary>The Slack app manifest declares exactly what the code handles.</summary>
public sealed class SlackManifestTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", "manifest.yml"));

    [Theory]
    [InlineData(SlackCommandsHandler.RequestCommand)]
    [InlineData(SlackCommandsHandler.RequestsCommand)]
    public void Manifest_DeclaresEachSlashCommandAtTheCommandsEndpoint(string command)
    {
        var block = Manifest[Manifest.IndexOf($"- command: {command}\n", StringComparison.Ordinal)..];
        Assert.StartsWith("/api/slack/commands", block.Split("url: https://switchboard.example.com", 2)[1]);
    }

    [Theory]
    [InlineData("callback_id: " + SlackInteractivityHandler.CreateRequestShortcut, "type: message")]
    [InlineData("callback_id: " + SlackInteractivityHandler.NewRequestShortcut, "type: global")]
    public void Manifest_DeclaresTheShortcutsTheInteractivityHandlerAnswers(string callbackId, string type)
    {
        var index = Manifest.IndexOf(callbackId, StringComparison.Ordinal);
        Assert.True(index > 0, $"{callbackId} is missing");
        Assert.Contains(type, Manifest[Manifest.LastIndexOf("- name:", index, StringComparison.Ordinal)..index]);
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

using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;

namespace Switchboard.Teams.Tests;

public sealed partial class ManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "manifests", "teams");
    private static JsonNode Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!;

    [Fact]
    public void Manifest_HasTheRequiredFieldsOfSchema122()
    {
        var manifest = Manifest;

        Assert.Equal("https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json", manifest["$schema"]!.GetValue<string>());
        Assert.Equal("1.22", manifest["manifestVersion"]!.GetValue<string>());
        Assert.Matches(SemVer(), manifest["version"]!.GetValue<string>());
        Assert.True(Guid.TryParse(manifest["id"]!.GetValue<string>(), out _));
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
            Assert.StartsWith("https://", manifest["developer"]![url]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(manifest["developer"]!["name"]!.GetValue<string>()));
        Assert.InRange(manifest["name"]!["short"]!.GetValue<string>().Length, 1, 30);
        Assert.InRange(manifest["name"]!["full"]!.GetValue<string>().Length, 1, 100);
        Assert.InRange(manifest["description"]!["short"]!.GetValue<string>().Length, 1, 80);
        Assert.InRange(manifest["description"]!["full"]!.GetValue<string>().Length, 1, 4000);
        Assert.Matches(HexColor(), manifest["accentColor"]!.GetValue<string>());
    }

    [Fact]
    public void Manifest_DeclaresOneBotInAllScopesWithItsCommands()
    {
        var bot = Assert.Single(Manifest["bots"]!.AsArray())!;

        Assert.True(Guid.TryParse(bot["botId"]!.GetValue<string>(), out _));
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var commands = bot["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()).ToList();
        Assert.All(commands, c =>
        {
            Assert.InRange(c!["title"]!.GetValue<string>().Length, 1, 32);
            Assert.InRange(c["description"]!.GetValue<string>().Length, 1, 128);
        });
        Assert.Subset(commands.Select(c => c!["title"]!.GetValue<string>()).ToHashSet(), new HashSet<string> { "help", "my requests", "status", "link", "ask" });
        Assert.All(bot["commandLists"]!.AsArray(), l => Assert.InRange(l!["commands"]!.AsArray().Count, 1, 10));
    }

    private static ModuleRegistry Registry => ModuleRegistry.In(new ServiceCollection().AddModule<RequestsModule>().AddModule<KudosModule>());

    /// <summary>The message-extension entry points the modules register (shortcuts and message actions).</summary>
    public static TheoryData<EntrySurface, string> ExtensionEntryPoints()
    {
        var data = new TheoryData<EntrySurface, string>();
        foreach (var entry in Registry.EntryPoints)
            if (entry.Surface is EntrySurface.Shortcut or EntrySurface.MessageAction) data.Add(entry.Surface, entry.Name);
        return data;
    }

    /// <summary>The contexts in which Teams offers a command of each surface.</summary>
    private static bool OffersOn(JsonNode command, EntrySurface surface) =>
        command["context"]!.AsArray().Select(c => c!.GetValue<string>()).Any(c => surface == EntrySurface.MessageAction ? c == "message" : c is "compose" or "commandBox");

    [Theory]
    [MemberData(nameof(ExtensionEntryPoints))]
    public void Manifest_OffersEachRegisteredShortcutAndMessageActionIntent_AsAMessageExtensionCommand(EntrySurface surface, string name)
    {
        var registry = Registry;
        var intent = registry.FindEntryPoint(surface, name)!.Intent;
        var extension = Assert.Single(Manifest["composeExtensions"]!.AsArray())!;
        // Teams may offer the intent under another name (one "Give kudos" command serves the compose box and the message menu).
        var command = Assert.Single(extension["commands"]!.AsArray(),
            c => OffersOn(c!, surface) && registry.FindEntryPoint(surface, c!["id"]!.GetValue<string>())?.Intent == intent)!;

        Assert.Equal(Manifest["bots"]![0]!["botId"]!.GetValue<string>(), extension["botId"]!.GetValue<string>());
        Assert.Equal("action", command["type"]!.GetValue<string>());
        Assert.True(command["fetchTask"]!.GetValue<bool>());
        Assert.InRange(command["title"]!.GetValue<string>().Length, 1, 32);
        Assert.InRange(command["description"]!.GetValue<string>().Length, 1, 128);
    }

    [Fact]
    public void Manifest_DeclaresNoMessageExtensionCommandThatNoModuleRegisters_InAnyOfItsContexts()
    {
        var registry = Registry;
        var commands = Manifest["composeExtensions"]!.AsArray().SelectMany(e => e!["commands"]!.AsArray()).ToList();

        Assert.All(commands, c =>
        {
            var id = c!["id"]!.GetValue<string>();
            foreach (var surface in new[] { EntrySurface.Shortcut, EntrySurface.MessageAction })
                Assert.Equal(OffersOn(c, surface), registry.FindEntryPoint(surface, id) is not null);
        });
    }

    [Fact]
    public void Manifest_GiveKudos_IsOneActionCommandInTheComposeBoxCommandBoxAndMessageMenu()
    {
        var command = Manifest["composeExtensions"]![0]!["commands"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == KudosForm.GiveEntryPoint)!;

        Assert.Equal(["compose", "commandBox", "message"], command["context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Give kudos", command["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("color", 192)]
    [InlineData("outline", 32)]
    public void Icon_IsAPngOfTheRequiredSize(string icon, int size)
    {
        var file = Path.Combine(Folder, Manifest["icons"]![icon]!.GetValue<string>());

        var (width, height) = PngSize(File.ReadAllBytes(file));

        Assert.Equal((size, size), (width, height));
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "outline.png"));

        // Colour type 6 (RGBA): the outline icon needs an alpha channel for its transparent background.
        Assert.Equal(6, bytes[25]);
    }

    [Fact]
    public void PackageScript_WritesAZipWithTheAppIdFilledIn()
    {
        var appId = "6f1a2b3c-5d4e-4f00-8a9b-0c1d2e3f4a5b";
        var output = Path.Combine(Path.GetTempPath(), $"switchboard-teams-{Guid.NewGuid():N}.zip");
        try
        {
            using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Folder, "package.sh"), appId, "1.2.3", output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit(30_000);
            Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());

            using var zip = ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var packaged = JsonNode.Parse(reader.ReadToEnd())!;
            Assert.Equal(appId, packaged["id"]!.GetValue<string>());
            Assert.Equal(appId, packaged["bots"]![0]!["botId"]!.GetValue<string>());
            Assert.Equal(appId, packaged["composeExtensions"]![0]!["botId"]!.GetValue<string>());
            Assert.Equal("1.2.3", packaged["version"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static (int Width, int Height) PngSize(byte[] bytes)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Bot.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}

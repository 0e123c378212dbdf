using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Core.Conversations;

/// <summary>The built-in "help": generated from the registry, so it lists what each person may use.</summary>
public sealed class HelpModule : IModule
{
    /// <summary>The module's name.</summary>
    public const string ModuleName = "help";

    /// <summary>"help", "hi", "what can you do".</summary>
    public const string ShowIntent = "help.show";

    /// <inheritdoc />
    public string Name => ModuleName;

    /// <inheritdoc />
    public void Register(ModuleBuilder module) =>
        module.Intent<HelpHandler>(ShowIntent)
            .Typed("help")
            .Aliases("?", "hi", "hello", "hey", "menu", "start", "commands", "what can you do");
}

/// <summary>Answers "help" with the modules' introductions, the commands the person may use, and the modules' details.</summary>
public sealed class HelpHandler(
    ModuleRegistry modules,
    AudiencePolicy audiences,
    CommandMatcher commands,
    PlatformGateways gateways,
    IServiceProvider services) : IIntentHandler
{
    /// <inheritdoc />
    public Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) =>
        gateways.ReplyAsync(turn, Text(turn.From), cancellationToken);

    /// <summary>The help text for <paramref name="person"/>.</summary>
    public string Text(PersonRef person)
    {
        var sections = modules.HelpSections.Select(type => (IHelpSection)services.GetRequiredService(type)).ToList();
        var introduction = string.Join(' ', sections.Select(s => s.Introduction(person)).OfType<string>());
        List<string> parts = [introduction.Length == 0 ? "Hi! I'm Switchboard." : $"Hi! I'm Switchboard. {introduction}"];
        var lines = modules.Commands
            .Where(c => c.Help is not null && audiences.Includes(c.Audience, person))
            .Select(c => $"• {c.Template.Usage(commands.ExamplePrefix)}: {c.Help}{AudiencePolicy.Label(c.Audience)}")
            .ToList();
        if (lines.Count > 0) parts.Add("Commands:\n" + string.Join('\n', lines));
        parts.AddRange(sections.Select(s => s.Details(person)).OfType<string>());
        return string.Join("\n\n", parts);
    }
}

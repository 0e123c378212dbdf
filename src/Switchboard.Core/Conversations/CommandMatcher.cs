using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Conversations;

/// <summary>
/// Finds the chat command a message is, if any: the first registered command whose template the whole
/// message fits. A ticket number is only a number with a configured team's prefix, so "KB-5034441" or
/// "COVID-19" in a request never makes it a command.
/// </summary>
public sealed class CommandMatcher
{
    private readonly ModuleRegistry _modules;
    private readonly TeamDirectory _teams;
    private readonly ArgumentReader _reader;

    /// <summary>Reads commands registered in <paramref name="modules"/>, with the teams of <paramref name="teams"/>.</summary>
    public CommandMatcher(ModuleRegistry modules, TeamDirectory teams)
    {
        _modules = modules;
        _teams = teams;
        _reader = new ArgumentReader(Ticket, Team);
    }

    /// <summary>The intent <paramref name="text"/> asks for as a command, or null when it is no command.</summary>
    public TurnIntent? Match(string text)
    {
        // "/help" is how some people write a command to a bot.
        var message = text.Trim();
        if (message.StartsWith('/')) message = message[1..].TrimStart();
        if (message.Length == 0) return null;
        var tokens = CommandTemplate.Tokenize(message);
        foreach (var command in _modules.Commands)
        {
            if (command.Template.Match(message, tokens, _reader) is { } arguments)
                return new TurnIntent(command.Intent, arguments);
        }
        return null;
    }

    /// <summary>The prefix help shows in example ticket numbers: the first team's.</summary>
    public string ExamplePrefix => _teams.All.Count > 0 ? _teams.All[0].Options.TicketPrefix : "IT";

    private string? Ticket(string word)
    {
        var cleaned = word.Trim('(', ')', '[', ']', '"', '\'', '<', '>', '*', '_').TrimEnd('.', ',', '!', '?', ';', ':');
        return TicketNumber.TryParse(cleaned, out var number) && _teams.FindByPrefix(number.Value.Prefix) is not null
            ? number.Value.ToString()
            : null;
    }

    private string? Team(string words) => _teams.Resolve(words.TrimEnd('.', ',', '!', '?'))?.Id;
}

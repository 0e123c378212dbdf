using System.Text.RegularExpressions;

namespace Switchboard.Core.Conversations;

/// <summary>What an argument of a chat command accepts.</summary>
public enum ArgumentKind
{
    /// <summary>A ticket number with a configured team's prefix (<c>IT-1001</c>); the value is the number.</summary>
    Ticket,
    /// <summary>A configured service team by id, ticket prefix or name; the value is the team id.</summary>
    Team,
    /// <summary>The rest of the message as written; always the last part of a template.</summary>
    Text,
}

/// <summary>
/// The shape of a chat command: words, optional words and arguments, written as a template such as
/// <c>cancel {ticket} {note:text?}</c> or <c>link {team} [private]</c>. A message is that command only when
/// the whole message fits the template; a message that merely contains something shaped like an argument
/// is not a command.
/// </summary>
/// <remarks>
/// Parts are separated by spaces. <c>word</c> must be there; <c>[word]</c> may be, and sets the argument
/// <c>word</c> when it is; <c>{name:kind}</c> is an argument of <see cref="ArgumentKind"/> <c>kind</c>
/// (<c>{ticket}</c> and <c>{team}</c> are short for <c>{ticket:ticket}</c> and <c>{team:team}</c>), optional
/// with a trailing <c>?</c>. A text argument takes the rest of the message, so it comes last.
/// </remarks>
public sealed partial class CommandTemplate
{
    // Team names are a few words; trying longer spans would only cost time on long messages.
    private const int MaxTeamWords = 6;

    private readonly IReadOnlyList<Part> _parts;

    private CommandTemplate(string text, IReadOnlyList<Part> parts)
    {
        Text = text;
        _parts = parts;
        Signature = string.Join(' ', parts.Select(p => p.Signature));
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>What two templates that accept the same messages have in common (words and argument kinds).</summary>
    internal string Signature { get; }

    /// <summary>Parses a template.</summary>
    /// <exception cref="FormatException">The template is malformed; the message says where.</exception>
    public static CommandTemplate Parse(string template)
    {
        var tokens = template.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0) throw new FormatException("A command template needs at least one word.");
        var parts = new List<Part>();
        foreach (var token in tokens)
        {
            if (parts.LastOrDefault() is Argument { Kind: ArgumentKind.Text })
                throw new FormatException($"\"{template}\": a text argument takes the rest of the message, so it must come last.");
            var part = ParsePart(template, token);
            if (part is Argument argument && parts.OfType<Argument>().Any(a => a.Name == argument.Name))
                throw new FormatException($"\"{template}\": the argument '{argument.Name}' appears twice.");
            parts.Add(part);
        }
        return new CommandTemplate(template, parts);
    }

    /// <summary>How the command is written in help, e.g. <c>cancel IT-1001 [note]</c>.</summary>
    /// <param name="ticketPrefix">The prefix to show in an example ticket number.</param>
    public string Usage(string ticketPrefix) => string.Join(' ', _parts.Select(p => p switch
    {
        Word { Optional: true } w => $"[{w.Text}]",
        Word w => w.Text,
        Argument { Kind: ArgumentKind.Ticket } a => a.Optional ? $"[{ticketPrefix}-1001]" : $"{ticketPrefix}-1001",
        Argument a => a.Optional ? $"[{a.Name}]" : $"<{a.Name}>",
        _ => throw new InvalidOperationException("Unknown template part."),
    }));

    /// <summary>
    /// The arguments of <paramref name="message"/> when the whole message fits this template, else null.
    /// </summary>
    internal IReadOnlyDictionary<string, string>? Match(string message, IReadOnlyList<(string Value, int Index)> tokens, ArgumentReader read)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        return Fits(0, 0) ? arguments : null;

        // Backtracks over optional parts and over how many words a team name takes.
        bool Fits(int part, int token)
        {
            if (part == _parts.Count) return token == tokens.Count;
            switch (_parts[part])
            {
                case Word word:
                    if (token < tokens.Count && SameWord(tokens[token].Value, word.Text))
                    {
                        if (word.Optional) arguments[word.Text] = word.Text;
                        if (Fits(part + 1, token + 1)) return true;
                        arguments.Remove(word.Text);
                    }
                    return word.Optional && Fits(part + 1, token);

                case Argument { Kind: ArgumentKind.Text } text:
                    var rest = token < tokens.Count
                        ? message[tokens[token].Index..].Trim().TrimStart(':', '-', '—').Trim()
                        : "";
                    if (rest.Length == 0) return text.Optional;
                    arguments[text.Name] = rest;
                    return true;

                case Argument argument:
                    var longest = Math.Min(token + (argument.Kind == ArgumentKind.Team ? MaxTeamWords : 1), tokens.Count);
                    for (var end = longest; end > token; end--)
                    {
                        var start = tokens[token].Index;
                        var span = message[start..(tokens[end - 1].Index + tokens[end - 1].Value.Length)];
                        var value = argument.Kind == ArgumentKind.Ticket ? read.Ticket(span) : read.Team(span);
                        if (value is null) continue;
                        arguments[argument.Name] = value;
                        if (Fits(part + 1, end)) return true;
                        arguments.Remove(argument.Name);
                    }
                    return argument.Optional && Fits(part + 1, token);

                default:
                    return false;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // "Hello!" is "hello"; "?" stays "?".
    private static bool SameWord(string typed, string word)
    {
        var trimmed = typed.TrimEnd('.', ',', '!', '?', ';', ':');
        return string.Equals(trimmed.Length == 0 ? typed : trimmed, word, StringComparison.OrdinalIgnoreCase);
    }

    private static Part ParsePart(string template, string token)
    {
        if (token.StartsWith('[') && token.EndsWith(']') && token.Length > 2)
            return new Word(PlainWord(template, token[1..^1]), Optional: true);
        if (!token.StartsWith('{')) return new Word(PlainWord(template, token), Optional: false);

        var match = ArgumentPattern().Match(token);
        if (!match.Success)
            throw new FormatException($"\"{template}\": '{token}' is not an argument; write {{name}}, {{name:kind}} or {{name:kind?}}.");
        var name = match.Groups["name"].Value;
        var kindName = match.Groups["kind"].Success ? match.Groups["kind"].Value : name;
        if (!Enum.TryParse<ArgumentKind>(kindName, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new FormatException($"\"{template}\": '{kindName}' is not an argument kind; use ticket, team or text.");
        return new Argument(name, kind, match.Groups["optional"].Success);
    }

    private static string PlainWord(string template, string word) =>
        word.IndexOfAny(['{', '}', '[', ']']) < 0
            ? word.ToLowerInvariant()
            : throw new FormatException($"\"{template}\": '{word}' mixes a word with brackets.");

    /// <summary>The words of a message with where each starts.</summary>
    internal static IReadOnlyList<(string Value, int Index)> Tokenize(string message) =>
        Words().Matches(message).Select(m => (m.Value, m.Index)).ToArray();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^\{(?<name>[a-z][a-z0-9-]*)(:(?<kind>[a-z]+))?(?<optional>\?)?\}$")]
    private static partial Regex ArgumentPattern();

    private abstract record Part
    {
        public abstract string Signature { get; }
    }

    private sealed record Word(string Text, bool Optional) : Part
    {
        public override string Signature => Optional ? $"[{Text}]" : Text;
    }

    private sealed record Argument(string Name, ArgumentKind Kind, bool Optional) : Part
    {
        public override string Signature => $"{{{Kind}{(Optional ? "?" : "")}}}".ToLowerInvariant();
    }
}

/// <summary>Reads argument values out of a message; null when the words are not such a value.</summary>
/// <param name="Ticket">A ticket number's normalised form (<c>IT-1001</c>), or null.</param>
/// <param name="Team">A team's id, or null.</param>
internal sealed record ArgumentReader(Func<string, string?> Ticket, Func<string, string?> Team);

using System.Text.RegularExpressions;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>What a kudos message says: who it is for, the values it names and why.</summary>
/// <param name="Recipients">The people mentioned, in the order written, each once.</param>
/// <param name="Values">The company values tagged, each once.</param>
/// <param name="Reason">What for, as written (mentions, tags and the leading "for" taken out).</param>
public sealed record KudosDraft(IReadOnlyList<Mention> Recipients, IReadOnlyList<KudosValueOptions> Values, string Reason);

/// <summary>A parsed kudos message, or why it could not be read.</summary>
/// <param name="Draft">The kudos, when the message could be read.</param>
/// <param name="Problem">What to tell the person otherwise, with an example.</param>
public sealed record KudosParse(KudosDraft? Draft, string? Problem)
{
    /// <summary>The example every explanation ends with.</summary>
    public const string Example = "For example: kudos @Alex @Priya for fixing my laptop in ten minutes #ownership";
}

/// <summary>
/// Reads "kudos @Alex @Priya for fixing my laptop in ten minutes #ownership". The people come from the turn's
/// <see cref="Mention"/>s (the adapter resolved them), never from guessing at names in the text.
/// </summary>
public static partial class KudosText
{
    /// <summary>Parses <paramref name="text"/> (what follows "kudos") with the mentions the adapter found in it.</summary>
    public static KudosParse Parse(string? text, IReadOnlyList<Mention> mentions, KudosOptions options)
    {
        var rest = text ?? "";
        var recipients = new List<Mention>();
        foreach (var mention in mentions
                     .Where(m => m.Text.Length > 0 && rest.Contains(m.Text, StringComparison.Ordinal))
                     .OrderBy(m => rest.IndexOf(m.Text, StringComparison.Ordinal)))
        {
            rest = rest.Replace(mention.Text, " ", StringComparison.Ordinal);
            if (!recipients.Any(r => r.Person.Key == mention.Person.Key)) recipients.Add(mention);
        }

        var values = new List<KudosValueOptions>();
        foreach (Match tag in Tag().Matches(rest))
        {
            var name = tag.Groups["name"].Value;
            if (options.FindValue(name) is not { } value)
                return Problem(options.Values.Count == 0
                    ? $"#{name} isn't a company value here (none are configured), so leave the tag out."
                    : $"#{name} isn't one of our values. Pick one of {ValueList(options)}.");
            if (!values.Contains(value)) values.Add(value);
        }
        rest = Tag().Replace(rest, " ");

        if (recipients.Count == 0)
        {
            var unresolved = LooseAt().Match(rest);
            return Problem(unresolved.Success
                ? $"I couldn't tell who {unresolved.Value.Trim()} is. Pick them from the @-mention list so the name becomes a mention. {KudosParse.Example}"
                : $"Who is it for? Mention them by name. {KudosParse.Example}");
        }

        var reason = Spaces().Replace(rest, " ").Trim();
        for (var before = ""; before != reason;)
        {
            before = reason;
            reason = LeadingConnector().Replace(reason, "").Trim();
        }
        if (reason.Length == 0) return Problem($"Say what it's for, after the names. {KudosParse.Example}");
        return new KudosParse(new KudosDraft(recipients, values, reason), null);
    }

    /// <summary>The configured values as people type them: "#ownership, #teamwork".</summary>
    public static string ValueList(KudosOptions options) => string.Join(", ", options.Values.Select(v => $"#{v.Name}"));

    private static KudosParse Problem(string problem) => new(null, problem);

    // A tag starts a word; "<#C123|general>" (a Slack channel) or "issue#4" are no tags.
    [GeneratedRegex(@"(?<![\S])#(?<name>[\p{L}\p{N}_:-]+)")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<![\S])@[\p{L}\p{N}._-]+")]
    private static partial Regex LooseAt();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:for\b|because\b|—|–|-|:|,)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingConnector();
}

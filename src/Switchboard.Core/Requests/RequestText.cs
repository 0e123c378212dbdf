using System.Text.RegularExpressions;

namespace Switchboard.Core.Requests;

/// <summary>Derives a summary and a priority from what an employee wrote.</summary>
public static partial class RequestText
{
    /// <summary>The longest request text accepted.</summary>
    public const int MaxLength = 4000;

    /// <summary>The longest summary kept.</summary>
    public const int MaxSummaryLength = 120;

    /// <summary>The first sentence, tidied and shortened to <see cref="MaxSummaryLength"/>.</summary>
    public static string Summarize(string text)
    {
        var flat = Whitespace().Replace(text.Trim(), " ");
        var sentence = SentenceEnd().Split(flat, 2)[0].Trim().TrimEnd('.', '!', ',', ';', ':');
        if (sentence.Length == 0) sentence = flat;
        if (sentence.Length > MaxSummaryLength)
        {
            var cut = sentence.LastIndexOf(' ', MaxSummaryLength - 1);
            sentence = sentence[..(cut > 40 ? cut : MaxSummaryLength - 1)] + "…";
        }
        return sentence.Length == 0 ? sentence : char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    /// <summary>The priority the words ask for (<see cref="RequestTextExtractor.Priority"/>), otherwise Normal.</summary>
    public static Priority GuessPriority(string text) => RequestTextExtractor.Priority(text)?.Value ?? Priority.Normal;

    /// <summary>Parses a priority name, case-insensitive.</summary>
    public static Priority? ParsePriority(string? text) =>
        Enum.TryParse<Priority>(text?.Trim(), ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n")]
    private static partial Regex SentenceEnd();

}

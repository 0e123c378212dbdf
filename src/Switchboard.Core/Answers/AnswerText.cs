using System.Globalization;
using System.Text;

namespace Switchboard.Core.Answers;

/// <summary>
/// Turns text into the terms the <see cref="AnswerMatcher"/> compares: lower-cased words without accents, the
/// words that say nothing about the question dropped, and a light stemming so "printers", "printing" and
/// "printed" meet "print".
/// </summary>
public static class AnswerText
{
    // Words that carry no topic in help-desk requests: grammar, politeness, and the asking itself ("how do I", "need help").
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anyone", "anything", "are", "as", "at",
        "be", "because", "been", "before", "being", "but", "by", "can", "cannot", "cant", "could", "did", "do", "does",
        "doesn", "doesnt", "don", "dont", "for", "from", "get", "gets", "getting", "got", "had", "has", "have", "having",
        "he", "hello", "help", "her", "here", "hey", "hi", "him", "his", "how", "i", "if", "im", "in", "into", "is", "isn",
        "isnt", "it", "its", "ive", "just", "keep", "keeps", "know", "let", "like", "make", "me", "mine", "more", "morning",
        "much", "my", "need", "needs", "no", "not", "now", "of", "off", "ok", "on", "one", "or", "our", "out", "please", "pls",
        "possible", "s", "should", "so", "some", "someone", "still", "t", "thank", "thanks", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "to", "today", "too", "try", "trying", "up", "us", "use", "using", "ve",
        "very", "want", "was", "way", "we", "were", "what", "whats", "when", "where", "which", "who", "why", "will", "with",
        "won", "wont", "work", "working", "would", "yet", "you", "your", "yesterday",
    };

    /// <summary>The terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var word in Words(text))
        {
            if (StopWords.Contains(word)) continue;
            var stem = Stem(word);
            if (stem.Length > 1 || char.IsDigit(stem[0])) terms.Add(stem);
        }
        return terms;
    }

    /// <summary>The lower-cased words of <paramref name="text"/>, accents removed, apostrophes and inner hyphens dropped ("can't" is "cant", "wi-fi" is "wifi").</summary>
    public static IEnumerable<string> Words(string text)
    {
        var folded = Fold(text);
        var word = new StringBuilder();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsLetterOrDigit(c)) word.Append(c);
            // "can't" is "cant"; "wi-fi" and "e-mail" are "wifi" and "email", as people also write them.
            else if (c is '\'' or '’' && word.Length > 0) continue;
            else if (c == '-' && word.Length > 0 && i + 1 < folded.Length && char.IsLetter(folded[i + 1])) continue;
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>
    /// A light suffix stripper (plural, -ing, -ed, a final e), not Porter's: it keeps stems readable in explanations
    /// and never merges words that are far apart in meaning. "share", "shared" and "sharing" all give "shar".
    /// </summary>
    public static string Stem(string word)
    {
        var stem = Strip(word);
        return stem.Length > 3 && stem[^1] == 'e' ? stem[..^1] : stem;
    }

    private static string Strip(string word)
    {
        if (word.Length <= 3 || word.Any(char.IsDigit)) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5) return Undouble(word[..^3]);
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4) return Undouble(word[..^2]);
        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && word[^3] is 's' or 'x' or 'z' or 'h') return word[..^2];
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)) return word[..^1];
        return word;
    }

    // "stopped" -> "stopp" -> "stop"; "printing" -> "print".
    private static string Undouble(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') ? stem[..^1] : stem;

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        return folded.ToString();
    }
}

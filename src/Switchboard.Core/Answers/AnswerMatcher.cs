namespace Switchboard.Core.Answers;

/// <summary>One answer suggested for a text, with why.</summary>
/// <param name="Answer">The answer.</param>
/// <param name="Score">Its BM25 score for the text.</param>
/// <param name="Coverage">The share (0-1) of the text's information (IDF weight) the answer covers.</param>
/// <param name="Matched">The text's terms the answer contains, best first.</param>
public sealed record AnswerMatch(Answer Answer, double Score, double Coverage, IReadOnlyList<string> Matched)
{
    /// <summary>"matched vpn, home (score 7.2, covers 80%)".</summary>
    public string Why => $"matched {string.Join(", ", Matched)} (score {Score:0.0}, covers {Coverage:P0})";
}

/// <summary>The matcher's weights and bars, tuned on the development set only (tests/.../Answers/dev-answers.tsv).</summary>
/// <param name="MinimumScore">A suggestion needs at least this BM25 score...</param>
/// <param name="MinimumCoverage">...and must cover at least this share of the text's information.</param>
/// <param name="QuestionWeight">How many times a term of the question counts (the question is what people ask).</param>
/// <param name="KeywordWeight">How many times a term of a keyword counts.</param>
/// <param name="AnswerWeight">How many times a term of the answer text counts.</param>
/// <param name="K1">BM25 term-frequency saturation.</param>
/// <param name="B">BM25 length normalisation.</param>
/// <param name="UnknownTermWeight">
/// How much a word no answer contains weighs in the coverage, as a share of the rarest known word's weight: product
/// names ("acrobat") should not hide the word that matters ("install"), yet a request mostly about something else
/// should not be offered an answer for its one common word.
/// </param>
/// <param name="AssumedMinimumAnswers">
/// Word rarity (IDF) is computed as if there were at least this many answers, so that a team starting with a handful
/// of answers is held to the same bar as the shipped catalogue (30 answers) rather than to scores a tiny catalogue can't reach.
/// </param>
public sealed record AnswerMatcherTuning(
    double MinimumScore = 5.5,
    double MinimumCoverage = 0.4,
    int QuestionWeight = 2,
    int KeywordWeight = 3,
    int AnswerWeight = 1,
    double K1 = 1.2,
    double B = 0.5,
    double UnknownTermWeight = 1.0,
    int AssumedMinimumAnswers = 30)
{
    /// <summary>The shipped tuning.</summary>
    public static AnswerMatcherTuning Default { get; } = new();
}

/// <summary>
/// Finds the answers that fit a text: Okapi BM25 over each answer's question, keywords and text (the question and
/// keywords weigh more), on the terms <see cref="AnswerText"/> makes. A suggestion must score at least
/// <see cref="AnswerMatcherTuning.MinimumScore"/> and cover at least <see cref="AnswerMatcherTuning.MinimumCoverage"/>
/// of what the text says (IDF-weighted; a word no answer contains counts as rare), so a request that shares one
/// common word with an answer is not offered it. Immutable: build a new one when the answers change.
/// </summary>
public sealed class AnswerMatcher
{
    private readonly AnswerMatcherTuning _tuning;
    private readonly List<(Answer Answer, Dictionary<string, int> Terms, int Length)> _documents = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    /// <summary>Indexes <paramref name="answers"/> (all of them: filter retired or hidden ones first).</summary>
    public AnswerMatcher(IEnumerable<Answer> answers, AnswerMatcherTuning? tuning = null)
    {
        _tuning = tuning ?? AnswerMatcherTuning.Default;
        foreach (var answer in answers)
        {
            var terms = new Dictionary<string, int>(StringComparer.Ordinal);
            Add(terms, AnswerText.Terms(answer.Question), _tuning.QuestionWeight);
            Add(terms, answer.Keywords.SelectMany(AnswerText.Terms), _tuning.KeywordWeight);
            Add(terms, AnswerText.Terms(answer.Text), _tuning.AnswerWeight);
            foreach (var term in terms.Keys) _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            _documents.Add((answer, terms, terms.Values.Sum()));
        }
        _averageLength = _documents.Count == 0 ? 1 : _documents.Average(d => (double)d.Length);
    }

    /// <summary>How many answers are indexed.</summary>
    public int Count => _documents.Count;

    /// <summary>Up to <paramref name="limit"/> answers for <paramref name="text"/>, best first; none when nothing fits well enough.</summary>
    public IReadOnlyList<AnswerMatch> Find(string text, int limit = 3)
    {
        var query = AnswerText.Terms(text).Distinct(StringComparer.Ordinal).ToList();
        if (query.Count == 0 || _documents.Count == 0) return [];
        var total = query.Sum(t => _documentFrequency.ContainsKey(t) ? Idf(t) : Idf(t) * _tuning.UnknownTermWeight);
        var matches = new List<AnswerMatch>();
        foreach (var (answer, terms, length) in _documents)
        {
            double score = 0, covered = 0;
            var matched = new List<(string Term, double Weight)>();
            foreach (var term in query)
            {
                if (!terms.TryGetValue(term, out var tf)) continue;
                var idf = Idf(term);
                var weight = idf * tf * (_tuning.K1 + 1) / (tf + _tuning.K1 * (1 - _tuning.B + _tuning.B * length / _averageLength));
                score += weight;
                covered += idf;
                matched.Add((term, weight));
            }
            var coverage = covered / total;
            if (score >= _tuning.MinimumScore && coverage >= _tuning.MinimumCoverage)
                matches.Add(new AnswerMatch(answer, score, coverage, matched.OrderByDescending(m => m.Weight).Select(m => m.Term).ToList()));
        }
        return matches.OrderByDescending(m => m.Score).ThenBy(m => m.Answer.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    // BM25's IDF, never negative; a term no answer has is as informative as one in a single answer, so a request
    // mostly about something unknown covers little of any answer.
    private double Idf(string term)
    {
        var n = Math.Max(1, _documentFrequency.GetValueOrDefault(term));
        var total = Math.Max(_documents.Count, _tuning.AssumedMinimumAnswers);
        return Math.Log(1 + (total - n + 0.5) / (n + 0.5));
    }

    private static void Add(Dictionary<string, int> terms, IEnumerable<string> words, int weight)
    {
        foreach (var word in words) terms[word] = terms.GetValueOrDefault(word) + weight;
    }
}

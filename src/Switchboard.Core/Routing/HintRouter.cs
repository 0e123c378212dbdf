using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Core.Routing;

/// <summary>
/// Routes a request by scoring every configured team against its routing hints: keywords, example requests,
/// name and description. Words and word pairs of the hints become evidence for the teams that use them (keywords
/// count more than example words, pairs such as "bank details" more than single words, words several teams use
/// count less), the request is also compared with each example request, a naive Bayes posterior over the same
/// features adds how often each team's hints use the request's words, and a multinomial logistic regression
/// (<c>SoftmaxRegression</c>, trained on the hints at construction over the words, pairs and the words'
/// character n-grams) adds its class probabilities. Confidence is a softmax over the teams plus a "no team" baseline,
/// so a request with little evidence stays below <see cref="RoutingDecision.AskThreshold"/>; proposing a team
/// without asking takes more (<c>HintRouterTuning.AnswerThreshold</c>). Everything is precomputed at
/// construction; routing does no I/O and is deterministic.
/// </summary>
public sealed class HintRouter : IRequestRouter
{
    private const double SimilarReasonThreshold = 0.3;
    private const double RelatedWordThreshold = 0.2;

    // Where a confidence held back by RequiresAsking ends: just under the bar, so it still ranks the teams.
    private const double AskCap = RoutingDecision.AskThreshold - 0.01;
    private const string WordKey = "w:";
    private const string MissingLetterKey = "m:";
    private const string SwapKey = "s:";

    [ThreadStatic]
    private static double[]? t_dots;

    private readonly HintRouterTuning _tuning;
    private readonly IReadOnlyList<ServiceTeam> _teams;
    private readonly Dictionary<string, double[]> _evidence;
    private readonly Dictionary<string, double> _exampleIdf;
    private readonly ExampleHint[] _examples;
    private readonly Dictionary<string, int[]> _postings;
    private readonly KeywordHint[][] _keywords;
    // Per team, its keywords by their first term: the reasons check only keywords that can match, not every one.
    private readonly Dictionary<string, KeywordHint[]>[] _keywordsByFirstTerm;
    private readonly Dictionary<string, string> _spelling;
    private readonly double _unseenIdf;
    private readonly LearnedRoutes? _learned;
    private readonly Dictionary<string, double[]> _likelihood;
    private readonly Dictionary<string, int> _modelWords = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> _modelGrams = [];
    private readonly Dictionary<string, int[]> _termGrams = new(StringComparer.Ordinal);
    private readonly SoftmaxRegression? _model;

    /// <summary>Builds the router from the configured teams' hints.</summary>
    public HintRouter(TeamDirectory teams)
        : this(teams, HintRouterTuning.Default)
    {
    }

    /// <summary>Builds the router from the configured teams' hints and what it learned from moves.</summary>
    public HintRouter(TeamDirectory teams, LearnedRoutes learned)
        : this(teams, HintRouterTuning.Default, learned)
    {
    }

    // Routers trained in this process, by the hints they were trained on: building one trains the logistic
    // regression on every example (about a second), and every host of a test run, or a host rebuilt in the same
    // process, would otherwise train the same model again. Bounded: a handful of distinct configurations at most.
    private static readonly ConcurrentDictionary<string, Lazy<HintRouter>> Trained = new(StringComparer.Ordinal);
    private const int MostTrained = 16;

    /// <summary>
    /// The router for <paramref name="teams"/>' hints and what it learned from moves, sharing the trained hints with
    /// any router built in this process from the same hints (what it learned from moves is this instance's own).
    /// </summary>
    public static HintRouter Shared(TeamDirectory teams, LearnedRoutes learned)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var key = Fingerprint(teams);
        if (Trained.Count >= MostTrained && !Trained.ContainsKey(key))
        {
            Trained.Clear();
        }

        var trained = Trained.GetOrAdd(key, _ => new Lazy<HintRouter>(() => new HintRouter(teams, HintRouterTuning.Default))).Value;
        return new HintRouter(trained, teams, learned);
    }

    // Everything the router reads from the teams, hashed: equal hints give the same key.
    private static string Fingerprint(TeamDirectory teams)
    {
        var text = new StringBuilder();
        foreach (var team in teams.All)
        {
            var options = team.Options;
            text.Append(team.Id).Append('\u001e').Append(options.Name).Append('\u001e').Append(options.Description)
                .Append('\u001e').Append(team.Confidentiality).Append('\u001e');
            foreach (var keyword in options.Routing.Keywords)
            {
                text.Append(keyword).Append('\u001f');
            }

            text.Append('\u001e');
            foreach (var example in options.Routing.Examples)
            {
                text.Append(example).Append('\u001f');
            }

            text.Append('\u001d');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // A router with another's trained hints (same hints, see Fingerprint), this directory's teams and its own
    // learned moves.
    private HintRouter(HintRouter trained, TeamDirectory teams, LearnedRoutes? learned)
    {
        _tuning = trained._tuning;
        _teams = teams.All;
        _evidence = trained._evidence;
        _exampleIdf = trained._exampleIdf;
        _examples = trained._examples;
        _postings = trained._postings;
        _keywords = trained._keywords;
        _keywordsByFirstTerm = trained._keywordsByFirstTerm;
        _spelling = trained._spelling;
        _unseenIdf = trained._unseenIdf;
        _likelihood = trained._likelihood;
        _modelWords = trained._modelWords;
        _modelGrams = trained._modelGrams;
        _termGrams = trained._termGrams;
        _model = trained._model;
        _learned = learned;
    }

    internal HintRouter(TeamDirectory teams, HintRouterTuning tuning, LearnedRoutes? learned = null)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tuning.ModelGramMax, 4, nameof(tuning));
        _tuning = tuning;
        _learned = learned;
        _teams = teams.All;
        var count = _teams.Count;

        var weights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        void Add(string feature, int team, double weight)
        {
            if (!weights.TryGetValue(feature, out var perTeam))
            {
                perTeam = new double[count];
                weights[feature] = perTeam;
            }

            perTeam[team] += weight;
        }

        _keywords = new KeywordHint[count][];
        _keywordsByFirstTerm = new Dictionary<string, KeywordHint[]>[count];
        var allExamples = new List<ExampleHint>();
        var samples = new List<SoftmaxSample>();
        void Sample(IReadOnlyList<string> terms, int team, double weight)
        {
            if (weight > 0 && ModelFeatures(terms, Features(terms), grow: true) is { Features.Length: > 0 } vector)
            {
                samples.Add(new SoftmaxSample(vector.Features, vector.Values, team, weight));
            }
        }

        for (var t = 0; t < count; t++)
        {
            var options = _teams[t].Options;
            var descriptive = RoutingText.Tokenize(options.Name + " " + options.Description).Select(k => k.Term).ToList();
            foreach (var term in descriptive.Distinct())
            {
                Add(term, t, _tuning.DescriptionWeight);
            }

            Sample(descriptive, t, _tuning.ModelDescriptionWeight);

            var keywords = new List<KeywordHint>();
            foreach (var keyword in options.Routing.Keywords.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var terms = RoutingText.Tokenize(keyword).Select(k => k.Term).Distinct().ToArray();
                if (terms.Length == 0)
                {
                    continue;
                }

                Sample(terms, t, _tuning.ModelKeywordWeight);

                // A phrase whose other words are filler ("still has access", "access to") says less about its one
                // remaining word than a keyword that is that word.
                var words = keyword.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
                if (terms.Length == 1 && words > 1)
                {
                    Add(terms[0], t, _tuning.KeywordPartWeight);
                    continue;
                }

                keywords.Add(new KeywordHint(keyword.Trim().ToLowerInvariant(), terms, keywords.Count));
                if (terms.Length == 1)
                {
                    Add(terms[0], t, _tuning.KeywordWeight);
                    continue;
                }

                foreach (var term in terms)
                {
                    Add(term, t, _tuning.KeywordPartWeight);
                }

                foreach (var pair in Pairs(terms))
                {
                    Add(pair, t, _tuning.KeywordWeight);
                }
            }

            _keywords[t] = [.. keywords];
            _keywordsByFirstTerm[t] = keywords.GroupBy(k => k.Terms[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

            foreach (var example in options.Routing.Examples)
            {
                var exampleTerms = RoutingText.Tokenize(example).Select(k => k.Term).ToList();
                var features = Features(exampleTerms);
                if (features.Count == 0)
                {
                    continue;
                }

                Sample(exampleTerms, t, 1.0);

                allExamples.Add(new ExampleHint(example.Trim(), t, features));
                foreach (var feature in features)
                {
                    Add(feature, t, _tuning.ExampleWeight);
                }
            }
        }

        // A feature's evidence for a team is the team's share of it, shrunk towards zero when the hints use
        // the feature rarely: one example word is weak evidence, a keyword or a word many examples share is strong.
        _evidence = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (feature, perTeam) in weights)
        {
            var total = perTeam.Sum();
            var typeWeight = IsPair(feature) ? _tuning.PairWeight : 1.0;
            var context = !IsPair(feature) && RoutingText.IsPlaceWord(feature) ? _tuning.PlaceWeight : 1.0;
            var strength = context * typeWeight * total / (total + _tuning.Smoothing);
            _evidence[feature] = perTeam.Select(w => strength * w / total).ToArray();
        }

        _examples = [.. allExamples];
        var longestPosting = Math.Max(1, (int)(_tuning.SimilarityMaxShare * _examples.Length));
        _postings = Enumerable.Range(0, _examples.Length)
            .SelectMany(i => _examples[i].Features.Select(f => (Feature: f, Example: i)))
            .GroupBy(p => p.Feature, StringComparer.Ordinal)
            .Where(g => g.Count() <= longestPosting)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Example).ToArray(), StringComparer.Ordinal);
        _exampleIdf = allExamples
            .SelectMany(e => e.Features)
            .GroupBy(f => f, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Log((1.0 + allExamples.Count) / (1.0 + g.Count())) + 1.0, StringComparer.Ordinal);
        _unseenIdf = Math.Log(1.0 + allExamples.Count) + 1.0;
        foreach (var example in allExamples)
        {
            example.SquaredNorm = example.Features.Sum(f => _exampleIdf[f] * _exampleIdf[f]);
        }

        _spelling = BuildSpellingIndex(_evidence);
        _likelihood = BuildLikelihoods(weights, count, _tuning.BayesAlpha);
        if (_tuning.ModelWeight > 0)
        {
            _model = SoftmaxRegression.Train(samples, _modelWords.Count + _modelGrams.Count, count,
                new SoftmaxTraining(_tuning.ModelEpochs, _tuning.ModelLearningRate, _tuning.ModelL2, _tuning.ModelDropout));
        }
    }

    // The model's sparse input for a list of terms: its words and word pairs, and the character n-grams of its
    // words marked at both ends ("<pass", "word>": they carry "reimbursing" to "reimburse" and a typo to the word
    // it misspells), each block scaled to unit length so a long request weighs no more than a short one. At
    // construction unseen features get a number; when routing they are skipped.
    private (int[] Features, double[] Values) ModelFeatures(IReadOnlyList<string> terms, List<string> words, bool grow)
    {
        var features = new List<int>(words.Count * 8);
        var values = new List<double>(words.Count * 8);
        var value = 1.0 / Math.Sqrt(Math.Max(1, words.Count));
        foreach (var word in words)
        {
            if (!_modelWords.TryGetValue(word, out var index))
            {
                if (!grow)
                {
                    continue;
                }

                index = _modelWords.Count + _modelGrams.Count;
                _modelWords[word] = index;
            }

            features.Add(index);
            values.Add(value);
        }

        if (_tuning.ModelGramWeight <= 0)
        {
            return ([.. features], [.. values]);
        }

        var firstGram = features.Count;
        var total = 0;
        var seen = new HashSet<int>();
        foreach (var term in terms.Distinct())
        {
            // A term the hints use has its n-grams numbered once, at construction; only a new word is cut up here.
            if (!_termGrams.TryGetValue(term, out var known))
            {
                known = TermGrams(term, grow, ref total);
                if (grow)
                {
                    _termGrams[term] = known;
                }
            }
            else
            {
                total += known.Length;
            }

            // An n-gram two words share ("<pass" of password and passport) counts once.
            foreach (var gram in known)
            {
                if (seen.Add(gram))
                {
                    features.Add(gram);
                }
                else
                {
                    total--;
                }
            }
        }

        var gramValue = _tuning.ModelGramWeight / Math.Sqrt(Math.Max(1, total));
        for (var k = firstGram; k < features.Count; k++)
        {
            values.Add(gramValue);
        }

        return ([.. features], [.. values]);
    }

    // The numbers of a term's character n-grams, the term marked at both ends ("<pass", "ord>"); counts every
    // n-gram in total, also those the hints never use (which get a number only at construction).
    private int[] TermGrams(string term, bool grow, ref int total)
    {
        var numbers = new List<int>();
        var length = term.Length + 2;
        for (var n = _tuning.ModelGramMin; n <= _tuning.ModelGramMax; n++)
        {
            for (var i = 0; i + n <= length; i++)
            {
                // Up to four UTF-16 characters packed into 64 bits: a key with no string to hash and no collisions.
                var key = 0UL;
                for (var c = i; c < i + n; c++)
                {
                    key = (key << 16) | (c == 0 ? '<' : c == length - 1 ? '>' : term[c - 1]);
                }

                total++;
                if (_modelGrams.TryGetValue(key, out var index))
                {
                    numbers.Add(index);
                }
                else if (grow)
                {
                    index = _modelWords.Count + _modelGrams.Count;
                    _modelGrams[key] = index;
                    numbers.Add(index);
                }
            }
        }

        return [.. numbers];
    }

    // Naive Bayes over the same hint features: for each feature, log P(feature | team) with add-alpha smoothing.
    // Where the shared-evidence score counts how exclusively a word belongs to one team, this counts how often each
    // team's hints use it, so a word all teams use now and then still leans to the team that uses it most.
    private static Dictionary<string, double[]> BuildLikelihoods(Dictionary<string, double[]> weights, int count, double alpha)
    {
        var totals = new double[count];
        foreach (var perTeam in weights.Values)
        {
            for (var t = 0; t < count; t++)
            {
                totals[t] += perTeam[t];
            }
        }

        var vocabulary = weights.Count;
        var likelihood = new Dictionary<string, double[]>(weights.Count, StringComparer.Ordinal);
        foreach (var (feature, perTeam) in weights)
        {
            var logs = new double[count];
            for (var t = 0; t < count; t++)
            {
                logs[t] = Math.Log((perTeam[t] + alpha) / (totals[t] + (alpha * vocabulary)));
            }

            likelihood[feature] = logs;
        }

        return likelihood;
    }

    // The naive Bayes posterior over the teams (equal priors), its log-likelihoods divided by the temperature so
    // that a long request's many weak words do not make it certain.
    private double[] Posterior(List<string> features)
    {
        var count = _teams.Count;
        var logs = new double[count];
        var any = false;
        foreach (var feature in features)
        {
            if (!_likelihood.TryGetValue(feature, out var perTeam))
            {
                continue;
            }

            any = true;
            for (var t = 0; t < count; t++)
            {
                logs[t] += perTeam[t];
            }
        }

        if (!any)
        {
            Array.Clear(logs);
            return logs;
        }

        var max = logs.Max();
        var sum = 0.0;
        for (var t = 0; t < count; t++)
        {
            logs[t] = Math.Exp((logs[t] - max) / _tuning.BayesTemperature);
            sum += logs[t];
        }

        for (var t = 0; t < count; t++)
        {
            logs[t] /= sum;
        }

        return logs;
    }

    /// <inheritdoc />
    public RoutingDecision Route(string text)
    {
        var tokens = Correct(RoutingText.Tokenize(text ?? ""));
        var terms = tokens.Select(t => t.Term).ToList();
        var features = Features(terms);
        // Terms only ever seen as a place ("by the kitchen"); a term also used otherwise counts in full.
        var places = tokens.Any(t => t.Place)
            ? tokens.Where(t => t.Place).Select(t => t.Term)
                .Except(tokens.Where(t => !t.Place).Select(t => t.Term), StringComparer.Ordinal)
                .ToHashSet(StringComparer.Ordinal)
            : [];
        var corrected = tokens.Any(t => t.Corrected) ? tokens.Where(t => t.Corrected).Select(t => t.Term).ToHashSet(StringComparer.Ordinal) : null;
        var count = _teams.Count;
        var scores = new double[count];
        var known = false;
        foreach (var feature in features)
        {
            if (!_evidence.TryGetValue(feature, out var evidence))
            {
                continue;
            }

            known = true;
            var weight = corrected is not null && corrected.Contains(feature) ? _tuning.SpellingWeight : 1.0;
            // A pair the hints use ("bank details") says what the request is about even when half of it is a place.
            if (places.Contains(feature))
            {
                weight *= _tuning.PlacePhraseWeight;
            }

            for (var t = 0; t < count; t++)
            {
                scores[t] += weight * evidence[t];
            }
        }

        var similar = MostSimilarExamples(features);
        for (var t = 0; t < count; t++)
        {
            scores[t] += _tuning.SimilarityWeight * similar[t].Similarity;
        }

        // What the hint words and examples alone say; the bars for proposing without asking are checked on it, so
        // the naive Bayes and logistic regression terms below help choose between teams but never by themselves
        // make a vague request certain.
        var evidenceScores = (double[])scores.Clone();
        if (_tuning.BayesWeight > 0)
        {
            var posterior = Posterior(features);
            for (var t = 0; t < count; t++)
            {
                scores[t] += _tuning.BayesWeight * posterior[t];
            }
        }

        // The logistic regression weighs the same words, pairs and the words' character n-grams against each other,
        // as trained on the hints; its class probabilities (0..1) add to the scores like the naive Bayes posterior.
        var probabilities = new double[count];
        if (_model is not null)
        {
            var (modelFeatures, values) = ModelFeatures(terms, features, grow: false);
            _model.Probabilities(modelFeatures, values, probabilities);
            for (var t = 0; t < count; t++)
            {
                scores[t] += _tuning.ModelWeight * probabilities[t];
            }
        }

        var learned = MostSimilarLearned(tokens);
        var hintScores = (double[])scores.Clone();
        for (var t = 0; t < count; t++)
        {
            if (learned[t].Route is null)
            {
                continue;
            }

            known = true;
            scores[t] += _tuning.LearnedWeight * learned[t].Similarity;
            // A near-repeat of a request an agent moved goes where the agent sent it, whatever the hints say: the
            // agent saw the whole ticket, the hints are a guess.
            if (learned[t].Similarity >= _tuning.LearnedOverride)
            {
                scores[t] = Math.Max(scores[t], hintScores.Where((_, other) => other != t).DefaultIfEmpty(0).Max() + _tuning.LearnedMargin);
            }
        }

        if (!known)
        {
            return new RoutingDecision(null, 0, [], ["no words matched any team's routing hints"]);
        }

        var max = Math.Max(scores.Max(), _tuning.NoTeamScore);
        var exp = scores.Select(s => Math.Exp(_tuning.Sharpness * (s - max))).ToArray();
        var denominator = exp.Sum() + Math.Exp(_tuning.Sharpness * (_tuning.NoTeamScore - max));
        var ranked = Rank(scores);
        var hintBest = Rank(hintScores)[0];

        var best = ranked[0];
        var confidence = Math.Round(exp[best] / denominator, 3);
        var alternatives = ranked.Skip(1)
            .Where(t => scores[t] > 0)
            .Select(t => new RoutingAlternative(_teams[t].Id, Math.Round(exp[t] / denominator, 3)))
            .ToList();

        var reasons = new List<string>();
        if (learned[best].Route is { } route)
        {
            var from = _teams.FirstOrDefault(t => t.Id == route.FromTeamId)?.Name ?? route.FromTeamId;
            reasons.Add(best != hintBest
                ? $"learned from a move of #{route.Ticket}: a similar request was moved from {from} to {_teams[best].Name}"
                : $"also like #{route.Ticket}, which was moved here from {from}");
        }

        var matchedKeywords = AddHintReasons(reasons, best, tokens, terms, similar[best]);
        if (confidence >= RoutingDecision.AskThreshold && RequiresAsking(best, evidenceScores, confidence, matchedKeywords, similar[best].Similarity, learned[best].Route is not null, CountDistinct(terms)) is { } why)
        {
            // Asking costs the requester one click; proposing the wrong team (or a confidential one for a vague
            // request) costs a misfiled ticket, so below these bars the router offers the teams instead.
            confidence = Math.Min(confidence, AskCap);
            reasons.Add(why);
        }

        if (confidence < RoutingDecision.AskThreshold && alternatives.Count > 0 && alternatives[0].Confidence >= confidence / 2)
        {
            reasons.Add($"close call with {_teams[ranked[1]].Name}");
        }

        return new RoutingDecision(_teams[best].Id, confidence, alternatives, reasons);
    }

    // The bars a proposal without asking must clear besides the confidence: enough words that point at the team, and
    // for a confidential team clear evidence (its keywords, a close example or a learned move; for a request of a few
    // words, a close example), because proposing it for a vague request would show the requester a confidential team
    // for what may be nothing of the kind.
    private string? RequiresAsking(int team, double[] scores, double confidence, int matchedKeywords, double similarity, bool learned, int terms)
    {
        if (learned)
        {
            return null;
        }

        if (scores[team] < _tuning.MinimumEvidence)
        {
            return "asks first: few words point at any one team";
        }

        if (confidence < _tuning.AnswerThreshold)
        {
            return "asks first: not sure enough to choose for the requester";
        }

        if (_teams[team].Confidentiality == Requests.Confidentiality.Confidential &&
            (confidence < _tuning.ConfidentialThreshold || scores[team] < _tuning.ConfidentialEvidence ||
             (matchedKeywords == 0 && similarity < SimilarReasonThreshold) ||
             (terms <= _tuning.ConfidentialShortRequest && similarity < _tuning.ConfidentialShortSimilarity)))
        {
            return $"asks first: {_teams[team].Name} is confidential and the request doesn't clearly say it is theirs";
        }

        return null;
    }

    private static int CountDistinct(List<string> terms) => new HashSet<string>(terms, StringComparer.Ordinal).Count;

    // A plain loop: this runs for the chosen team's candidate keywords on every turn.
    private static bool AllPresent(string[] terms, HashSet<string> present)
    {
        foreach (var term in terms)
        {
            if (!present.Contains(term))
            {
                return false;
            }
        }

        return true;
    }

    private List<int> Rank(double[] scores) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(t => scores[t]).ThenBy(t => t).ToList();

    // For each team, its learned example sharing the largest part of the longer term list (confidential examples
    // keep hashed terms, compared with the request's terms hashed the same way).
    private (LearnedRoute? Route, double Similarity)[] MostSimilarLearned(List<CorrectedToken> tokens)
    {
        var best = new (LearnedRoute? Route, double Similarity)[_teams.Count];
        var routes = _learned?.Current ?? [];
        if (routes.Count == 0)
        {
            return best;
        }

        var plain = tokens.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        HashSet<string>? hashed = null;
        foreach (var route in routes)
        {
            var team = IndexOf(route.TeamId);
            if (team < 0 || route.Terms.Count == 0)
            {
                continue;
            }

            var query = route.Hashed ? hashed ??= plain.Select(LearnedRoutes.Hash).ToHashSet(StringComparer.Ordinal) : plain;
            var shared = route.Terms.Count(query.Contains);
            var similarity = (double)shared / Math.Max(query.Count, route.Terms.Count);
            if (similarity >= _tuning.LearnedThreshold && similarity > best[team].Similarity)
            {
                best[team] = (route, similarity);
            }
        }

        return best;
    }

    private int IndexOf(string teamId)
    {
        for (var t = 0; t < _teams.Count; t++)
        {
            if (string.Equals(_teams[t].Id, teamId, StringComparison.OrdinalIgnoreCase))
            {
                return t;
            }
        }

        return -1;
    }

    private int AddHintReasons(List<string> reasons, int team, List<CorrectedToken> tokens, List<string> terms, (ExampleHint? Example, double Similarity) similar)
    {
        var before = reasons.Count;
        var present = terms.ToHashSet(StringComparer.Ordinal);
        var matched = present
            .SelectMany(term => _keywordsByFirstTerm[team].GetValueOrDefault(term, []))
            .Where(k => AllPresent(k.Terms, present))
            .OrderBy(k => k.Order)
            .DistinctBy(k => string.Join(' ', k.Terms.Order(StringComparer.Ordinal)))
            .ToList();
        var covered = matched.SelectMany(k => k.Terms).ToHashSet(StringComparer.Ordinal);
        if (matched.Count > 0)
        {
            reasons.Add("matched keywords: " + string.Join(", ", matched.Select(k => k.Text)));
        }

        var related = tokens
            .Where(t => !covered.Contains(t.Term) && _evidence.TryGetValue(t.Term, out var e) && e[team] >= RelatedWordThreshold)
            .Select(t => t.Surface)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (related.Count > 0)
        {
            reasons.Add("related words: " + string.Join(", ", related));
        }

        if (similar.Example is not null && similar.Similarity >= SimilarReasonThreshold)
        {
            reasons.Add($"similar to the example '{similar.Example.Text}'");
        }

        if (reasons.Count == before)
        {
            reasons.Add($"weak match on words {_teams[team].Name} hints also use");
        }

        return matched.Count;
    }

    // For each team, its example sharing the largest part of the longer text's weight (idf-weighted words and
    // pairs): a one-word request is never very similar to a sentence. Walks an inverted index, not every example,
    // with a per-thread buffer: routing runs on every turn. Features most examples share have no postings (see
    // SimilarityMaxShare): they still count in the lengths, but walking their long lists would cost more than
    // their small weight tells.
    private (ExampleHint? Example, double Similarity)[] MostSimilarExamples(List<string> features)
    {
        // This thread's buffer is all zeros between calls (the entries reached are cleared below), so routing does
        // not clear one entry per example; Route never awaits, so no other call on this thread can be inside.
        if (t_dots is null || t_dots.Length < _examples.Length)
        {
            t_dots = new double[_examples.Length];
        }

        var dots = t_dots;
        var touched = ArrayPool<int>.Shared.Rent(_examples.Length);
        var reached = 0;
        var querySquaredNorm = 0.0;
        foreach (var feature in features)
        {
            var idf = _exampleIdf.GetValueOrDefault(feature, _unseenIdf);
            querySquaredNorm += idf * idf;
            if (_postings.TryGetValue(feature, out var examples))
            {
                foreach (var e in examples)
                {
                    // Every idf is at least 1, so a zero dot product is an example not reached yet.
                    if (dots[e] == 0)
                    {
                        touched[reached++] = e;
                    }

                    dots[e] += idf * idf;
                }
            }
        }

        var best = new (ExampleHint? Example, double Similarity)[_teams.Count];
        var bestIndex = new int[_teams.Count];
        for (var k = 0; k < reached; k++)
        {
            var e = touched[k];
            var example = _examples[e];
            var similarity = dots[e] / Math.Max(querySquaredNorm, example.SquaredNorm);
            ref var current = ref best[example.Team];
            if (similarity > current.Similarity || (similarity == current.Similarity && current.Example is not null && e < bestIndex[example.Team]))
            {
                current = (example, similarity);
                bestIndex[example.Team] = e;
            }
        }

        for (var k = 0; k < reached; k++)
        {
            dots[touched[k]] = 0;
        }

        ArrayPool<int>.Shared.Return(touched);
        return best;
    }

    // Typos: a word the hints never use, one edit away from one they do, counts as that word (a little less).
    private List<CorrectedToken> Correct(List<RoutingToken> tokens)
    {
        var corrected = new List<CorrectedToken>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token.Term.Length >= 5 && !_evidence.ContainsKey(token.Term) && Suggest(token.Term) is { } suggestion)
            {
                corrected.Add(new CorrectedToken(suggestion, token.Surface, true, token.Place));
            }
            else
            {
                corrected.Add(new CorrectedToken(token.Term, token.Surface, false, token.Place));
            }
        }

        return corrected;
    }

    // Candidates one typo away: a letter missing, a letter too many, or two neighbouring letters swapped.
    // Substituted letters are not corrected: they turn real words into other real words ("design", "resign").
    private string? Suggest(string term)
    {
        // Keys are built in one buffer and looked up as spans: a request's unknown words cost no strings.
        var lookup = _spelling.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = term.Length + 2 <= 64 ? stackalloc char[term.Length + 2] : new char[term.Length + 2];
        string? best = null;
        void Consider(ReadOnlySpan<char> candidateKey)
        {
            if (lookup.TryGetValue(candidateKey, out var candidate) && (best is null || Prefer(candidate, best)))
            {
                best = candidate;
            }
        }

        SwapKey.CopyTo(key);
        term.CopyTo(key[2..]);
        Consider(key);
        MissingLetterKey.CopyTo(key);
        Consider(key);
        WordKey.CopyTo(key);
        for (var i = 0; i < term.Length; i++)
        {
            // The term without its i-th letter.
            term.AsSpan(0, i).CopyTo(key[2..]);
            term.AsSpan(i + 1).CopyTo(key[(2 + i)..]);
            Consider(key[..^1]);
        }

        return best;
    }

    private bool Prefer(string candidate, string current)
    {
        var a = _evidence[candidate].Sum();
        var b = _evidence[current].Sum();
        return a > b || (a == b && string.CompareOrdinal(candidate, current) < 0);
    }

    private static Dictionary<string, string> BuildSpellingIndex(Dictionary<string, double[]> evidence)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string term)
        {
            if (!index.TryGetValue(key, out var existing) || evidence[term].Sum() > evidence[existing].Sum())
            {
                index[key] = term;
            }
        }

        foreach (var term in evidence.Keys.Where(k => !IsPair(k) && k.Length >= 4).Order(StringComparer.Ordinal))
        {
            Add(WordKey + term, term);
            foreach (var deletion in Deletions(term))
            {
                Add(MissingLetterKey + deletion, term);
            }

            foreach (var swap in Swaps(term))
            {
                Add(SwapKey + swap, term);
            }
        }

        return index;
    }

    private static IEnumerable<string> Deletions(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            yield return string.Concat(term.AsSpan(0, i), term.AsSpan(i + 1));
        }
    }

    private static IEnumerable<string> Swaps(string term)
    {
        for (var i = 0; i + 1 < term.Length; i++)
        {
            if (term[i] != term[i + 1])
            {
                var chars = term.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                yield return new string(chars);
            }
        }
    }

    // Distinct terms and pairs in the order they occur, so sums run in the same order on every run.
    private List<string> Features(IReadOnlyList<string> terms)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return terms.Concat(Pairs(terms)).Where(seen.Add).ToList();
    }

    private IEnumerable<string> Pairs(IReadOnlyList<string> terms)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            for (var j = i + 1; j <= i + _tuning.PairWindow && j < terms.Count; j++)
            {
                if (terms[i] != terms[j])
                {
                    yield return string.CompareOrdinal(terms[i], terms[j]) < 0 ? terms[i] + " " + terms[j] : terms[j] + " " + terms[i];
                }
            }
        }
    }

    private static bool IsPair(string feature) => feature.Contains(' ');

    private sealed record KeywordHint(string Text, string[] Terms, int Order);

    private sealed class ExampleHint(string text, int team, List<string> features)
    {
        public string Text { get; } = text;

        public int Team { get; } = team;

        public List<string> Features { get; } = features;

        public double SquaredNorm { get; set; }
    }

    private readonly record struct CorrectedToken(string Term, string Surface, bool Corrected, bool Place);
}

namespace Switchboard.Core.Routing;

/// <summary>
/// The weights <see cref="HintRouter"/> scores with, chosen by measuring top-1 accuracy and the share of proposals
/// without asking that are right with each separate writer's examples left out (leave-one-writer-out), in ten-fold
/// cross-validation over the configured examples and on the repository's development and held-out sets (see the
/// routing evaluation tests).
/// </summary>
internal sealed record HintRouterTuning
{
    /// <summary>The weights the router ships with.</summary>
    public static HintRouterTuning Default { get; } = new();

    /// <summary>Weight of a one-word keyword, and of the word pair of a multi-word keyword.</summary>
    public double KeywordWeight { get; init; } = 5.0;

    /// <summary>Weight of each single word of a multi-word keyword.</summary>
    public double KeywordPartWeight { get; init; } = 1.5;

    /// <summary>Weight of a word of the team's name or description.</summary>
    public double DescriptionWeight { get; init; } = 1.5;

    /// <summary>Weight of a word or word pair of an example request.</summary>
    public double ExampleWeight { get; init; } = 1.0;

    /// <summary>Multiplier for word-pair evidence relative to single words.</summary>
    public double PairWeight { get; init; } = 1.0;

    /// <summary>Pseudo-count shrinking the evidence of features the hints rarely use.</summary>
    public double Smoothing { get; init; } = 2.0;

    /// <summary>Weight of the best example's similarity (0..1) added to a team's score.</summary>
    public double SimilarityWeight { get; init; } = 1.5;

    /// <summary>
    /// Share of the examples above which a feature is not walked when finding the most similar example: words that
    /// common weigh little in the similarity and walking their lists is most of its cost. 1 walks every feature.
    /// </summary>
    public double SimilarityMaxShare { get; init; } = 0.02;

    /// <summary>Softmax inverse temperature: higher makes confidence swing faster with the score gap.</summary>
    public double Sharpness { get; init; } = 0.7;

    /// <summary>Score of the implicit "no team" option; requests scoring near it are not confident.</summary>
    public double NoTeamScore { get; init; } = 0.75;

    /// <summary>Evidence multiplier for a word that says where something happens ("floor", "office"), not what.</summary>
    public double PlaceWeight { get; init; } = 0.35;

    /// <summary>Evidence multiplier for the words right after "in", "on", "by", "near"...: where, not what.</summary>
    public double PlacePhraseWeight { get; init; } = 0.5;

    /// <summary>Evidence multiplier for a word matched only after correcting a typo.</summary>
    public double SpellingWeight { get; init; } = 0.8;

    /// <summary>Weight of the most similar learned example's similarity (0..1) added to its team's score.</summary>
    public double LearnedWeight { get; init; } = 4.0;

    /// <summary>How much of the longer term list a learned example must share with a request to count.</summary>
    public double LearnedThreshold { get; init; } = 0.5;

    /// <summary>Similarity from which a learned example decides: its team then leads every other by <see cref="LearnedMargin"/>.</summary>
    public double LearnedOverride { get; init; } = 0.75;

    /// <summary>How far ahead a deciding learned example puts its team.</summary>
    public double LearnedMargin { get; init; } = 1.0;

    /// <summary>The least score a team needs to be proposed without asking.</summary>
    public double MinimumEvidence { get; init; } = 1.0;

    /// <summary>
    /// The least confidence for proposing any team without asking: above <see cref="RoutingDecision.AskThreshold"/>,
    /// so that what is proposed is right at least 95 % of the time on requests the hints were not written from
    /// (95.2 % with a writer's examples left out; the requester is asked for about a third of those requests).
    /// </summary>
    public double AnswerThreshold { get; init; } = 0.88;

    /// <summary>The least confidence for proposing a confidential team without asking.</summary>
    public double ConfidentialThreshold { get; init; } = 0.7;

    /// <summary>
    /// Requests of at most this many words (after filler) are proposed to a confidential team without asking only
    /// when an example is this close (<see cref="ConfidentialShortSimilarity"/>): one keyword of a few words can mean
    /// two things ("can I take this with me when I leave?"). Chosen on two vague-only sets from separate writers
    /// (vague requests proposed to HR 3 and 7 → 1 and 1) against the development sets (HR proposed without asking
    /// 47 → 43 of 54 on routing-dev-2; what is proposed stays right 99 %).
    /// </summary>
    public int ConfidentialShortRequest { get; init; } = 3;

    /// <summary>How close an example must be for a short request to be proposed to a confidential team without asking.</summary>
    public double ConfidentialShortSimilarity { get; init; } = 0.5;

    /// <summary>The least score for proposing a confidential team without asking.</summary>
    public double ConfidentialEvidence { get; init; } = 1.5;

    /// <summary>Weight of the naive Bayes posterior (0..1) added to each team's score.</summary>
    public double BayesWeight { get; init; } = 3.0;

    /// <summary>Add-alpha smoothing of the naive Bayes feature counts.</summary>
    public double BayesAlpha { get; init; } = 0.1;

    /// <summary>Divides the naive Bayes log-likelihoods: above 1 the posterior is less sure of itself.</summary>
    public double BayesTemperature { get; init; } = 3.0;

    /// <summary>Weight of the logistic regression's class probabilities (0..1) added to each team's score; 0 turns it off.</summary>
    public double ModelWeight { get; init; } = 3.0;

    /// <summary>Share of a training text's features the logistic regression leaves out at random on each pass.</summary>
    public double ModelDropout { get; init; } = 0.5;

    /// <summary>Passes of the logistic regression's training over the hints.</summary>
    public int ModelEpochs { get; init; } = 20;

    /// <summary>AdaGrad's base step in the logistic regression's training.</summary>
    public double ModelLearningRate { get; init; } = 0.5;

    /// <summary>L2 penalty of the logistic regression's weights.</summary>
    public double ModelL2 { get; init; } = 3e-3;

    /// <summary>How much a keyword counts as a training text of the logistic regression, relative to an example.</summary>
    public double ModelKeywordWeight { get; init; } = 1.0;

    /// <summary>How much a team's name and description count as a training text, relative to an example.</summary>
    public double ModelDescriptionWeight { get; init; } = 1.0;

    /// <summary>Length of the character n-gram block relative to the word block in the model's input; 0 leaves n-grams out.</summary>
    public double ModelGramWeight { get; init; } = 1.0;

    /// <summary>Shortest character n-gram of a word the model reads.</summary>
    public int ModelGramMin { get; init; } = 3;

    /// <summary>Longest character n-gram of a word the model reads: at most 4 (an n-gram is kept as a 64-bit key).</summary>
    public int ModelGramMax { get; init; } = 4;

    /// <summary>How many words apart two words may be to form a pair.</summary>
    public int PairWindow { get; init; } = 2;
}

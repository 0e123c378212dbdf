namespace Switchboard.Core.Routing;

/// <summary>
/// The weights <see cref="HintRouter"/> scores with, chosen by measuring leave-one-out accuracy over the configured
/// examples and the calibration of off-topic requests (see the routing evaluation tests).
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

    /// <summary>Softmax inverse temperature: higher makes confidence swing faster with the score gap.</summary>
    public double Sharpness { get; init; } = 3.0;

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
    /// so that what is proposed is right at least 95 % of the time on requests the hints were not written from.
    /// </summary>
    public double AnswerThreshold { get; init; } = 0.65;

    /// <summary>The least confidence for proposing a confidential team without asking.</summary>
    public double ConfidentialThreshold { get; init; } = 0.7;

    /// <summary>The least score for proposing a confidential team without asking.</summary>
    public double ConfidentialEvidence { get; init; } = 1.5;

    /// <summary>Weight of the naive Bayes posterior (0..1) added to each team's score.</summary>
    public double BayesWeight { get; init; } = 3.0;

    /// <summary>Add-alpha smoothing of the naive Bayes feature counts.</summary>
    public double BayesAlpha { get; init; } = 0.1;

    /// <summary>Divides the naive Bayes log-likelihoods: above 1 the posterior is less sure of itself.</summary>
    public double BayesTemperature { get; init; } = 3.0;

    /// <summary>How many words apart two words may be to form a pair.</summary>
    public int PairWindow { get; init; } = 2;
}

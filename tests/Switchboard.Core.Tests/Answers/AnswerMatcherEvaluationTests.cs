using Switchboard.Core.Answers;
using Xunit.Abstractions;

namespace Switchboard.Core.Tests.Answers;

/// <summary>
/// Measures answer retrieval on the shipped answers: precision of the first suggestion on a held-out set written
/// before the matcher (never tuned on), and that requests no answer helps get nothing.
/// </summary>
public sealed class AnswerMatcherEvaluationTests(ITestOutputHelper output)
{
    private const double HeldOutPrecisionFloor = 0.9;
    private const double HeldOutRecallFloor = 0.75;
    private const double HeldOutSilenceFloor = 0.8;

    [Fact]
    public void Find_DevelopmentSet_ReportsItsNumbers()
    {
        var result = AnswerEvaluation.Evaluate(new AnswerMatcher(AnswerEvaluation.Shipped()), AnswerEvaluation.Load("dev-answers.tsv"));

        output.WriteLine("dev: " + result.Describe());
        Assert.True(result.Precision >= 0.9, result.Describe());
    }

    [Fact]
    public void Find_HeldOutSet_ReportsItsNumbers()
    {
        var cases = AnswerEvaluation.Load("heldout-answers.tsv");
        var result = AnswerEvaluation.Evaluate(new AnswerMatcher(AnswerEvaluation.Shipped()), cases);

        output.WriteLine("held-out: " + result.Describe());
        Assert.True(cases.Count >= 100, $"The held-out set should have at least 100 requests, has {cases.Count}.");
        // Measured when first run (the matcher tuned on the dev set only): precision 91.1% (72/79), recall 80.0%
        // (72/90), no suggestion for 83.3% of the requests no answer helps. The bars sit just under those.
        Assert.True(result.Precision >= HeldOutPrecisionFloor, $"Held-out precision {result.Precision:P1} is below {HeldOutPrecisionFloor:P0}.");
        Assert.True(result.Recall >= HeldOutRecallFloor, $"Held-out recall {result.Recall:P1} is below {HeldOutRecallFloor:P0}.");
        Assert.True(result.Silence >= HeldOutSilenceFloor, $"Held-out silence {result.Silence:P1} is below {HeldOutSilenceFloor:P0}.");
    }

    [Theory]
    [InlineData("what's for lunch in the canteen today")]
    [InlineData("hello")]
    [InlineData("thanks, that was great")]
    [InlineData("who won the football last night")]
    [InlineData("can you recommend a good restaurant near the office")]
    [InlineData("the quarterly sales numbers look strong")]
    public void Find_UnrelatedRequest_SuggestsNothing(string text)
    {
        Assert.Empty(new AnswerMatcher(AnswerEvaluation.Shipped()).Find(text));
    }
}

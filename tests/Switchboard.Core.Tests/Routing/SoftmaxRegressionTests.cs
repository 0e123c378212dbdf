using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Routing;

public sealed class SoftmaxRegressionTests
{
    private static readonly SoftmaxTraining Training = new(Epochs: 20, LearningRate: 0.5, L2: 1e-2, Dropout: 0.5);

    // Features 0-1 belong to class 0, 2-3 to class 1, 4-5 to class 2; feature 6 appears in every class.
    private static List<SoftmaxSample> Samples() =>
    [
        .. Enumerable.Range(0, 3).SelectMany(c => new[]
        {
            new SoftmaxSample([2 * c, 6], [0.7, 0.7], c, 1.0),
            new SoftmaxSample([(2 * c) + 1, 6], [0.7, 0.7], c, 1.0),
            new SoftmaxSample([2 * c, (2 * c) + 1], [0.7, 0.7], c, 1.0),
        }),
    ];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    public void Train_FeaturesOfOneClass_PredictsThatClass(int feature, int expected)
    {
        var model = SoftmaxRegression.Train(Samples(), featureCount: 7, classes: 3, Training);
        var probabilities = new double[3];

        model.Probabilities([feature], [1.0], probabilities);

        Assert.Equal(expected, Array.IndexOf(probabilities, probabilities.Max()));
        Assert.True(probabilities[expected] > 0.6, $"p = {probabilities[expected]:0.000}");
        Assert.Equal(1.0, probabilities.Sum(), precision: 9);
    }

    [Fact]
    public void Train_FeatureEveryClassUses_SaysLessThanAnyClassesOwnFeature()
    {
        var model = SoftmaxRegression.Train(Samples(), featureCount: 7, classes: 3, Training);
        var shared = new double[3];
        var own = new double[3];

        model.Probabilities([6], [1.0], shared);

        for (var c = 0; c < 3; c++)
        {
            model.Probabilities([2 * c], [1.0], own);
            Assert.True(shared.Max() < own[c], $"shared {shared.Max():0.000}, class {c}'s own feature {own[c]:0.000}");
        }
    }

    // The shuffle and the dropout come from a fixed seed: the same samples give the same model on every run.
    [Fact]
    public void Train_SameSamplesTwice_GivesIdenticalModels()
    {
        var first = SoftmaxRegression.Train(Samples(), featureCount: 7, classes: 3, Training);
        var second = SoftmaxRegression.Train(Samples(), featureCount: 7, classes: 3, Training);
        var a = new double[3];
        var b = new double[3];

        for (var feature = 0; feature < 7; feature++)
        {
            first.Probabilities([feature], [1.0], a);
            second.Probabilities([feature], [1.0], b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Train_NoSamples_GivesEqualProbabilities()
    {
        var model = SoftmaxRegression.Train([], featureCount: 0, classes: 4, Training);
        var probabilities = new double[4];

        model.Probabilities([], [], probabilities);

        Assert.All(probabilities, p => Assert.Equal(0.25, p, precision: 9));
    }
}

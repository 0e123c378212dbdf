namespace Switchboard.Core.Routing;

/// <summary>One training text for <see cref="SoftmaxRegression"/>: its sparse features, its class and how much it counts.</summary>
internal readonly record struct SoftmaxSample(int[] Features, double[] Values, int Label, double Weight);

/// <summary>How <see cref="SoftmaxRegression"/> is trained.</summary>
/// <param name="Epochs">Passes over the samples.</param>
/// <param name="LearningRate">AdaGrad's base step.</param>
/// <param name="L2">L2 penalty per unit of sample weight, applied to the weights a sample touches.</param>
/// <param name="Dropout">Share of a sample's features left out at random on each pass (0 keeps all).</param>
internal readonly record struct SoftmaxTraining(int Epochs, double LearningRate, double L2, double Dropout = 0);

/// <summary>
/// Multinomial logistic regression over sparse features: one weight per (feature, class) and a bias per class,
/// trained by AdaGrad stochastic gradient descent with L2 on the weights each sample touches. Where naive Bayes
/// counts how often each class uses a feature, this weighs features against each other: a word that only ever
/// appears beside a stronger one learns little, a word that alone separates two teams learns much. Training runs
/// in a fixed order with a fixed-seed shuffle, single-threaded, so the same samples give the same model on every run.
/// </summary>
internal sealed class SoftmaxRegression
{
    private readonly int _classes;
    // Kept as floats once trained: half the memory, and routing only reads them.
    private readonly float[] _weights;
    private readonly double[] _bias;

    private SoftmaxRegression(int classes, float[] weights, double[] bias)
    {
        _classes = classes;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Trains a model for <paramref name="classes"/> classes over features numbered below <paramref name="featureCount"/>.</summary>
    public static SoftmaxRegression Train(IReadOnlyList<SoftmaxSample> samples, int featureCount, int classes, SoftmaxTraining training)
    {
        var weights = new double[featureCount * classes];
        var bias = new double[classes];
        var squared = new double[featureCount * classes];
        var biasSquared = new double[classes];
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var probabilities = new double[classes];
        var longest = samples.Count == 0 ? 0 : samples.Max(s => s.Features.Length);
        var kept = new int[longest];
        var keptValues = new double[longest];
        var random = new SplitMix(0x5EED);
        const double Epsilon = 1e-8;
        for (var epoch = 0; epoch < training.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var s in order)
            {
                var sample = samples[s];
                var length = random.Keep(sample, training.Dropout, kept, keptValues);
                var features = kept.AsSpan(0, length);
                var values = keptValues.AsSpan(0, length);
                Probabilities(weights, bias, classes, features, values, probabilities);
                for (var c = 0; c < classes; c++)
                {
                    // d(loss)/d(logit c) = p(c) - [c is the label], scaled by how much the sample counts.
                    var error = sample.Weight * (probabilities[c] - (c == sample.Label ? 1.0 : 0.0));
                    biasSquared[c] += error * error;
                    bias[c] -= training.LearningRate * error / (Math.Sqrt(biasSquared[c]) + Epsilon);
                    for (var k = 0; k < features.Length; k++)
                    {
                        var i = (features[k] * classes) + c;
                        var gradient = (error * values[k]) + (training.L2 * sample.Weight * weights[i]);
                        squared[i] += gradient * gradient;
                        weights[i] -= training.LearningRate * gradient / (Math.Sqrt(squared[i]) + Epsilon);
                    }
                }
            }
        }

        return new SoftmaxRegression(classes, Array.ConvertAll(weights, w => (float)w), bias);
    }

    /// <summary>Writes the class probabilities for a sparse feature vector into <paramref name="probabilities"/>.</summary>
    public void Probabilities(ReadOnlySpan<int> features, ReadOnlySpan<double> values, Span<double> probabilities)
    {
        _bias.CopyTo(probabilities);
        for (var k = 0; k < features.Length; k++)
        {
            var row = _weights.AsSpan(features[k] * _classes, _classes);
            for (var c = 0; c < _classes; c++)
            {
                probabilities[c] += values[k] * row[c];
            }
        }

        Normalise(probabilities);
    }

    private static void Probabilities(double[] weights, double[] bias, int classes, ReadOnlySpan<int> features, ReadOnlySpan<double> values, Span<double> probabilities)
    {
        bias.CopyTo(probabilities);
        for (var k = 0; k < features.Length; k++)
        {
            var row = weights.AsSpan(features[k] * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                probabilities[c] += values[k] * row[c];
            }
        }

        Normalise(probabilities);
    }

    // Logits to probabilities, shifted by the largest so no exponent overflows.
    private static void Normalise(Span<double> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0.0;
        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] = Math.Exp(logits[c] - max);
            sum += logits[c];
        }

        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] /= sum;
        }
    }

    // A small seeded generator of its own, so the shuffle never depends on how System.Random is implemented.
    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public void Shuffle(int[] items)
        {
            for (var i = items.Length - 1; i > 0; i--)
            {
                var j = (int)(Next() % (ulong)(i + 1));
                (items[i], items[j]) = (items[j], items[i]);
            }
        }

        // Copies the sample's features into the buffers, each left out with probability rate and the rest scaled
        // up to keep the expected input the same (dropout); keeps them all when every one would be left out.
        public int Keep(SoftmaxSample sample, double rate, int[] features, double[] values)
        {
            var length = 0;
            for (var k = 0; k < sample.Features.Length; k++)
            {
                if (rate <= 0 || (Next() >> 11) * (1.0 / (1UL << 53)) >= rate)
                {
                    features[length] = sample.Features[k];
                    values[length++] = sample.Values[k] / (1 - rate);
                }
            }

            if (length > 0)
            {
                return length;
            }

            sample.Features.CopyTo(features, 0);
            sample.Values.CopyTo(values, 0);
            return sample.Features.Length;
        }

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

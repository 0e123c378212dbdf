namespace Switchboard.Core.Reports;

/// <summary>A percentile read from a histogram: the upper bound of the bucket that holds its rank.</summary>
/// <param name="Minutes">The bucket's upper bound in business minutes (the last bound for the open bucket).</param>
/// <param name="OverLastBucket">True when the rank is in the open bucket past the last bound.</param>
public readonly record struct Percentile(int Minutes, bool OverLastBucket);

/// <summary>
/// Fixed buckets of business minutes, so that a median or p90 comes from counts per bucket (which add up across
/// days and instances) rather than from every sample.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>The buckets' upper bounds (inclusive), in business minutes; a last, open bucket holds the rest.</summary>
    public static IReadOnlyList<int> Bounds { get; } =
        [5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2400, 2880, 4320, 7200, 10080, 14400, 20160, 43200];

    /// <summary>How many buckets there are, the open one included.</summary>
    public static int BucketCount => Bounds.Count + 1;

    /// <summary>The bucket of a time: the first whose bound it does not exceed, else the open bucket.</summary>
    public static int BucketOf(double minutes)
    {
        for (var i = 0; i < Bounds.Count; i++)
            if (minutes <= Bounds[i]) return i;
        return Bounds.Count;
    }

    /// <summary>
    /// The nearest-rank <paramref name="fraction"/> percentile (the ⌈fraction·n⌉-th smallest) of the counts per
    /// bucket, or null when there are none.
    /// </summary>
    public static Percentile? Of(IReadOnlyList<long> counts, double fraction)
    {
        var total = counts.Sum();
        if (total == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank) return i < Bounds.Count ? new Percentile(Bounds[i], false) : new Percentile(Bounds[^1], true);
        }
        return new Percentile(Bounds[^1], true);
    }
}

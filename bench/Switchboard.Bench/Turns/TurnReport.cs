using System.Globalization;
using System.Text;

namespace Switchboard.Bench.Turns;

/// <summary>One target under one workload and connection count: medians over the rounds.</summary>
public sealed record TurnSummary(
    string Target,
    string Platform,
    string Workload,
    int Connections,
    string? Peer,
    double MedianTurnsPerSecond,
    double MedianP50Ms,
    double MedianP99Ms,
    long Non2xx,
    long Status503,
    long Lost,
    long TransportErrors,
    double? MedianCpuSecondsPer1kTurns,
    double? MedianRedisCpuSecondsPer1kTurns,
    double? MedianBenchCpuSecondsPer1kTurns,
    double? PeakRssMbDuringRuns,
    double? PeakRssMbSinceStart,
    double? TurnsPerSecondRatioToPeer,
    double? CpuRatioToPeer,
    IReadOnlyDictionary<string, double> ApiCallsPerTurn,
    string? FirstError,
    IReadOnlyList<TurnRun> Runs);

/// <summary>The long run of one target: memory over many turns.</summary>
public sealed record LongRunSummary(
    string Target,
    string Workload,
    long Turns,
    int Connections,
    double Seconds,
    double TurnsPerSecond,
    double P50Ms,
    double P99Ms,
    long Non2xx,
    long Lost,
    double? PeakRssMb,
    double? RssAtHalfMb,
    double? RssAtEndMb,
    double? GrowthMbPer100kTurnsInSecondHalf,
    double? RedisRssAtEndMb,
    IReadOnlyList<MemoryPoint> Timeline,
    TurnRun Run);

public sealed record TurnReport(
    string PlatformUrl,
    int Rounds,
    double RunSeconds,
    double WarmupSeconds,
    IReadOnlyList<int> Connections,
    IReadOnlyList<string> Workloads,
    int RepeatPool,
    IReadOnlyList<TurnTarget> Targets,
    IReadOnlyList<TurnSummary> Summaries,
    IReadOnlyList<LongRunSummary> LongRuns,
    long UnmatchedReplies);

public static class TurnTables
{
    /// <summary>
    /// Medians over rounds; the ratio to the peer is the median over rounds of (Switchboard / peer) measured in
    /// the same round, so load that drifts between rounds cancels out.
    /// </summary>
    public static TurnSummary Summarize(TurnTarget target, string workload, int connections, IReadOnlyList<TurnRun> runs, IReadOnlyList<TurnRun>? peerRuns)
    {
        double? Ratio(Func<TurnRun, double?> figure, bool inverse)
        {
            if (peerRuns is null || peerRuns.Count != runs.Count) return null;
            var ratio = Stats.Median(runs.Zip(peerRuns, (mine, theirs) =>
                figure(mine) is { } m && figure(theirs) is { } t && m > 0 && t > 0 ? (inverse ? t / m : m / t) : double.NaN));
            return double.IsNaN(ratio) ? null : ratio;
        }

        double? MedianOf(Func<TurnRun, double?> figure)
        {
            var median = Stats.Median(runs.Select(r => figure(r) ?? double.NaN));
            return double.IsNaN(median) ? null : median;
        }

        var last = runs[^1];
        return new TurnSummary(target.Name, target.Platform.ToString(), workload, connections, target.IsPeer ? null : PeerName(target),
            Stats.Median(runs.Select(r => r.TurnsPerSecond)),
            Stats.Median(runs.Select(r => r.P50Ms)),
            Stats.Median(runs.Select(r => r.P99Ms)),
            runs.Sum(r => r.Non2xx), runs.Sum(r => r.Status503), runs.Sum(r => r.Lost), runs.Sum(r => r.TransportErrors),
            MedianOf(r => r.CpuSecondsPer1kTurns), MedianOf(r => r.RedisCpuSecondsPer1kTurns), MedianOf(r => r.BenchCpuSecondsPer1kTurns),
            runs.Max(r => r.PeakRssMbDuringRun),
            runs.Max(r => r.PeakRssMbSinceStart),
            Ratio(r => r.TurnsPerSecond, inverse: false),
            // Switchboard's CPU includes redis-server's (the peers keep their state in their own process);
            // below 1 means Switchboard spends less CPU per turn than the peer.
            Ratio(r => r.CpuSecondsPer1kTurns + (r.RedisCpuSecondsPer1kTurns ?? 0), inverse: false),
            last.ApiCallsPerTurn,
            runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            runs);
    }

    public static string PeerName(TurnTarget target) => target.Platform == TurnPlatform.Teams ? TurnTarget.Botbuilder : TurnTarget.Bolt;

    public static string Table(IReadOnlyList<TurnSummary> summaries)
    {
        var text = new StringBuilder();
        const string row = "{0,-18} {1,-7} {2,5} {3,9} {4,7} {5,7} {6,7} {7,5} {8,5} {9,8} {10,8} {11,8} {12,7} {13,8} {14,8}";
        text.AppendLine(Format(row, "target", "load", "conns", "turns/s", "p50 ms", "p99 ms", "non-2xx", "503", "lost",
            "CPU s/1k", "+redis", "bench", "HWM MB", "x peer", "CPU x"));
        foreach (var s in summaries)
        {
            text.AppendLine(Format(row, s.Target, s.Workload, s.Connections, F(s.MedianTurnsPerSecond, "F0"), F(s.MedianP50Ms, "F1"), F(s.MedianP99Ms, "F1"),
                s.Non2xx, s.Status503, s.Lost + s.TransportErrors,
                F(s.MedianCpuSecondsPer1kTurns, "F3"), F(s.MedianRedisCpuSecondsPer1kTurns, "F3"), F(s.MedianBenchCpuSecondsPer1kTurns, "F3"),
                F(s.PeakRssMbSinceStart, "F0"), F(s.TurnsPerSecondRatioToPeer, "F2"), F(s.CpuRatioToPeer, "F2")));
        }
        return text.ToString();
    }

    /// <summary>Each Switchboard row against the issue's targets: throughput ratio, p99, no 503s.</summary>
    public static string Targets(IReadOnlyList<TurnSummary> summaries)
    {
        var text = new StringBuilder();
        foreach (var s in summaries.Where(s => s.Peer is not null))
        {
            var wanted = s.Platform == nameof(TurnPlatform.Teams) ? 6.0 : 4.0;
            var ratio = s.TurnsPerSecondRatioToPeer is { } r ? $"{r:F2}x {s.Peer} (target >= {wanted:0}x: {(r >= wanted ? "met" : "not met")})" : $"no {s.Peer} figure";
            var p99 = $"p99 {s.MedianP99Ms:F1} ms (target <= 20: {(s.MedianP99Ms <= 20 ? "met" : "not met")})";
            var unavailable = $"503s {s.Status503}";
            text.AppendLine(Format("  {0,-18} {1,-7} {2,4} conns: {3}; {4}; {5}", s.Target, s.Workload, s.Connections, ratio, p99, unavailable));
        }
        return text.ToString();
    }

    /// <summary>Platform API calls and, for Switchboard, Redis commands per completed turn.</summary>
    public static string ApiCalls(IReadOnlyList<TurnSummary> summaries)
    {
        var text = new StringBuilder();
        foreach (var s in summaries)
        {
            var calls = string.Join(", ", s.ApiCallsPerTurn.Select(c => $"{c.Key} {c.Value:0.###}"));
            text.AppendLine(Format("  {0,-18} {1,-7} {2,4}: {3}", s.Target, s.Workload, s.Connections, calls.Length > 0 ? calls : "none"));
        }
        return text.ToString();
    }

    public static string LongRuns(IReadOnlyList<LongRunSummary> runs)
    {
        var text = new StringBuilder();
        foreach (var run in runs)
        {
            text.AppendLine(Format("{0}: {1} {9} turns at {2} connections in {3:F0} s ({4:F0} turns/s, p50 {5:F1} ms, p99 {6:F1} ms, non-2xx {7}, lost {8})",
                run.Target, run.Run.Completed, run.Connections, run.Seconds, run.TurnsPerSecond, run.P50Ms, run.P99Ms, run.Non2xx, run.Lost, run.Workload));
            text.AppendLine(Format("  peak RSS {0} MB; RSS at half {1} MB, at end {2} MB; growth over the second half {3} MB per 100k turns; redis-server RSS at end {4} MB",
                F(run.PeakRssMb, "F0"), F(run.RssAtHalfMb, "F0"), F(run.RssAtEndMb, "F0"), F(run.GrowthMbPer100kTurnsInSecondHalf, "F1"), F(run.RedisRssAtEndMb, "F0")));
            text.Append("  RSS MB by turns:");
            foreach (var point in Deciles(run)) text.Append(Format(" {0}k={1:F0}", point.Completed / 1000, point.RssMb));
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>The timeline points nearest to each tenth of the turns.</summary>
    public static IEnumerable<MemoryPoint> Deciles(LongRunSummary run)
    {
        if (run.Timeline.Count == 0) yield break;
        for (var tenth = 1; tenth <= 10; tenth++)
        {
            var turns = run.Run.Completed * tenth / 10;
            yield return run.Timeline.MinBy(p => Math.Abs(p.Completed - turns))!;
        }
    }

    private static string F(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}

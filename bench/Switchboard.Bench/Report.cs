using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Bench;

public sealed record ScenarioSummary(
    string Name,
    string Operation,
    string Baseline,
    int Workers,
    double MedianOpsPerSecond,
    double MedianP50Ms,
    double MedianP95Ms,
    int Errors,
    double? RatioToBaseline,
    double? RatioToOwnBaseline,
    string? FirstError,
    IReadOnlyList<RunResult> Runs);

public sealed record MachineInfo(int ProcessorCount, string Os, string Runtime, string? LoadAverageBefore, string? LoadAverageAfter);

public sealed record BenchReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Commit,
    MachineInfo Machine,
    int Runs,
    double RunSeconds,
    double WarmupSeconds,
    int Concurrency,
    int MaxOpsPerRun,
    string Host,
    IReadOnlyList<ScenarioSummary> Scenarios,
    Turns.TurnReport? Turns);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

public static class Report
{
    public const string Yardstick = "baseline";

    /// <summary>
    /// Medians over the rounds. A ratio is the median, over rounds, of this scenario's throughput divided by
    /// its baseline's throughput in the same round, so load that drifts between rounds cancels out.
    /// </summary>
    public static ScenarioSummary Summarize(string name, string operation, string baseline, int workers,
        IReadOnlyList<RunResult> runs, IReadOnlyDictionary<string, IReadOnlyList<RunResult>> all)
    {
        double? RatioTo(string other)
        {
            if (other == name) return 1.0;
            if (!all.TryGetValue(other, out var theirs) || theirs.Count != runs.Count) return null;
            var ratio = Stats.Median(runs.Zip(theirs, (mine, yardstick) =>
                yardstick.OpsPerSecond > 0 ? mine.OpsPerSecond / yardstick.OpsPerSecond : double.NaN));
            return double.IsNaN(ratio) ? null : ratio;
        }

        return new ScenarioSummary(name, operation, baseline, workers,
            Stats.Median(runs.Select(r => r.OpsPerSecond)),
            Stats.Median(runs.Select(r => r.P50Ms)),
            Stats.Median(runs.Select(r => r.P95Ms)),
            runs.Sum(r => r.Errors),
            RatioTo(Yardstick),
            baseline == Yardstick ? null : RatioTo(baseline),
            runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            runs);
    }

    public static string Table(IReadOnlyList<ScenarioSummary> scenarios)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,7} {2,10} {3,8} {4,8} {5,7} {6,11} {7,-28}",
            "scenario", "workers", "ops/s", "p50 ms", "p95 ms", "errors", "x baseline", "x own baseline"));
        foreach (var s in scenarios)
        {
            text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,7} {2,10:F1} {3,8:F2} {4,8:F2} {5,7} {6,11} {7,-28}",
                s.Name, s.Workers, s.MedianOpsPerSecond, s.MedianP50Ms, s.MedianP95Ms, s.Errors,
                Ratio(s.RatioToBaseline), s.RatioToOwnBaseline is { } own ? $"{Ratio(own)} (vs {s.Baseline})" : "-"));
        }
        return text.ToString();
    }

    public static async Task WriteJsonAsync(BenchReport report, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, BenchJsonContext.Default.BenchReport, cancellationToken);
    }

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString(r >= 0.1 ? "F3" : "F4", CultureInfo.InvariantCulture) : "-";
}

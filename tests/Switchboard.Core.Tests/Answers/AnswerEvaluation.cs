using System.Text;
using Microsoft.Extensions.Configuration;
using Switchboard.Core.Answers;

namespace Switchboard.Core.Tests.Answers;

/// <summary>The shipped answers (<c>config/answers/</c>) and the evaluation sets next to this file.</summary>
public static class AnswerEvaluation
{
    /// <summary>The <c>Answers</c> section of every JSON file under <c>config/</c>, read as the host reads it.</summary>
    public static AnswersOptions ShippedOptions()
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestConfiguration.RepositoryRoot, "config"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            builder.AddJsonFile(file, optional: false);
        var configured = builder.Build().GetSection(AnswersOptions.Section).GetChildren()
            .SelectMany(team => team.GetChildren().Select(answer =>
                (answer.Get<ConfiguredAnswerOptions>() ?? new ConfiguredAnswerOptions()) with { Team = team.Key, Key = answer.Key }))
            .ToList();
        return new AnswersOptions { Configured = configured };
    }

    /// <summary>The shipped answers.</summary>
    public static IReadOnlyList<Answer> Shipped() => ShippedOptions().ToAnswers(TestTime.Start);

    /// <summary>(expected answer id or null, request) from a set in this folder.</summary>
    public static IReadOnlyList<(string? Expected, string Text)> Load(string file) =>
        File.ReadLines(Path.Combine(TestConfiguration.RepositoryRoot, "tests", "Switchboard.Core.Tests", "Answers", file))
            .Where(line => !string.IsNullOrWhiteSpace(line) && !line.StartsWith('#'))
            .Select(line => line.Split('\t', 2))
            .Select(parts => (parts[0].Trim() == "none" ? null : parts[0].Trim(), parts[1].Trim()))
            .ToList();

    /// <summary>Runs <paramref name="matcher"/> over <paramref name="cases"/>.</summary>
    public static EvaluationResult Evaluate(AnswerMatcher matcher, IReadOnlyList<(string? Expected, string Text)> cases)
    {
        var rows = cases.Select(c => (c.Expected, c.Text, Got: matcher.Find(c.Text).FirstOrDefault())).ToList();
        return new EvaluationResult(rows);
    }
}

/// <summary>What an evaluation found.</summary>
public sealed record EvaluationResult(IReadOnlyList<(string? Expected, string Text, AnswerMatch? Got)> Rows)
{
    /// <summary>Of the first suggestions made, the share that were the expected answer.</summary>
    public double Precision => Suggested == 0 ? 1 : (double)Correct / Suggested;

    /// <summary>Of the requests with an expected answer, the share whose first suggestion was it.</summary>
    public double Recall => Answerable == 0 ? 1 : (double)Correct / Answerable;

    /// <summary>Of the requests no answer helps, the share that got no suggestion.</summary>
    public double Silence => Unanswerable == 0 ? 1 : (double)Rows.Count(r => r.Expected is null && r.Got is null) / Unanswerable;

    /// <summary>Requests that got a first suggestion.</summary>
    public int Suggested => Rows.Count(r => r.Got is not null);

    /// <summary>First suggestions that were the expected answer.</summary>
    public int Correct => Rows.Count(r => r.Got is not null && r.Got.Answer.Id == r.Expected);

    /// <summary>Requests with an expected answer.</summary>
    public int Answerable => Rows.Count(r => r.Expected is not null);

    /// <summary>Requests no answer helps.</summary>
    public int Unanswerable => Rows.Count(r => r.Expected is null);

    /// <summary>The numbers and every miss, for the test output.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .AppendLine($"{Rows.Count} requests ({Answerable} with an answer, {Unanswerable} without)")
            .AppendLine($"precision of the first suggestion: {Precision:P1} ({Correct}/{Suggested})")
            .AppendLine($"recall (expected answer offered first): {Recall:P1} ({Correct}/{Answerable})")
            .AppendLine($"no suggestion where none helps: {Silence:P1}");
        foreach (var (expected, request, got) in Rows.Where(r => r.Got?.Answer.Id != r.Expected))
            text.AppendLine($"  expected {expected ?? "none"}, got {got?.Answer.Id ?? "none"} {got?.Why}: {request}");
        return text.ToString();
    }
}

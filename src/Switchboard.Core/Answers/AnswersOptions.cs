using System.Text.RegularExpressions;
using Switchboard.Core.People;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Answers;

/// <summary>
/// The configured answers: in configuration each is <c>Answers:&lt;team&gt;:&lt;key&gt;</c> (from
/// <c>config/answers/&lt;team&gt;.json</c>); the host reads them into <see cref="Configured"/>.
/// </summary>
public sealed partial record AnswersOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Answers";

    /// <summary>The longest question.</summary>
    public const int MaxQuestionLength = 300;

    /// <summary>The longest answer text.</summary>
    public const int MaxAnswerLength = 2000;

    /// <summary>The configured answers, each with its team and key.</summary>
    public List<ConfiguredAnswerOptions> Configured { get; init; } = [];

    /// <summary>What is wrong with the configured answers, each naming its setting; empty when they can be used.</summary>
    public IEnumerable<string> Problems(TeamDirectory teams)
    {
        foreach (var answer in Configured)
        {
            var path = $"{Section}:{answer.Team}:{answer.Key}";
            if (teams.Find(answer.Team) is not { } team || team.Id != answer.Team)
                yield return $"{Section}:{answer.Team}: there is no service team '{answer.Team}' (config/answers/<team>.json must use a team id from ServiceTeams: {string.Join(", ", teams.All.Select(t => t.Id))}).";
            if (!KeyPattern().IsMatch(answer.Key))
                yield return $"{path}: the key must be a lower-case letter followed by up to 47 lower-case letters, digits or '-' (it becomes the answer id {answer.Team}.{answer.Key}).";
            if (string.IsNullOrWhiteSpace(answer.Question))
                yield return $"{path}:Question is required: the question as people ask it.";
            else if (answer.Question.Length > MaxQuestionLength)
                yield return $"{path}:Question is {answer.Question.Length} characters; keep it under {MaxQuestionLength}.";
            if (string.IsNullOrWhiteSpace(answer.Answer))
                yield return $"{path}:Answer is required: the text offered to people who ask.";
            else if (answer.Answer.Length > MaxAnswerLength)
                yield return $"{path}:Answer is {answer.Answer.Length} characters; keep it under {MaxAnswerLength}.";
            if (answer.Keywords.Any(string.IsNullOrWhiteSpace))
                yield return $"{path}:Keywords has an empty entry.";
            if (PersonRules.Clean(answer.Author) is not { } email || !email.Contains('@'))
                yield return $"{path}:Author must be the e-mail of the agent who wrote it (credited when it solves a request).";
        }
    }

    /// <summary>The configured answers as <see cref="Answer"/>s, written at <paramref name="at"/>.</summary>
    public IReadOnlyList<Answer> ToAnswers(DateTimeOffset at) => Configured.Select(c => new Answer
    {
        Id = $"{c.Team}.{c.Key}",
        TeamId = c.Team,
        Question = c.Question.Trim(),
        Text = c.Answer.Trim(),
        Keywords = c.Keywords.Select(k => k.Trim()).ToList(),
        Author = PersonId.ForEmail(c.Author),
        AuthorName = string.IsNullOrWhiteSpace(c.AuthorName) ? c.Author.Trim() : c.AuthorName.Trim(),
        CreatedAt = at,
        Origin = AnswerOrigin.Configured,
        Wording = AnswerWording.General,
    }).ToList();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,47}$")]
    private static partial Regex KeyPattern();
}

/// <summary>One configured answer (<c>Answers:&lt;team&gt;:&lt;key&gt;</c>).</summary>
public sealed record ConfiguredAnswerOptions
{
    /// <summary>The team id (the first key).</summary>
    public string Team { get; init; } = "";

    /// <summary>The answer's key within its team (the second key); the answer id is <c>{team}.{key}</c>.</summary>
    public string Key { get; init; } = "";

    /// <summary>The question as people ask it.</summary>
    public string Question { get; init; } = "";

    /// <summary>The answer, shown literally.</summary>
    public string Answer { get; init; } = "";

    /// <summary>Other words people use for it (optional).</summary>
    public List<string> Keywords { get; init; } = [];

    /// <summary>The e-mail of the agent who wrote it.</summary>
    public string Author { get; init; } = "";

    /// <summary>The author's name as shown (optional; the e-mail otherwise, until the directory knows them).</summary>
    public string? AuthorName { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Core.Answers;

/// <summary>
/// An answer a service team keeps for a question people ask again and again: offered before a request is filed,
/// found with <c>ask</c>. Configured answers come from <c>config/answers/&lt;team&gt;.json</c>; answers saved from
/// work, and edits of configured ones, live in the <see cref="IAnswerStore"/>.
/// </summary>
public sealed record Answer
{
    /// <summary>"{team}.{key}": <c>it.vpn-connect</c> for a configured answer, <c>it.7</c> for one saved from work.</summary>
    public required string Id { get; init; }

    /// <summary>The service team whose answer it is.</summary>
    public required string TeamId { get; init; }

    /// <summary>The question it answers, as people would ask it.</summary>
    public required string Question { get; init; }

    /// <summary>The answer, shown literally.</summary>
    public required string Text { get; init; }

    /// <summary>Words or short phrases people use for this question besides those in it (optional).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Who wrote it: credited when it solves a request.</summary>
    public required PersonId Author { get; init; }

    /// <summary>The author's name as shown.</summary>
    public required string AuthorName { get; init; }

    /// <summary>The author's account, when the answer was written in chat (so the author can be told on the platform they used).</summary>
    public PersonRef? AuthorAccount { get; init; }

    /// <summary>When it was written (configured answers: when the process first read them).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether it is offered.</summary>
    public AnswerState State { get; init; } = AnswerState.Active;

    /// <summary>Where it came from.</summary>
    public AnswerOrigin Origin { get; init; } = AnswerOrigin.Configured;

    /// <summary>Whether the wording is general or taken from one request (confidential teams keep only general answers).</summary>
    public AnswerWording Wording { get; init; } = AnswerWording.General;

    /// <summary>The ticket it was saved from, when its team is not confidential.</summary>
    public string? FromTicket { get; init; }

    /// <summary>Who changed it last, and when (null until edited or retired).</summary>
    public AnswerChange? LastChange { get; init; }

    /// <summary>The store's compare-and-set version (0: not stored).</summary>
    public long Version { get; init; }

    /// <summary>The team part of an answer id, or null when it has none.</summary>
    public static string? TeamOf(string answerId) =>
        answerId.IndexOf('.') is > 0 and var dot && dot < answerId.Length - 1 ? answerId[..dot] : null;
}

/// <summary>Who changed an answer, and when.</summary>
public sealed record AnswerChange(PersonId By, string ByName, DateTimeOffset At);

/// <summary>Whether an answer is offered.</summary>
public enum AnswerState
{
    /// <summary>Offered and found.</summary>
    Active,
    /// <summary>Retired by an agent: neither offered nor found, kept for the record and its credit.</summary>
    Retired,
}

/// <summary>Where an answer came from.</summary>
public enum AnswerOrigin
{
    /// <summary><c>config/answers/&lt;team&gt;.json</c>.</summary>
    Configured,
    /// <summary>"Save as an answer" on a resolved ticket.</summary>
    SavedFromTicket,
}

/// <summary>Whether an answer's wording is general or quotes a request.</summary>
public enum AnswerWording
{
    /// <summary>Written by an agent as a general answer: may be offered to anyone.</summary>
    General,
    /// <summary>The question is (or quotes) one request's text: never kept for, nor offered by, a confidential team.</summary>
    QuotesRequest,
}

/// <summary>How many requests each answer of a team solved in one month.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="Month">"2026-11" (UTC).</param>
/// <param name="Counts">Answer id to requests solved.</param>
public sealed record TeamDeflections(string TeamId, string Month, IReadOnlyDictionary<string, long> Counts);

/// <summary>Source-generated JSON for answers, as the stores keep them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Answer))]
public sealed partial class AnswersJsonContext : JsonSerializerContext;

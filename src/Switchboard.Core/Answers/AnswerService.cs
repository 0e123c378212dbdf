using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Answers;

/// <summary>What became of saving, editing or retiring an answer.</summary>
/// <param name="Answer">The answer as stored, or null when refused.</param>
/// <param name="Problem">Why it was refused (names the field: "question: ..."), or null.</param>
public sealed record AnswerResult(Answer? Answer, string? Problem)
{
    /// <summary>Refused, for <paramref name="problem"/>.</summary>
    public static AnswerResult Refused(string problem) => new(null, problem);
}

/// <summary>One answer's credit in a month, for the dashboard.</summary>
/// <param name="TeamId">The answer's team.</param>
/// <param name="AnswerId">The answer.</param>
/// <param name="Question">Its question.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="AuthorName">Their name.</param>
/// <param name="Solved">Requests it solved in the month (each one filed nothing).</param>
public sealed record AnswerDeflection(string TeamId, string AnswerId, string Question, PersonId Author, string AuthorName, long Solved);

/// <summary>
/// The teams' answers: configured ones overlaid by what agents saved and changed, suggestions for a text, and the
/// credit when an answer solves a request (counted once per request, its author told once a day at most).
/// </summary>
public sealed partial class AnswerService(
    IAnswerStore store,
    AnswersOptions options,
    TeamDirectory teams,
    IWorkQueue queue,
    TimeProvider time,
    ILogger<AnswerService> logger,
    PeopleDirectory? people = null)
{
    /// <summary>The work queue that tells authors their answer solved a request.</summary>
    public const string CreditQueue = "answer-credit";

    /// <summary>How long a deflection id is remembered (a double click, a redelivered click).</summary>
    public static readonly TimeSpan DeflectionMemory = TimeSpan.FromDays(7);

    // Other instances' saves show here within this; this instance's own at once.
    private static readonly TimeSpan CatalogLifetime = TimeSpan.FromSeconds(30);
    private const int MaxAttempts = 8;

    private readonly Lazy<IReadOnlyList<Answer>> _configured = new(() => options.ToAnswers(time.GetUtcNow()));
    private readonly Lock _gate = new();
    private (DateTimeOffset Built, AnswerMatcher Matcher)? _matcher;

    /// <summary>A team's answers: configured, saved and changed, retired ones too, by id.</summary>
    public async Task<IReadOnlyList<Answer>> TeamAnswersAsync(string teamId, CancellationToken cancellationToken)
    {
        var stored = (await store.ListAsync(teamId, cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        return _configured.Value.Where(a => string.Equals(a.TeamId, teamId, StringComparison.OrdinalIgnoreCase) && !stored.ContainsKey(a.Id))
            .Concat(stored.Values)
            .OrderBy(a => a.Origin).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The answer with this id (stored first, then configured), or null.</summary>
    public async Task<Answer?> FindAsync(string answerId, CancellationToken cancellationToken)
    {
        if (Answer.TeamOf(answerId.Trim()) is not { } teamId || teams.Find(teamId) is null) return null;
        return await store.GetAsync(teamId, answerId.Trim(), cancellationToken)
               ?? _configured.Value.FirstOrDefault(a => a.Id == answerId.Trim());
    }

    /// <summary>Up to <paramref name="limit"/> offerable answers for <paramref name="text"/>, best first.</summary>
    public async Task<IReadOnlyList<AnswerMatch>> SuggestAsync(string text, int limit, CancellationToken cancellationToken) =>
        (await MatcherAsync(cancellationToken)).Find(text, limit);

    /// <summary>
    /// Saves what <paramref name="agent"/> wrote from the resolved <paramref name="ticket"/> as a new answer of its team.
    /// A confidential team's answer must be general: one that quotes the request is refused.
    /// </summary>
    public async Task<AnswerResult> SaveAsync(Ticket ticket, PersonRef agent, string? question, string? text, CancellationToken cancellationToken)
    {
        if (AnswerRules.Problem(question, text) is { } problem) return AnswerResult.Refused(problem);
        var team = teams.Get(ticket.TeamId);
        var quotes = AnswerRules.QuotesRequest(question!, ticket) || AnswerRules.QuotesRequest(text!, ticket);
        var confidential = team.Confidentiality == Confidentiality.Confidential;
        if (confidential && quotes)
            return AnswerResult.Refused($"question: {team.Name} requests are confidential, so its answers must be general: rewrite the question and answer without the request's own words.");
        var author = await AuthorAsync(agent, cancellationToken);
        var answer = new Answer
        {
            Id = await store.NextIdAsync(team.Id, cancellationToken),
            TeamId = team.Id,
            Question = question!.Trim(),
            Text = text!.Trim(),
            Author = author,
            AuthorName = agent.Name,
            AuthorAccount = agent,
            CreatedAt = time.GetUtcNow(),
            Origin = AnswerOrigin.SavedFromTicket,
            Wording = quotes ? AnswerWording.QuotesRequest : AnswerWording.General,
            FromTicket = confidential ? null : ticket.Number.ToString(),
        };
        var stored = await store.TryCreateAsync(answer, cancellationToken)
                     ?? throw new StateConflictException($"answer {answer.Id}");
        Invalidate();
        LogSaved(logger, stored.Id, team.Id);
        return new AnswerResult(stored, null);
    }

    /// <summary>An agent of the answer's team rewrites its question and answer.</summary>
    public Task<AnswerResult> EditAsync(string answerId, PersonRef agent, string? question, string? text, CancellationToken cancellationToken) =>
        ChangeAsync(answerId, agent, cancellationToken, (answer, change) =>
        {
            if (AnswerRules.Problem(question, text) is { } problem) return (null, problem);
            // An agent's rewrite is the team's own wording from now on.
            return (answer with { Question = question!.Trim(), Text = text!.Trim(), Wording = AnswerWording.General, LastChange = change }, null);
        });

    /// <summary>An agent of the answer's team retires it: it is no longer offered or found; its credit stays.</summary>
    public Task<AnswerResult> RetireAsync(string answerId, PersonRef agent, CancellationToken cancellationToken) =>
        ChangeAsync(answerId, agent, cancellationToken, (answer, change) => answer.State == AnswerState.Retired
            ? (null, $"{answer.Id} is retired already.")
            : (answer with { State = AnswerState.Retired, LastChange = change }, null));

    /// <summary>
    /// Counts that <paramref name="answer"/> solved a request (once per <paramref name="deflectionId"/>) and queues the
    /// note to its author.
    /// </summary>
    /// <returns>True when this call counted it; false for a repeat.</returns>
    public async Task<bool> RecordDeflectionAsync(Answer answer, string deflectionId, CancellationToken cancellationToken)
    {
        var counted = await store.RecordDeflectionAsync(answer.TeamId, answer.Id, deflectionId, AnswerRules.Month(time.GetUtcNow()), DeflectionMemory, cancellationToken);
        // Queued on a repeat too: the turn that counted it may have died before queueing (the queue drops a repeat).
        await queue.EnqueueAsync(CreditQueue, new WorkItem($"answer-credit:{deflectionId}", $"answer:{answer.Id}", answer.Id), null, cancellationToken);
        if (counted) LogDeflected(logger, answer.Id, answer.TeamId);
        return counted;
    }

    /// <summary>How many requests <paramref name="answer"/> solved this month.</summary>
    public async Task<long> SolvedCountAsync(Answer answer, CancellationToken cancellationToken) =>
        (await store.DeflectionsAsync(answer.TeamId, AnswerRules.Month(time.GetUtcNow()), cancellationToken)).Counts.GetValueOrDefault(answer.Id);

    /// <summary>How many requests the answers <paramref name="author"/> wrote solved in the month of <paramref name="at"/>.</summary>
    public async Task<long> SolvedByAsync(PersonId author, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await DeflectionsAsync(at, cancellationToken)).Where(d => d.Author == author).Sum(d => d.Solved);

    /// <summary>How many requests the answers written by the person behind <paramref name="account"/> solved this month.</summary>
    public async Task<long> SolvedThisMonthByAsync(PersonRef account, CancellationToken cancellationToken) =>
        await SolvedByAsync(await AuthorAsync(account, cancellationToken), time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// For the dashboard: every answer that solved a request in the month of <paramref name="at"/>, with its author,
    /// most first. Sum by <see cref="AnswerDeflection.TeamId"/> or <see cref="AnswerDeflection.Author"/> for totals.
    /// </summary>
    public async Task<IReadOnlyList<AnswerDeflection>> DeflectionsAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var month = AnswerRules.Month(at);
        var rows = new List<AnswerDeflection>();
        foreach (var team in teams.All)
        {
            var counts = await store.DeflectionsAsync(team.Id, month, cancellationToken);
            if (counts.Counts.Count == 0) continue;
            var answers = (await TeamAnswersAsync(team.Id, cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
            foreach (var (id, solved) in counts.Counts)
                if (answers.TryGetValue(id, out var answer) && solved > 0)
                    rows.Add(new AnswerDeflection(team.Id, id, answer.Question, answer.Author, answer.AuthorName, solved));
        }
        return rows.OrderByDescending(r => r.Solved).ThenBy(r => r.AnswerId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The directory id of the person behind <paramref name="account"/>: the directory's, else their e-mail, else the account.</summary>
    public async Task<PersonId> AuthorAsync(PersonRef account, CancellationToken cancellationToken)
    {
        var found = people is null ? null : await people.FindAsync(account, cancellationToken);
        return found?.Id ?? (PersonRules.Clean(account.Email) is { } email ? PersonId.ForEmail(email) : PersonId.ForPlatformKey(account.Key));
    }

    private async Task<AnswerResult> ChangeAsync(string answerId, PersonRef agent, CancellationToken cancellationToken,
        Func<Answer, AnswerChange, (Answer? Changed, string? Problem)> change)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var answer = await FindAsync(answerId, cancellationToken);
            if (answer is null) return AnswerResult.Refused($"There is no answer {answerId.Trim()}. \"answers\" lists your team's.");
            if (teams.Find(answer.TeamId)?.IsAgent(agent) != true)
                return AnswerResult.Refused($"Only {teams.Find(answer.TeamId)?.Name ?? answer.TeamId} agents can change {answer.Id}.");
            var (changed, problem) = change(answer, new AnswerChange(await AuthorAsync(agent, cancellationToken), agent.Name, time.GetUtcNow()));
            if (changed is null) return AnswerResult.Refused(problem!);
            // A configured answer is stored the first time it is changed; from then on the stored copy wins.
            var stored = answer.Version == 0
                ? await store.TryCreateAsync(changed, cancellationToken)
                : await store.TryUpdateAsync(changed, cancellationToken);
            if (stored is null) continue;
            Invalidate();
            return new AnswerResult(stored, null);
        }
        throw new StateConflictException($"answer {answerId}");
    }

    private async Task<AnswerMatcher> MatcherAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_matcher is { } cached && now - cached.Built < CatalogLifetime) return cached.Matcher;
        }
        var offerable = new List<Answer>();
        foreach (var team in teams.All)
            offerable.AddRange((await TeamAnswersAsync(team.Id, cancellationToken)).Where(a => AnswerRules.IsOfferable(a, team)));
        var matcher = new AnswerMatcher(offerable);
        lock (_gate) _matcher = (now, matcher);
        return matcher;
    }

    private void Invalidate()
    {
        lock (_gate) _matcher = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer {AnswerId} saved for team {Team}")]
    private static partial void LogSaved(ILogger logger, string answerId, string team);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer {AnswerId} of team {Team} solved a request")]
    private static partial void LogDeflected(ILogger logger, string answerId, string team);
}

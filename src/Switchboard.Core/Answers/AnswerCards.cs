using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Answers;

/// <summary>The card verbs of the Answers module and the data keys they carry.</summary>
public static class AnswerVerbs
{
    /// <summary>"This solved it" on an offered answer: nothing is filed, the answer is credited.</summary>
    public const string Solved = "answers.solved";
    /// <summary>"I still need help": filing goes on, with the answers tried noted on the ticket.</summary>
    public const string NeedHelp = "answers.need-help";
    /// <summary>"Save as an answer" on a resolved ticket's team card (its form's submit).</summary>
    public const string Save = "answers.save";
    /// <summary>An agent's rewrite of an answer (its form's submit).</summary>
    public const string Edit = "answers.edit";
    /// <summary>An agent retires an answer.</summary>
    public const string Retire = "answers.retire";

    /// <summary>Keys of action data and inputs.</summary>
    public static class Keys
    {
        /// <summary>An answer id.</summary>
        public const string Answer = "answer";
        /// <summary>The question asked with "ask" that the card answers (an id, see <see cref="AnswerRules.AskId"/>).</summary>
        public const string Ask = "ask";
        /// <summary>The answers offered (ids, comma-separated).</summary>
        public const string Offered = "offered";
        /// <summary>The question input.</summary>
        public const string Question = "question";
        /// <summary>The answer text input.</summary>
        public const string Text = "answer-text";
    }
}

/// <summary>Builds the Answers module's cards. Questions and answers are shown as written, never as markup.</summary>
public static class AnswerCards
{
    /// <summary>The most rows a list card shows (a Slack message holds 50 blocks; each row takes two).</summary>
    public const int MaxListed = 20;

    /// <summary>"Maybe one of these answers it": each offered answer with "This solved it", and "I still need help".</summary>
    public static Card Offer(RequestDraft draft, IReadOnlyList<AnswerMatch> matches)
    {
        var offered = string.Join(',', matches.Select(m => m.Answer.Id));
        return new Card(
            matches.Count == 1 ? "This might answer it" : "One of these might answer it",
            draft.Text,
            [],
            [],
            [
                new CardAction("I still need help", AnswerVerbs.NeedHelp,
                    new Dictionary<string, string> { [Verbs.Keys.Draft] = draft.DraftId, [AnswerVerbs.Keys.Offered] = offered }, ActionStyle.Default),
            ],
            "Before I file your request: does one of these solve it? If not, I'll file it.")
        {
            Items = matches.Select(m => new CardItem(m.Answer.Question, m.Answer.Text,
            [
                new CardAction("This solved it", AnswerVerbs.Solved,
                    new Dictionary<string, string> { [Verbs.Keys.Draft] = draft.DraftId, [AnswerVerbs.Keys.Answer] = m.Answer.Id }, ActionStyle.Positive),
            ])).ToList(),
        };
    }

    /// <summary>The offer (or what "ask" found) after "This solved it": nothing was filed.</summary>
    public static Card Solved(string? requestText, Answer answer) => new(
        "Glad that solved it",
        requestText,
        [new CardFact(answer.Question, answer.Text)],
        [],
        [],
        $"Nothing was filed. {answer.AuthorName} wrote this answer; I've let them know it helped.",
        CardAccent.Good);

    /// <summary>What <c>ask</c> found, each answer with "This solved it" (once per <paramref name="askId"/>).</summary>
    public static Card Found(string question, IReadOnlyList<AnswerMatch> matches, string askId) => new(
        "Answers that may help",
        question,
        [],
        [],
        [],
        "Not it? Tell me what you need in your own words and I'll file it with the right team.")
    {
        Items = matches.Select(m => new CardItem(m.Answer.Question, m.Answer.Text,
        [
            new CardAction("This solved it", AnswerVerbs.Solved,
                new Dictionary<string, string> { [AnswerVerbs.Keys.Ask] = askId, [AnswerVerbs.Keys.Answer] = m.Answer.Id }, ActionStyle.Positive),
        ])).ToList(),
    };

    /// <summary>A team's answers for its agents: each with what it solved this month, and Retire.</summary>
    public static Card List(string teamName, IReadOnlyList<Answer> answers, IReadOnlyDictionary<string, long> solved, string month)
    {
        var shown = answers.OrderBy(a => a.State).ThenByDescending(a => solved.GetValueOrDefault(a.Id)).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(MaxListed).ToList();
        return new Card(
            $"{teamName} answers",
            null,
            [],
            [],
            [],
            answers.Count > shown.Count
                ? $"{shown.Count} of {answers.Count} shown · solved counts for {month} · \"answer edit <id>\" or \"answer retire <id>\" for the rest"
                : $"{answers.Count} answers · solved counts for {month}")
        {
            Items = shown.Select(a => new CardItem(
                $"{a.Id} · {a.Question}",
                $"{(a.State == AnswerState.Retired ? "Retired" : "Active")} · solved {solved.GetValueOrDefault(a.Id)} this month · by {a.AuthorName}",
                // Rows offer no forms: "answer edit <id>" brings the answer's own card with its Edit form.
                a.State == AnswerState.Retired ? [] : [RetireAction(a)],
                a.State == AnswerState.Retired ? CardAccent.Muted : CardAccent.Default)).ToList(),
        };
    }

    /// <summary>One answer for an agent, with Edit (a form prefilled with it) and Retire.</summary>
    public static Card ForAgent(Answer answer, long solvedThisMonth) => new(
        $"{answer.Id} · {answer.Question}",
        answer.Text,
        [
            new CardFact("Status", answer.State == AnswerState.Retired ? "Retired" : "Active"),
            new CardFact("Written by", answer.AuthorName),
            new CardFact("Solved this month", solvedThisMonth.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        [],
        answer.State == AnswerState.Retired ? [] : [EditAction(answer), RetireAction(answer)],
        answer.LastChange is { } change ? $"Last changed by {change.ByName}" : null,
        answer.State == AnswerState.Retired ? CardAccent.Muted : CardAccent.Default);

    /// <summary>"Edit": a form with the question and answer, prefilled.</summary>
    public static CardAction EditAction(Answer answer) => new("Edit", AnswerVerbs.Edit, Data(answer), ActionStyle.Positive,
        Form("Edit answer", answer.Question, answer.Text, "Save"));

    /// <summary>"Save as an answer" on a resolved ticket: prefilled with <paramref name="question"/> and <paramref name="text"/> (either may be null).</summary>
    public static CardAction SaveAction(Ticket ticket, string? question, string? text) => new("Save as an answer", AnswerVerbs.Save,
        new Dictionary<string, string> { [Verbs.Keys.Ticket] = ticket.Number.ToString() },
        Form: Form("Save as an answer", question, text, "Save"), Prominence: ActionProminence.Secondary);

    private static CardAction RetireAction(Answer answer) => new("Retire", AnswerVerbs.Retire, Data(answer), ActionStyle.Destructive);

    // Form titles stay under 24 characters: a Slack modal title holds no more.
    private static CardForm Form(string title, string? question, string? text, string submit) => new(title,
    [
        new CardInput(AnswerVerbs.Keys.Question, "Question, as people ask it", InputKind.Text, InputRequirement.Required, question,
            "How do I connect to the VPN from home?", MaxLength: AnswersOptions.MaxQuestionLength),
        new CardInput(AnswerVerbs.Keys.Text, "Answer (general: shown to anyone who asks)", InputKind.MultilineText, InputRequirement.Required, text,
            MaxLength: AnswersOptions.MaxAnswerLength),
    ], submit);

    private static IReadOnlyDictionary<string, string> Data(Answer answer) =>
        new Dictionary<string, string> { [AnswerVerbs.Keys.Answer] = answer.Id };
}

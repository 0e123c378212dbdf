using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Answers;

/// <summary>The rules of answers as pure functions: what may be offered, what may be saved, how months are named.</summary>
public static class AnswerRules
{
    /// <summary>Words in a row shared with a request that make an answer a quote of it.</summary>
    public const int QuoteWords = 5;

    /// <summary>
    /// Whether <paramref name="answer"/> may be offered or found: active, and for a confidential team only when an
    /// agent wrote it as a general answer (never one that quotes a request).
    /// </summary>
    public static bool IsOfferable(Answer answer, ServiceTeam? team) =>
        answer.State == AnswerState.Active && team is not null &&
        (team.Confidentiality != Confidentiality.Confidential || answer.Wording == AnswerWording.General);

    /// <summary>
    /// Whether <paramref name="written"/> quotes <paramref name="ticket"/>'s request: it holds its summary, or
    /// <see cref="QuoteWords"/> words in a row of its summary or details.
    /// </summary>
    public static bool QuotesRequest(string written, Ticket ticket)
    {
        var words = AnswerText.Words(written).ToList();
        var text = " " + string.Join(' ', words) + " ";
        foreach (var source in new[] { ticket.Summary, ticket.Details })
        {
            var request = AnswerText.Words(source).ToList();
            if (request.Count is > 0 and < QuoteWords && words.Count > 0 && text.Contains(" " + string.Join(' ', request) + " ", StringComparison.Ordinal))
                return true;
            for (var i = 0; i + QuoteWords <= request.Count; i++)
                if (text.Contains(" " + string.Join(' ', request.Skip(i).Take(QuoteWords)) + " ", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>What is wrong with a question and answer an agent wrote, or null when they can be kept.</summary>
    public static string? Problem(string? question, string? text)
    {
        if (string.IsNullOrWhiteSpace(question)) return "question: write the question as people ask it.";
        if (question.Length > AnswersOptions.MaxQuestionLength) return $"question: keep it under {AnswersOptions.MaxQuestionLength} characters.";
        if (string.IsNullOrWhiteSpace(text)) return "answer: write the answer people will read.";
        if (text.Length > AnswersOptions.MaxAnswerLength) return $"answer: keep it under {AnswersOptions.MaxAnswerLength} characters.";
        return null;
    }

    /// <summary>The month a deflection counts in: "2026-11", in UTC.</summary>
    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The id of a question asked with "ask", from its turn's <paramref name="deliveryKey"/>: short enough for a button's
    /// data, and the same when the turn is redelivered, so either copy of the card counts once.
    /// </summary>
    public static string AskId(string deliveryKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)))[..16];

    /// <summary>The day an author hears about their answers at most once: "2026-11-30", in UTC.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using Microsoft.Extensions.Logging;
using Switchboard.Core.People;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Answers;

/// <summary>
/// Tells an answer's author, in a direct message, that it solved a request: at most once a day per answer, so a
/// popular answer doesn't flood them. Runs from the <see cref="AnswerService.CreditQueue"/> work queue.
/// </summary>
public sealed partial class AnswerCreditDelivery(
    AnswerService answers,
    IIdempotencyStore steps,
    DirectMessenger messenger,
    TimeProvider time,
    ILogger<AnswerCreditDelivery> logger) : IWorkHandler
{
    /// <inheritdoc />
    public string Queue => AnswerService.CreditQueue;

    /// <inheritdoc />
    public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        var answer = await answers.FindAsync(delivery.Item.Payload, cancellationToken);
        if (answer is null) return;
        var now = time.GetUtcNow();
        var key = $"answer-credit:{answer.Id}:{AnswerRules.Day(now)}";
        if (!await steps.TryClaimAsync(key, TimeSpan.FromDays(1), cancellationToken)) return;
        try
        {
            var solved = await answers.SolvedByAsync(answer.Author, now, cancellationToken);
            var text = $"Your answer to \"{answer.Question}\" solved a request: nothing had to be filed. " +
                       $"Your answers solved {solved} {(solved == 1 ? "request" : "requests")} this month.";
            var sent = answer.AuthorAccount is { } account
                ? await messenger.SendAsync(account, text, null, cancellationToken)
                : await messenger.SendAsync(answer.Author, text, null, cancellationToken);
            if (!sent.Sent) LogUnreachable(logger, answer.Id, sent.Outcome);
        }
        catch
        {
            // Not told: the queue retries, and the day's note with it.
            await steps.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The author of answer {AnswerId} could not be messaged directly ({Outcome})")]
    private static partial void LogUnreachable(ILogger logger, string answerId, DirectMessageOutcome outcome);
}

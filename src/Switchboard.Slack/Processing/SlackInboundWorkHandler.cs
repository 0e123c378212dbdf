using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Processing;

/// <summary>
/// Runs the turns of Slack's durable inbound queue (<see cref="SlackInboundQueue.Name"/>), on whichever instance
/// receives them: completes the turn, hands it to the engine, delivers the engine's notice. A turn that fails
/// is retried by the queue; after its last attempt the person gets a short apology instead of silence.
/// </summary>
/// <remarks>
/// A turn may be delivered again after its first run was cut off (a crash, a lost host). Two markers tell what
/// that run got done: the engine's claim on the delivery id (taken when the engine starts) and this handler's
/// "finished" marker (written once the engine has returned). Finished: the run only missed its acknowledgement,
/// so nothing runs again. Not finished: the run died inside the turn without giving the engine's claim back,
/// so the claim is released and the turn runs again rather than being dropped as a duplicate.
/// </remarks>
internal sealed partial class SlackInboundWorkHandler(
    SlackTurnRunner runner,
    SlackApiClient api,
    IIdempotencyStore idempotency,
    SlackSubmissionWaiters waiters,
    TimeProvider time,
    ILogger<SlackInboundWorkHandler> logger) : IWorkHandler
{
    public const string MessageApology = "Sorry — I couldn't handle your last message; please try again.";
    public const string ActionApology = "Sorry — I couldn't complete that; please try again.";

    // Longer than any redelivery of an item: leases and back-offs add up to minutes.
    private static readonly TimeSpan FinishedWindow = ConversationEngine.DedupeWindow;

    // A probe that finds no marker leaves one of its own behind; it must vanish before any later redelivery.
    private static readonly TimeSpan ProbeWindow = TimeSpan.FromSeconds(1);

    // Writing the marker outlasts a short storage blip, so a finished turn is not run again after one.
    private static readonly TimeSpan[] MarkerRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public string Queue => SlackInboundQueue.Name;

    public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        var pending = SlackInboundQueue.Read(delivery.Item);
        var finished = FinishedMarker(delivery.Item.Id);
        var redelivered = delivery.Attempt > 1;
        if (redelivered && await HasFinishedAsync(finished, cancellationToken))
        {
            LogAlreadyFinished(logger, delivery.Item.Id, delivery.Attempt);
            return;
        }

        var turn = await runner.CompleteAsync(pending, cancellationToken);
        if (redelivered && ConversationEngine.DeliveryClaim(turn) is { } claim)
        {
            // An earlier attempt that failed gave the claim back itself; one that died could not. Either way the turn
            // has not finished, so it must run now instead of being dropped as a duplicate.
            await idempotency.ReleaseAsync(claim, cancellationToken);
        }
        var result = await runner.RunAsync(turn, cancellationToken);
        await MarkFinishedAsync(finished, delivery.Item.Id);
        await ReportAsync(delivery.Item.Id, turn, result, cancellationToken);
    }

    /// <summary>The turn ran out of attempts: say so to the person, where they asked.</summary>
    public async Task DeadLetteredAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        var pending = SlackInboundQueue.Read(delivery.Item);
        var text = pending.Text is null ? ActionApology : MessageApology;
        if (pending.ChannelId is { } channel && !SlackIds.IsDirectMessage(channel))
        {
            await api.PostEphemeralAsync(channel, pending.UserId, text, null, pending.ThreadId, cancellationToken);
        }
        else
        {
            var dm = pending.ChannelId ?? await api.OpenDirectMessageAsync(pending.UserId, cancellationToken);
            await api.PostMessageAsync(dm, text, null, null, cancellationToken);
        }
        LogApologised(logger, delivery.Item.Id, delivery.Attempt);
    }

    private async Task ReportAsync(string deliveryId, Turn turn, TurnResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome == TurnOutcome.Refused && result.Notice is { } refusal && waiters.TryShowOnForm(deliveryId, refusal)) return;
        waiters.Finished(deliveryId);
        try
        {
            await runner.DeliverNoticeAsync(turn, result, cancellationToken);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            // The turn itself is done and marked so; running it again for a lost notice would repeat its effects.
            LogNoticeFailed(logger, deliveryId, ex.GetType().Name);
        }
    }

    private async Task<bool> HasFinishedAsync(string marker, CancellationToken cancellationToken)
    {
        // The store can only claim: a claim that succeeds means there was no marker. Its own short window makes
        // it disappear by itself should the release below not get through.
        if (!await idempotency.TryClaimAsync(marker, ProbeWindow, cancellationToken)) return true;
        await idempotency.ReleaseAsync(marker, cancellationToken);
        return false;
    }

    private async Task MarkFinishedAsync(string marker, string deliveryId)
    {
        // The turn has had its effect: from here on, failing is worse than waiting, so shutdown doesn't cut this short.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await idempotency.TryClaimAsync(marker, FinishedWindow, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (attempt < MarkerRetryDelays.Length)
            {
                LogMarkerRetry(logger, deliveryId, ex.GetType().Name);
                await Task.Delay(MarkerRetryDelays[attempt], time, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Only a crash before the acknowledgement would now run the turn again.
                LogMarkerFailed(logger, deliveryId, ex.GetType().Name);
                return;
            }
        }
    }

    private static string FinishedMarker(string deliveryId) => $"slack-turn-finished:{deliveryId}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack turn {DeliveryId} had finished before its attempt {Attempt}; only its acknowledgement was missing")]
    private static partial void LogAlreadyFinished(ILogger logger, string deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack turn {DeliveryId} gave up after {Attempts} attempts; the person was told")]
    private static partial void LogApologised(ILogger logger, string deliveryId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notice of Slack turn {DeliveryId} could not be delivered ({ErrorType})")]
    private static partial void LogNoticeFailed(ILogger logger, string deliveryId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking Slack turn {DeliveryId} finished failed ({ErrorType}); trying again")]
    private static partial void LogMarkerRetry(ILogger logger, string deliveryId, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack turn {DeliveryId} could not be marked finished ({ErrorType}); a crash before its acknowledgement would run it again")]
    private static partial void LogMarkerFailed(ILogger logger, string deliveryId, string errorType);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Work;

namespace Switchboard.Slack.Processing;

/// <summary>What became of a turn offered to the Slack inbound queue.</summary>
internal enum SlackEnqueueOutcome
{
    /// <summary>Stored durably: Slack may be told it arrived.</summary>
    Stored,

    /// <summary>Slack sent it again (a retry) and it is stored already: acknowledge again, nothing more to do.</summary>
    AlreadyStored,

    /// <summary>Storage failed: Slack must not be told it arrived, so that it (or the person) tries again.</summary>
    NotStored,
}

/// <summary>
/// The enqueue side of Slack's durable inbound queue (<see cref="IWorkQueue"/> queue <see cref="Name"/>). The
/// HTTP handlers store a turn here before acknowledging it; <see cref="SlackInboundWorkHandler"/> runs it later,
/// on whichever instance receives it.
/// </summary>
internal sealed partial class SlackInboundQueue(IWorkQueue queue, ILogger<SlackInboundQueue> logger)
{
    public const string Name = "slack-inbound";

    public async Task<SlackEnqueueOutcome> EnqueueAsync(SlackPendingTurn turn, CancellationToken cancellationToken)
    {
        // Slack's delivery id is the item id, so a retried event lands on the item already stored.
        var id = string.IsNullOrEmpty(turn.DeliveryId) ? $"slack:{Guid.NewGuid():N}" : turn.DeliveryId;
        var item = new WorkItem(id, OrderingKey(turn),
            JsonSerializer.Serialize(turn, SlackWorkJsonContext.Default.SlackPendingTurn));
        try
        {
            return await queue.EnqueueAsync(Name, item, null, cancellationToken) ? SlackEnqueueOutcome.Stored : SlackEnqueueOutcome.AlreadyStored;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStored(logger, item.Id, ex.GetType().Name);
            return SlackEnqueueOutcome.NotStored;
        }
    }

    /// <summary>The turn stored in <paramref name="item"/>.</summary>
    public static SlackPendingTurn Read(WorkItem item) =>
        JsonSerializer.Deserialize(item.Payload, SlackWorkJsonContext.Default.SlackPendingTurn)
        ?? throw new JsonException($"Work item {item.Id} holds no Slack turn.");

    // One person's turns run one at a time and in order; different people never wait for each other.
    private static string OrderingKey(SlackPendingTurn turn) => $"user:{turn.UserId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack turn {DeliveryId} could not be stored ({ErrorType}); it is refused so that Slack or the person tries again")]
    private static partial void LogNotStored(ILogger logger, string deliveryId, string errorType);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Processing;

namespace Switchboard.Slack.Inbound;

/// <summary>
/// Events API payloads (<c>POST /api/slack/events</c>, or a Socket Mode <c>events_api</c> envelope): answers
/// <c>url_verification</c>, turns DMs and mentions into turns, stores them in the durable inbound queue and
/// acknowledges only then (Slack retries after 3 s, or after a 503 or a missing ack when storage failed). A redelivered <c>event_id</c> is the queue item already stored, and the engine claims
/// <see cref="Turn.DeliveryId"/> once besides.
/// </summary>
internal sealed partial class SlackEventsHandler(SlackInboundQueue queue, ModuleRegistry modules, TimeProvider time, ILogger<SlackEventsHandler> logger)
{
    // Slack's own system user (reminders, notices) posts without a bot_id.
    private const string SlackbotUserId = "USLACKBOT";

    public async Task<SlackReply> HandleAsync(byte[] body, int? retryNumber, CancellationToken cancellationToken)
    {
        SlackEventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, SlackJsonContext.Default.SlackEventEnvelope);
        }
        catch (JsonException)
        {
            return SlackReply.Invalid("The event is not valid JSON.");
        }
        if (envelope is null) return SlackReply.Invalid("The event is empty.");

        switch (envelope.Type)
        {
            case "url_verification":
                return SlackReply.With(new JsonObject { ["challenge"] = envelope.Challenge ?? "" });
            case "app_rate_limited":
                LogRateLimited(logger, envelope.TeamId);
                return SlackReply.Ok;
            case "event_callback" when envelope.Event is not null:
                var pending = Translate(envelope, envelope.Event);
                if (pending is null) return SlackReply.Ok;
                if (retryNumber is { } retry) LogRedelivery(logger, envelope.EventId, retry);
                return await queue.EnqueueAsync(pending, cancellationToken) == SlackEnqueueOutcome.NotStored
                    ? SlackReply.NotStored
                    : SlackReply.Ok;
            default:
                return SlackReply.Ok;
        }
    }

    private SlackPendingTurn? Translate(SlackEventEnvelope envelope, SlackEvent e)
    {
        var botUserId = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId
                        ?? envelope.Authorizations?.FirstOrDefault()?.UserId;

        // Our own messages, other bots, edits, deletes and joins are not people talking to us.
        if (e.BotId is not null || e.User is null || e.User == botUserId || e.User == SlackbotUserId || e.Channel is null) return null;
        if (e.Subtype is not null and not "file_share" and not "thread_broadcast") return null;
        if (e.Edited is not null) return null;

        var timestamp = SlackWire.ParseTs(e.Ts, time.GetUtcNow());
        var teamId = envelope.TeamId ?? e.Team;
        var text = SlackWire.StripMention(e.Text, botUserId);

        return e.Type switch
        {
            "message" when e.ChannelType == "im" =>
                new SlackPendingTurn(envelope.EventId, e.User, teamId, e.Channel, null, ConversationScope.Personal, text, null, timestamp),
            // A mention inside the bot's DM also arrives as message.im; answering both would reply twice.
            "app_mention" when !SlackIds.IsDirectMessage(e.Channel) =>
                new SlackPendingTurn(envelope.EventId, e.User, teamId, e.Channel, e.ThreadTs ?? e.Ts, ConversationScope.Channel, text, null, timestamp),
            // Opening the App Home tab asks for the intent a module exposes there (its Messages tab is the DM).
            "app_home_opened" when e.Tab == "home" && modules.EntryPoints.FirstOrDefault(p => p.Surface == EntrySurface.Home) is { } home =>
                new SlackPendingTurn(envelope.EventId, e.User, teamId, e.Channel, null, ConversationScope.Personal, null, null, timestamp, Intent: home.Invoke(null)),
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack is rate limiting events for workspace {TeamId}")]
    private static partial void LogRateLimited(ILogger logger, string? teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack redelivered event {EventId} (retry {Retry})")]
    private static partial void LogRedelivery(ILogger logger, string? eventId, int retry);
}

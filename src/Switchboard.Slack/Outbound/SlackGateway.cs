using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Sends the engine's messages to Slack: a top-level post in a channel starts a thread (its <c>ts</c> becomes
/// the thread id), <see cref="OutboundMessage.VisibleTo"/> becomes an ephemeral message, updates use <c>chat.update</c>.
/// </summary>
internal sealed class SlackGateway(SlackApiClient api, BlockKitRenderer renderer) : IPlatformGateway
{
    public Platform Platform => SlackPlatform.Id;

    public async Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var to = message.To;
        var blocks = await renderer.RenderAsync(message, cancellationToken);
        var text = BlockKitRenderer.FallbackText(message);

        if (message.VisibleTo is { } viewer && viewer.Platform == SlackPlatform.Id)
        {
            var ephemeralTs = await api.PostEphemeralAsync(to.ConversationId, viewer.Id, text, blocks, to.ThreadId, cancellationToken);
            return new MessageRef(to, ephemeralTs ?? "");
        }

        var ts = await api.PostMessageAsync(to.ConversationId, text, blocks, to.ThreadId, cancellationToken);
        return to.ThreadId is null && !SlackIds.IsDirectMessage(to.ConversationId)
            ? new MessageRef(to.InThread(ts), ts)
            : new MessageRef(to, ts);
    }

    public async Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        var blocks = await renderer.RenderAsync(message, cancellationToken);
        await api.UpdateMessageAsync(target.Address.ConversationId, target.MessageId, BlockKitRenderer.FallbackText(message), blocks, cancellationToken);
    }
}

/// <summary>What Slack's id prefixes tell.</summary>
internal static class SlackIds
{
    /// <summary>Direct-message channel ids start with D.</summary>
    public static bool IsDirectMessage(string channelId) => channelId.StartsWith('D');
}

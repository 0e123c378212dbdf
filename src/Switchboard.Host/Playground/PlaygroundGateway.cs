using Switchboard.Core.Conversations;

namespace Switchboard.Host.Playground;

/// <summary>Delivers the bot's messages into the playground's stored conversations.</summary>
public sealed class PlaygroundGateway(PlaygroundTranscript transcript) : IPlatformGateway
{
    public static readonly PlaygroundSender Bot = new("Switchboard", true);

    public Platform Platform => PlaygroundPlatform.Id;

    public async Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var to = message.To;
        var sent = await transcript.AppendAsync(to.ConversationId, to.ThreadId, Bot, message.Text, message.Card, message.VisibleTo?.Id, cancellationToken);
        // A top-level post in a team channel starts a thread that later messages can reply in.
        var address = to.ThreadId is null && PlaygroundApi.IsChannel(to.ConversationId) ? to.InThread(sent.Id) : to;
        return new MessageRef(address, sent.Id);
    }

    public async Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!await transcript.ReplaceAsync(target.Address.ConversationId, target.MessageId, message.Text, message.Card, cancellationToken))
            throw new InvalidOperationException($"Playground message {target.MessageId} no longer exists.");
    }
}

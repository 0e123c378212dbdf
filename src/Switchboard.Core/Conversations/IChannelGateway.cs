namespace Switchboard.Core.Conversations;

/// <summary>
/// Sends neutral messages on one platform. Implemented by the Teams, Slack and playground gateways.
/// </summary>
public interface IChannelGateway
{
    /// <summary>The platform this gateway serves.</summary>
    ChannelKind Channel { get; }

    /// <summary>
    /// Sends a message. Sent to a channel conversation without a thread, it starts a new thread
    /// (Teams: a new conversation in the channel; Slack: a top-level message) and the returned
    /// reference's address points at that thread.
    /// </summary>
    Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Replaces an earlier message in place (card update).</summary>
    Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Finds the gateway for a channel kind.</summary>
public sealed class ChannelGateways(IEnumerable<IChannelGateway> gateways)
{
    private readonly Dictionary<ChannelKind, IChannelGateway> _byChannel = gateways.ToDictionary(g => g.Channel);

    /// <summary>True when a gateway serves <paramref name="channel"/> (the channel is enabled).</summary>
    public bool Has(ChannelKind channel) => _byChannel.ContainsKey(channel);

    /// <summary>The gateway for <paramref name="channel"/>.</summary>
    /// <exception cref="InvalidOperationException">No gateway is registered for that channel.</exception>
    public IChannelGateway For(ChannelKind channel) =>
        _byChannel.TryGetValue(channel, out var gateway)
            ? gateway
            : throw new InvalidOperationException($"No gateway is registered for {channel}; is that channel configured?");

    /// <summary>Sends through the gateway of the message's channel.</summary>
    public Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        For(message.To.Channel).SendAsync(message, cancellationToken);

    /// <summary>Updates through the gateway of the target's channel.</summary>
    public Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken) =>
        For(target.Address.Channel).UpdateAsync(target, message, cancellationToken);
}

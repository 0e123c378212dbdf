namespace Switchboard.Core.Conversations;

/// <summary>
/// Sends neutral messages on one platform. Each platform's adapter implements one.
/// </summary>
public interface IPlatformGateway
{
    /// <summary>The platform this gateway serves.</summary>
    Platform Platform { get; }

    /// <summary>
    /// Sends a message. Sent to a channel conversation without a thread, it starts a new thread
    /// (the platform's top-level post that replies hang under) and the returned reference's address
    /// points at that thread.
    /// </summary>
    Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Replaces an earlier message in place (card update).</summary>
    Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Finds the gateway for a platform.</summary>
public sealed class PlatformGateways(IEnumerable<IPlatformGateway> gateways)
{
    private readonly Dictionary<Platform, IPlatformGateway> _byPlatform = gateways.ToDictionary(g => g.Platform);

    /// <summary>True when a gateway serves <paramref name="platform"/> (the platform is enabled).</summary>
    public bool Has(Platform platform) => _byPlatform.ContainsKey(platform);

    /// <summary>The gateway for <paramref name="platform"/>.</summary>
    /// <exception cref="InvalidOperationException">No gateway is registered for that platform.</exception>
    public IPlatformGateway For(Platform platform) =>
        _byPlatform.TryGetValue(platform, out var gateway)
            ? gateway
            : throw new InvalidOperationException($"No gateway is registered for {platform}; is that platform enabled?");

    /// <summary>Sends through the gateway of the message's platform.</summary>
    public Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        For(message.To.Platform).SendAsync(message, cancellationToken);

    /// <summary>Answers the person who spoke in <paramref name="turn"/> (only them, in a shared conversation).</summary>
    public async Task<TurnResult> ReplyAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        await SendAsync(turn.PrivateReply(text), cancellationToken);
        return TurnResult.Handled();
    }

    /// <summary>Updates through the gateway of the target's platform.</summary>
    public Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken) =>
        For(target.Address.Platform).UpdateAsync(target, message, cancellationToken);

    /// <summary>
    /// Answers a click that changed nothing the outbox repaints with the clicked card's new face <paramref name="card"/>:
    /// the platform shows the returned card where it answers clicks with one (Teams); elsewhere the clicked message
    /// is also updated in place.
    /// </summary>
    public async Task<TurnResult> HandledWithCardAsync(Turn turn, Card card, string? notice, CancellationToken cancellationToken)
    {
        if (turn.ClickedCardRefresh == ClickedCardRefresh.Update && turn.SourceMessage is { } source)
            await UpdateAsync(source, new OutboundMessage(source.Address, null, card), cancellationToken);
        return TurnResult.Handled(card, notice);
    }
}

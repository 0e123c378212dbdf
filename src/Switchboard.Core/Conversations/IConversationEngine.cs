namespace Switchboard.Core.Conversations;

/// <summary>The brain: takes a channel-neutral turn, acts, and sends replies through the gateways.</summary>
public interface IConversationEngine
{
    /// <summary>
    /// Handles one inbound turn: drops redeliveries, runs commands, dialogs and card actions, and sends
    /// every message through <see cref="PlatformGateways"/>. Adapters may use the result for their
    /// synchronous answer (Teams invoke response, Slack ephemeral notice).
    /// </summary>
    Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken);
}

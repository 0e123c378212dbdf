namespace Switchboard.Core.Conversations;

/// <summary>The brain: takes a platform-neutral turn, acts, and sends replies through the gateways.</summary>
public interface IConversationEngine
{
    /// <summary>
    /// Handles one inbound turn: drops redeliveries, runs commands, dialogs and card actions, and sends
    /// every message through <see cref="PlatformGateways"/>. Adapters may use the result for the
    /// answer their platform expects to the request that carried the turn.
    /// </summary>
    Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken);
}

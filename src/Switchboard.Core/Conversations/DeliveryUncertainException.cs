namespace Switchboard.Core.Conversations;

/// <summary>
/// A send failed in a way that leaves its outcome unknown: the request may have reached the platform (it
/// timed out, or the connection dropped after it was sent). Sending the message again could show it twice,
/// so callers that promise "at most once" record it as possibly delivered and never send it again.
/// </summary>
/// <remarks>
/// Gateways throw this only for sends that create a message. A send the platform refused or never received
/// (an error answer, a connection that could not be opened) throws the platform's own exception instead and
/// may be retried.
/// </remarks>
public sealed class DeliveryUncertainException(string message, Exception? inner = null) : Exception(message, inner);

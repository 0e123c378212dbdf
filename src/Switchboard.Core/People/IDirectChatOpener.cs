using Switchboard.Core.Conversations;

namespace Switchboard.Core.People;

/// <summary>
/// Opens (or finds) the bot's direct chat with an account on one platform, so the bot can write first.
/// Each adapter implements it for its platform.
/// </summary>
public interface IDirectChatOpener
{
    /// <summary>The platform this opener serves.</summary>
    Platform Platform { get; }

    /// <summary>The address of the bot's direct chat with <paramref name="identity"/>.</summary>
    /// <exception cref="DirectChatRefusedException">The platform will not open one (not installed for them, unknown or deactivated user).</exception>
    /// <remarks>Transient failures (outage, rate limit) throw the platform's own exceptions, so a durable caller retries.</remarks>
    Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken);
}

/// <summary>A platform refused to open a direct chat; <see cref="Exception.Message"/> says why, in a sentence for people.</summary>
public sealed class DirectChatRefusedException(string reason, Exception? innerException = null) : Exception(reason, innerException);

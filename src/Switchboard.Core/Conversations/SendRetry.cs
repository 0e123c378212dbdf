namespace Switchboard.Core.Conversations;

/// <summary>What a call to a platform does, as far as repeating it goes.</summary>
public enum SendKind
{
    /// <summary>Repeating it changes nothing (an update in place, a lookup, opening an existing chat).</summary>
    Repeatable,

    /// <summary>Each call creates something (a posted message, a new conversation): repeating one that worked shows it twice.</summary>
    Creating,
}

/// <summary>How one attempt to call a platform failed.</summary>
public enum SendFailure
{
    /// <summary>The platform asked to slow down (HTTP 429); it did not take the request.</summary>
    RateLimited,

    /// <summary>The platform never took the request: the connection could not be opened, or it refused it before processing (HTTP 412).</summary>
    NotTaken,

    /// <summary>The platform answered with a server error (HTTP 5xx): usually nothing was done, but a proxy may answer so after the request went through.</summary>
    ServerError,

    /// <summary>No answer came (a timeout, a connection dropped after sending): the platform may have done it.</summary>
    NoAnswer,
}

/// <summary>
/// The one rule for repeating a failed platform call at once (the HTTP clients of every platform apply it):
/// a call is repeated when repeating it cannot show anything twice, or when the platform certainly did not take it.
/// </summary>
/// <remarks>
/// A creating call that got a server error is not repeated here; the outbox, which remembers what was
/// delivered, tries it again later. One that got no answer is never repeated: see <see cref="DeliveryUncertainException"/>.
/// </remarks>
public static class SendRetry
{
    /// <summary>Whether a call of <paramref name="kind"/> that failed with <paramref name="failure"/> may be made again now.</summary>
    public static bool MayRepeat(SendKind kind, SendFailure failure) => failure switch
    {
        SendFailure.RateLimited or SendFailure.NotTaken => true,
        _ => kind == SendKind.Repeatable,
    };
}

namespace Switchboard.Core.Storage;

/// <summary>
/// How long state nobody touches again is kept. Tickets, kudos and the people directory are kept for good;
/// everything a conversation leaves behind expires, each write starting its time again.
/// </summary>
public static class StateLifetimes
{
    /// <summary>A person's state in a conversation (the request being drafted): a draft left alone this long is dropped.</summary>
    public static readonly TimeSpan Conversation = TimeSpan.FromDays(30);

    /// <summary>Which ticket a team card's thread belongs to: replies in the thread stay linked this long after the card was posted.</summary>
    public static readonly TimeSpan TicketThread = TimeSpan.FromDays(180);

    /// <summary>A large form stored for a platform button (Slack's value limit): the button works this long after it was sent.</summary>
    public static readonly TimeSpan PlatformForm = TimeSpan.FromDays(90);
}

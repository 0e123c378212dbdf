using System.Collections.Concurrent;
using Switchboard.Core.Conversations;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// A playground-kind gateway that delivers nothing: it hands out fresh message ids and remembers only what
/// the bench needs to click next, as a platform would tell a client: the latest draft card in each direct chat
/// and the team card posted for each ticket.
/// </summary>
public sealed class BenchGateway : IPlatformGateway
{
    private const string TeamPrefix = "team:";
    private readonly ConcurrentDictionary<string, SentCard> _latestDirectCard = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MessageRef>> _teamCardByTicket = new(StringComparer.Ordinal);
    private long _next;

    public Platform Platform => new Platform("playground");

    public Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = "b" + Interlocked.Increment(ref _next);
        var to = message.To;
        var isTeamPost = to.ThreadId is null && to.ConversationId.StartsWith(TeamPrefix, StringComparison.Ordinal);
        // Like the real gateways, a top-level post in a team channel starts a thread.
        var sent = new MessageRef(isTeamPost ? to.InThread(id) : to, id);
        if (message.Card is { } card)
        {
            if (isTeamPost && TicketOf(card) is { } ticket) TeamCardOf(ticket).TrySetResult(sent);
            // Only a pending draft's card (answers offered, confirmation): the outbox posts the requester's ticket
            // card into the same chat in the background, and it may come after the next request's card.
            else if (!to.ConversationId.StartsWith(TeamPrefix, StringComparison.Ordinal) && IsDraftCard(card)) _latestDirectCard[to.ConversationId] = new SentCard(sent, card);
        }
        return Task.FromResult(sent);
    }

    public Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (message.Card is { } card)
        {
            var conversation = target.Address.ConversationId;
            // Only the newest card of a chat is tracked; updates to older ones (a replaced draft) don't move it back.
            if (_latestDirectCard.TryGetValue(conversation, out var latest) && latest.Message.MessageId == target.MessageId)
                _latestDirectCard[conversation] = latest with { Card = card };
        }
        return Task.CompletedTask;
    }

    public SentCard? LatestCardIn(string conversationId) => _latestDirectCard.GetValueOrDefault(conversationId);

    /// <summary>
    /// The team card posted for <paramref name="ticket"/> (the outbox posts it after the Submit turn), or null when
    /// none came within <paramref name="timeout"/>; forgotten once taken.
    /// </summary>
    public async Task<MessageRef?> TakeTeamCardAsync(string ticket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await TeamCardOf(ticket).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _teamCardByTicket.TryRemove(ticket, out _);
        }
    }

    private TaskCompletionSource<MessageRef> TeamCardOf(string ticket) =>
        _teamCardByTicket.GetOrAdd(ticket, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    private static bool IsDraftCard(Card card) => card.Actions.Any(a => a.Data.ContainsKey(Verbs.Keys.Draft));

    public static string? TicketOf(Card card) =>
        card.Actions.Select(a => a.Data.GetValueOrDefault(Verbs.Keys.Ticket)).FirstOrDefault(t => t is not null);

    public sealed record SentCard(MessageRef Message, Card Card);
}

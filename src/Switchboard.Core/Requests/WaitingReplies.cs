using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>
/// While a request waits on its requester, her next plain message in her direct chat is her answer: it goes to
/// that request. With several waiting, or one when the message clearly asks another team for something, she is
/// asked which (or whether it is a new request). Greetings and thanks are left to <see cref="SmallTalk"/>.
/// </summary>
public sealed class WaitingReplies(
    ITicketStore tickets,
    TicketService service,
    StateDocuments state,
    IntakeDialog intake,
    IRequestRouter router,
    PlatformGateways gateways,
    TimeProvider time) : IConversationFallback, ICardVerbHandler
{
    /// <summary>How many waiting requests the card offers as buttons; the others go in its "More" menu.</summary>
    private const int PrimaryChoices = 2;

    /// <inheritdoc />
    public async Task<TurnResult?> TryHandleAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        if (turn.Scope != ConversationScope.Personal || SmallTalkText.Classify(text) is SmallTalkKind.Thanks or SmallTalkKind.Greeting) return null;
        var waiting = (await tickets.ListOpenByRequesterAsync(turn.From.Key, cancellationToken))
            .Where(t => t.Status == TicketStatus.WaitingOnRequester)
            .OrderByDescending(t => t.History[^1].At)
            .ToList();
        if (waiting.Count == 0) return null;
        // One waiting request takes the message, unless it clearly asks another team for something: then she says.
        if (waiting.Count == 1 && !LooksNew(text, waiting[0])) return await AnswerAsync(turn, waiting[0].Number, text, cancellationToken);

        var reply = new PendingReply(Guid.NewGuid().ToString("N")[..12], text, [.. waiting.Select(t => t.Number.ToString())], time.GetUtcNow());
        var sent = await gateways.SendAsync(new OutboundMessage(turn.Conversation, null, WhichCard(reply, waiting)), cancellationToken);
        await state.UpdateAsync(IntakeDialog.StateKey(turn), SwitchboardJsonContext.Default.ConversationState,
            current => (current ?? new ConversationState()) with { PendingReply = reply with { Card = sent } },
            StateLifetimes.Conversation, cancellationToken);
        return TurnResult.Handled();
    }

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        var reply = await TakeAsync(turn, action.Get(Verbs.Keys.Reply), cancellationToken);
        if (reply is null) return TurnResult.Refused("I've already taken care of that message.");
        if (action.Verb == Verbs.ReplyIsNewRequest)
        {
            await intake.StartAsync(turn, reply.Text, cancellationToken);
            return TurnResult.Handled(Closed(reply, "Filing it as a new request."));
        }
        if (!TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number) || !reply.Tickets.Contains(number.Value.ToString()))
            return TurnResult.Refused("Choose one of the requests on the card.");
        await AnswerAsync(turn, number.Value, reply.Text, cancellationToken);
        return TurnResult.Handled(Closed(reply, $"Added to {number}."));
    }

    private bool LooksNew(string text, Ticket waiting) =>
        router.Route(text) is { IsConfident: true } decision && decision.TeamId != waiting.TeamId;

    private async Task<TurnResult> AnswerAsync(Turn turn, TicketNumber number, string text, CancellationToken cancellationToken)
    {
        // The outbox tells her "Added to ..." and posts it in the team's thread, as "add info" does.
        var outcome = await service.ChangeAsync(number, new TicketChange(Verbs.AddInfo, turn.From, text, DeliveryId: turn.DeliveryKey), cancellationToken);
        if (outcome.Ticket is not null) return TurnResult.Handled();
        await gateways.ReplyAsync(turn, outcome.Refusal!, cancellationToken);
        return TurnResult.Refused(outcome.Refusal!);
    }

    private async Task<PendingReply?> TakeAsync(Turn turn, string? replyId, CancellationToken cancellationToken)
    {
        PendingReply? taken = null;
        await state.UpdateAsync(IntakeDialog.StateKey(turn), SwitchboardJsonContext.Default.ConversationState, current =>
        {
            taken = current?.PendingReply is { } kept && kept.ReplyId == replyId ? kept : null;
            return taken is not null ? current! with { PendingReply = null } : current ?? new ConversationState();
        }, StateLifetimes.Conversation, cancellationToken);
        return taken;
    }

    private static Card WhichCard(PendingReply reply, IReadOnlyList<Ticket> waiting)
    {
        var actions = waiting.Select((t, i) => new CardAction(
                $"{t.Number} · {Shorten(t.Summary)}",
                Verbs.ReplyToTicket,
                new Dictionary<string, string> { [Verbs.Keys.Reply] = reply.ReplyId, [Verbs.Keys.Ticket] = t.Number.ToString() },
                i == 0 ? ActionStyle.Positive : ActionStyle.Default,
                Prominence: i < PrimaryChoices ? ActionProminence.Primary : ActionProminence.Secondary))
            .Append(new CardAction("A new request", Verbs.ReplyIsNewRequest, new Dictionary<string, string> { [Verbs.Keys.Reply] = reply.ReplyId },
                Prominence: ActionProminence.Secondary))
            .ToList();
        return new Card("Which request is this about?", reply.Text, [], [], actions,
            waiting.Count == 1 ? $"{waiting[0].Number} waits on your answer." : $"{waiting.Count} of your requests wait on your answer.");
    }

    private static Card Closed(PendingReply reply, string outcome) => new("Which request is this about?", reply.Text, [], [], [], outcome, CardAccent.Muted);

    private static string Shorten(string summary) => summary.Length <= 40 ? summary : summary[..39].TrimEnd() + "…";
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Queues;

/// <summary>"queue [team]", "mine" and "unassigned [team]": the agent's queue as a list card, only for them.</summary>
public sealed class QueueListHandler(
    AgentQueues queues,
    QueueCards cards,
    TicketDisclosure disclosure,
    TeamDirectory teams,
    PlatformGateways gateways,
    TimeProvider time) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var view = intent.Name switch
        {
            QueueIntents.Mine => QueueView.Mine,
            QueueIntents.Unassigned => QueueView.Unassigned,
            _ => QueueView.Team,
        };
        ServiceTeam? only = null;
        if (intent.Get(Verbs.Keys.Team) is { } teamId)
        {
            only = teams.Get(teamId);
            if (!only.IsAgent(turn.From))
                return await gateways.ReplyAsync(turn,
                    $"You're not an agent of {only.Name}. Your teams: {string.Join(", ", teams.TeamsOf(turn.From).Select(t => $"{t.Name} ({t.Id})"))}.", cancellationToken);
        }
        var card = await ListCardAsync(turn, view, only, cancellationToken);
        await gateways.SendAsync(turn.PrivateReply(null, card), cancellationToken);
        return TurnResult.Handled();
    }

    /// <summary>The list card of <paramref name="view"/> as it may be shown where <paramref name="turn"/> happened.</summary>
    public async Task<Card> ListCardAsync(Turn turn, QueueView view, ServiceTeam? only, CancellationToken cancellationToken)
    {
        var tickets = await queues.ListAsync(turn.From, view, only, cancellationToken);
        var places = new Dictionary<TicketNumber, TicketPlace>();
        foreach (var ticket in tickets.Take(QueueCards.ChatRows))
            places[ticket.Number] = await disclosure.PlaceAsync(ticket, turn.Conversation, turn.Scope, cancellationToken);
        return cards.Queue(view, tickets, only, turn.From, t => places.GetValueOrDefault(t.Number, TicketPlace.Shared),
            time.GetUtcNow(), QueueCards.ChatRows, QueueLists.Of(view));
    }
}

/// <summary>
/// The buttons of list rows: "Assign to me" (the list it was on is brought up to date) and "Open" (the ticket's card,
/// as the person may see it where they clicked).
/// </summary>
public sealed class QueueActions(
    ITicketStore tickets,
    TicketService service,
    TicketDisclosure disclosure,
    TeamDirectory teams,
    QueueListHandler lists,
    HomePages homes,
    PlatformGateways gateways) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number))
            return TurnResult.Refused("That row doesn't say which request it is about.");
        var ticket = await tickets.GetAsync(number.Value, cancellationToken);
        if (ticket is null || !disclosure.MaySee(ticket, turn.From)) return TurnResult.Refused(TicketDisclosure.Unknown(number.Value));
        return action.Verb == QueueVerbs.Open
            ? await OpenAsync(turn, ticket, cancellationToken)
            : await AssignAsync(turn, action, ticket, cancellationToken);
    }

    private async Task<TurnResult> OpenAsync(Turn turn, Ticket ticket, CancellationToken cancellationToken)
    {
        var card = await disclosure.CardForAsync(ticket, turn, cancellationToken);
        if (card is null) return TurnResult.Refused(TicketDisclosure.Unknown(ticket.Number));
        await gateways.SendAsync(turn.PrivateReply(null, card), cancellationToken);
        return TurnResult.Handled();
    }

    private async Task<TurnResult> AssignAsync(Turn turn, TurnAction action, Ticket ticket, CancellationToken cancellationToken)
    {
        var outcome = await service.ChangeAsync(ticket, new TicketChange(Verbs.AssignToMe, turn.From, DeliveryId: turn.DeliveryKey), cancellationToken);
        var list = action.Get(QueueVerbs.Keys.List);
        if (list == QueueLists.Home)
        {
            // A home page shows the change at once; the refresh the change queues only confirms it.
            await homes.PublishAsync(turn.From, cancellationToken);
        }
        var refreshed = await RefreshedListAsync(turn, list, action.Get(Verbs.Keys.Team), cancellationToken);
        return outcome.Ticket is null
            ? new TurnResult(TurnOutcome.Refused, refreshed, outcome.Refusal)
            : TurnResult.Handled(refreshed, $"You took {ticket.Number}.");
    }

    /// <summary>
    /// The list the click came from, brought up to date: updated in place where the bot can (a direct chat), or
    /// handed back for the platform to show (Teams answers the click with it).
    /// </summary>
    private async Task<Card?> RefreshedListAsync(Turn turn, string? list, string? teamId, CancellationToken cancellationToken)
    {
        if (turn.SourceMessage is not { } source || QueueLists.ViewOf(list) is not { } view) return null;
        var card = await lists.ListCardAsync(turn, view, teams.Find(teamId), cancellationToken);
        if (turn.ClickedCardRefresh == ClickedCardRefresh.Answer) return card;
        // A list in a shared conversation was shown to the agent alone (Slack: ephemeral), which the bot can't edit.
        if (turn.Scope == ConversationScope.Personal) await gateways.UpdateAsync(source, new OutboundMessage(source.Address, null, card), cancellationToken);
        return null;
    }
}

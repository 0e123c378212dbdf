using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>
/// Changes a ticket from a card button (any ticket verb) or a typed command ("cancel IT-1001", "add info
/// IT-1001 ...", "reopen IT-1001", whose intents are named after their verbs).
/// </summary>
public sealed class TicketActions(
    ITicketStore tickets,
    TicketService service,
    TicketDisclosure disclosure,
    TeamDirectory teams,
    PlatformGateways gateways) : ICardVerbHandler, IIntentHandler
{
    /// <inheritdoc />
    public Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken) =>
        TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number)
            ? ChangeAsync(turn, number.Value, action.Verb, action.Get(Verbs.Keys.Note), action, cancellationToken)
            : Task.FromResult(TurnResult.Refused("That card doesn't say which request it is about."));

    /// <inheritdoc />
    public Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) =>
        TicketNumber.TryParse(intent.Get(Verbs.Keys.Ticket), out var number)
            ? ChangeAsync(turn, number.Value, intent.Name, intent.Get(Verbs.Keys.Note), null, cancellationToken)
            : gateways.ReplyAsync(turn, "Write the request's number too, like \"status IT-1001\".", cancellationToken);

    private async Task<TurnResult> ChangeAsync(Turn turn, TicketNumber number, string verb, string? note, TurnAction? action, CancellationToken cancellationToken)
    {
        var card = action is null ? null : turn.SourceMessage;
        var ticket = await tickets.GetAsync(number, cancellationToken);
        if (ticket is null || !disclosure.MaySee(ticket, turn.From, card))
            return await RefuseAsync(turn, action, TicketDisclosure.Unknown(number), cancellationToken);
        var team = teams.Get(ticket.TeamId);

        PersonRef? assignee = null;
        if (verb == Verbs.Assign)
        {
            var key = action?.Get(Verbs.Keys.Assignee);
            var agent = team.Agents.FirstOrDefault(a => string.Equals(TicketCards.AgentKey(a), key, StringComparison.OrdinalIgnoreCase));
            if (agent is null) return await RefuseAsync(turn, action, $"Choose one of the {team.Name} agents.", cancellationToken);
            assignee = agent.On(turn.From.Platform);
        }
        ServiceTeam? target = null;
        if (verb == Verbs.Move)
        {
            target = teams.Find(action?.Get(Verbs.Keys.Team));
            if (target is null) return await RefuseAsync(turn, action, "Choose the team to move it to.", cancellationToken);
        }

        // Where the platform shows the answer to the click on the card, the outbox leaves that card alone.
        var change = new TicketChange(verb, turn.From, note, assignee, target, turn.DeliveryKey, card)
        {
            AnsweredCard = turn.ClickedCardRefresh == ClickedCardRefresh.Answer ? card : null,
        };
        var outcome = await service.ChangeAsync(ticket, change, cancellationToken);
        if (outcome.Ticket is null)
        {
            // Refresh a stale card for the clicker so it shows who got there first.
            var current = outcome.Current is null ? null : await CardForSourceAsync(turn, outcome.Current, cancellationToken);
            if (action is null) await gateways.ReplyAsync(turn, outcome.Refusal!, cancellationToken);
            return new TurnResult(TurnOutcome.Refused, current, outcome.Refusal);
        }
        if (action is null && !outcome.Ticket.RequesterAddress.Key.Equals(turn.Conversation.Key, StringComparison.Ordinal))
            await gateways.ReplyAsync(turn, $"Done: {number} is now {TicketCards.StatusText(outcome.Ticket.Status).ToLowerInvariant()}.", cancellationToken);
        return TurnResult.Handled(await CardForSourceAsync(turn, outcome.Ticket, cancellationToken));
    }

    private async Task<Card?> CardForSourceAsync(Turn turn, Ticket ticket, CancellationToken cancellationToken)
    {
        if (turn.SourceMessage is not { } source) return null;
        if (ticket.RequesterCard is { } requesterCard && requesterCard.MessageId == source.MessageId)
            return disclosure.RequesterCard(ticket);
        return await disclosure.TeamCardAsync(ticket, source.Address, cancellationToken);
    }

    private async Task<TurnResult> RefuseAsync(Turn turn, TurnAction? action, string notice, CancellationToken cancellationToken)
    {
        // A typed command is answered in the conversation; a click gets the notice (toast, ephemeral, banner).
        if (action is null) await gateways.ReplyAsync(turn, notice, cancellationToken);
        return TurnResult.Refused(notice);
    }
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>
/// In a ticket's thread an agent talks to the requester, and the requester adds information; nobody there
/// means to file a new request.
/// </summary>
public sealed class TicketThreadReplies(
    TicketService service,
    ITicketStore tickets,
    TeamDirectory teams,
    PlatformGateways gateways) : IConversationFallback
{
    /// <inheritdoc />
    public async Task<TurnResult?> TryHandleAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        if (turn.Scope == ConversationScope.Personal) return null;
        if (await service.FindByThreadAsync(turn.Conversation, cancellationToken) is not { } number) return null;

        var ticket = await tickets.GetAsync(number, cancellationToken);
        if (ticket is null) return await gateways.ReplyAsync(turn, TicketDisclosure.Unknown(number), cancellationToken);
        var team = teams.Get(ticket.TeamId);
        var verb = ticket.Requester.IsSamePerson(turn.From) ? Verbs.AddInfo : team.IsAgent(turn.From) ? Verbs.Reply : null;
        if (verb is null)
            return await gateways.ReplyAsync(turn, $"This is the thread of {number}. Only {team.Name} agents can write to the requester from here; to ask for something yourself, message me directly.", cancellationToken);
        var outcome = await service.ChangeAsync(ticket, new TicketChange(verb, turn.From, text, DeliveryId: turn.DeliveryKey), cancellationToken);
        if (outcome.Ticket is null)
        {
            await gateways.ReplyAsync(turn, outcome.Refusal!, cancellationToken);
            return TurnResult.Refused(outcome.Refusal!);
        }
        if (verb == Verbs.Reply) await gateways.ReplyAsync(turn, $"Sent to {ticket.Requester.Name}.", cancellationToken);
        return TurnResult.Handled();
    }
}

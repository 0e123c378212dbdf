using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Kudos;

/// <summary>
/// The signature loop: when the requester says "yes, it's fixed", her answered survey offers "Thank …" with
/// everyone who worked the ticket. One click sends them kudos with the resolution as the reason, paid from the
/// ticket's service budget (not her allowance) and stored as <c>thanks:{ticket}</c>, so it is sent once per ticket.
/// </summary>
public sealed class TicketThanks(ITicketStore tickets, TicketDisclosure disclosure, TicketCards cards, KudosService kudos, PlatformGateways gateways) : ICardVerbHandler
{
    /// <summary>The kudos id of a ticket's thank-you: one per ticket.</summary>
    public static string KudosId(TicketNumber number) => $"thanks:{number}";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(action.Get(KudosVerbs.TicketKey), out var number)) return TurnResult.Refused("That button names no request.");
        var ticket = await tickets.GetAsync(number.Value, cancellationToken);
        if (ticket is null || !disclosure.MaySee(ticket, turn.From)) return TurnResult.Refused(TicketDisclosure.Unknown(number.Value));
        if (!ticket.Requester.IsSamePerson(turn.From)) return TurnResult.Refused($"Only the person who filed {number} can thank its team from here.");
        if (ticket.Survey is not { State: SurveyState.Answered, Fixed: true })
            return TurnResult.Refused($"{number} isn't marked as fixed, so there is no thank-you to send.");
        var helpers = TicketHelpers.Of(ticket);
        if (helpers.Count == 0) return TurnResult.Refused($"Nobody but you worked on {number}.");

        var result = await kudos.ThankForTicketAsync(KudosId(number.Value), ticket, turn.From, helpers, Reason(ticket), cancellationToken);
        if (result.Outcome == KudosGiveOutcome.Refused) return TurnResult.Refused(result.Message);
        // Offered once: the survey card keeps her answer and says who was thanked, with no button left.
        var answered = cards.Survey(ticket);
        return await gateways.HandledWithCardAsync(turn, answered with { Actions = [], Subtitle = $"{answered.Subtitle} {result.Message}" }, result.Message, cancellationToken);
    }

    // A public kudos card never carries a confidential request's subject or resolution.
    internal static string Reason(Ticket ticket) => ticket.Confidentiality == Confidentiality.Confidential
        ? "for resolving a confidential request"
        : $"for resolving {ticket.Number} ({ticket.Summary}): {ticket.Resolution}";
}

/// <summary>The "Thank …" button on an answered survey (no dependencies: the ticket cards ask for it while painting).</summary>
public sealed class TicketThanksOffer : ISurveyThanks
{
    /// <inheritdoc />
    public CardAction? ThankAction(Ticket ticket)
    {
        var helpers = TicketHelpers.Of(ticket);
        if (helpers.Count == 0) return null;
        return new CardAction($"Thank {KudosService.Names(helpers.Select(h => h.Name))}", KudosVerbs.ThankTicket,
            new Dictionary<string, string> { [KudosVerbs.TicketKey] = ticket.Number.ToString() }, ActionStyle.Positive);
    }
}

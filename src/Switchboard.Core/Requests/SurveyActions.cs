using System.Globalization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>
/// The requester's answer to "did this fix it?" (<see cref="Verbs.SurveyFixed"/>, <see cref="Verbs.SurveyNotFixed"/>)
/// and a lead's follow-up on a low rating (<see cref="Verbs.FollowUp"/>).
/// </summary>
public sealed class SurveyActions(ITicketStore tickets, TicketService service, TicketCards cards, PlatformGateways gateways) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number))
            return TurnResult.Refused("That card doesn't say which request it is about.");
        int? rating = null;
        if (action.Get(Verbs.Keys.Rating) is { } given)
        {
            if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 5)
                return TurnResult.Refused("Choose a rating from 1 to 5.");
            rating = value;
        }
        var note = action.Verb switch
        {
            // "No" asks what is still wrong; a comment typed on the card as well goes with it.
            Verbs.SurveyNotFixed => Join(action.Get(Verbs.Keys.Note), action.Get(Verbs.Keys.Comment)),
            Verbs.SurveyFixed => action.Get(Verbs.Keys.Comment),
            _ => action.Get(Verbs.Keys.Note),
        };
        var change = new TicketChange(action.Verb, turn.From, note, DeliveryId: turn.DeliveryKey, Card: turn.SourceMessage) { Rating = rating };
        var outcome = await service.ChangeAsync(number.Value, change, cancellationToken);
        if (outcome.Ticket is not { } stored)
        {
            var current = outcome.Current ?? await tickets.GetAsync(number.Value, cancellationToken);
            // A survey that no longer asks shows why, in place of its buttons.
            var refreshed = action.Verb != Verbs.FollowUp && current?.Survey is not null && current.Requester.IsSamePerson(turn.From) ? cards.Survey(current) : null;
            return new TurnResult(TurnOutcome.Refused, refreshed, outcome.Refusal);
        }
        if (action.Verb == Verbs.FollowUp)
        {
            await gateways.ReplyAsync(turn, $"Sent to {stored.Requester.Name}.", cancellationToken);
            return TurnResult.Handled();
        }
        return TurnResult.Handled(cards.Survey(stored));
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}\n{second}";
}

using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>
/// What an answered "yes, it's fixed" survey offers next, from another module: recognition offers a one-click
/// thank-you to the people who worked the ticket. Requests knows nothing more about it.
/// </summary>
public interface ISurveyThanks
{
    /// <summary>The button for <paramref name="ticket"/>'s answered survey, or null when there is nothing to offer.</summary>
    CardAction? ThankAction(Ticket ticket);
}

/// <summary>Who worked a ticket: its assignee and every agent who acted on it or wrote to the requester.</summary>
public static class TicketHelpers
{
    /// <summary>The people to thank for <paramref name="ticket"/>, first the assignee, never the requester or Switchboard itself.</summary>
    public static IReadOnlyList<PersonRef> Of(Ticket ticket)
    {
        var helpers = new List<PersonRef>();
        if (ticket.Assignee is { } assignee) helpers.Add(assignee);
        foreach (var change in ticket.History)
        {
            if (change.Kind is not (TicketEventKind.Assigned or TicketEventKind.Started or TicketEventKind.WaitingOnRequester
                or TicketEventKind.AgentReplied or TicketEventKind.Resolved)) continue;
            var colon = change.ActorKey.IndexOf(':');
            if (colon <= 0) continue;
            var person = new PersonRef(new Platform(change.ActorKey[..colon]), change.ActorKey[(colon + 1)..], change.ActorName);
            if (SystemActor.Is(person) || ticket.Requester.IsSamePerson(person) || helpers.Any(h => h.IsSamePerson(person))) continue;
            helpers.Add(person);
        }
        return helpers.Where(h => !ticket.Requester.IsSamePerson(h)).ToList();
    }
}

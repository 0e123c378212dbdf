using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Requests;

/// <summary>A requested change to a ticket, before it is checked against the ticket's state.</summary>
/// <param name="Verb">One of the ticket verbs in <see cref="Verbs"/>.</param>
/// <param name="Actor">Who clicked or typed it.</param>
/// <param name="Note">Resolution note, question, or added information.</param>
/// <param name="Assignee">For <see cref="Verbs.Assign"/>: the chosen agent.</param>
/// <param name="TargetTeam">For <see cref="Verbs.Move"/>: the team to move to.</param>
/// <param name="DeliveryId">The platform delivery asking for it ("{channel}:{id}"), when known.</param>
/// <param name="Card">The ticket card it was clicked on, if any: someone looking at a card may be told why they can't act on it.</param>
public sealed record TicketChange(string Verb, PersonRef Actor, string? Note = null, PersonRef? Assignee = null, ServiceTeam? TargetTeam = null, string? DeliveryId = null, MessageRef? Card = null)
{
    /// <summary>The clicked card the platform refreshes from the answer to the click (see <see cref="ClickedCardRefresh.Answer"/>): it is not updated as well.</summary>
    public MessageRef? AnsweredCard { get; init; }
}

/// <summary>The outcome of applying a change: the new ticket and what to tell the requester, or why not.</summary>
public sealed record TicketChangeResult(Ticket? Ticket, string? RequesterMessage, string? TeamThreadMessage, string? Error)
{
    /// <summary>True when the change was refused.</summary>
    public bool IsRefused => Error is not null;

    /// <summary>True when this very delivery already made the change: nothing to store or tell again.</summary>
    public bool AlreadyApplied { get; init; }

    internal static TicketChangeResult Refuse(string error) => new(null, null, null, error);
}

/// <summary>
/// The ticket lifecycle as pure functions: which verbs are allowed in which status, and what they change.
/// Who may use each verb is declared where <see cref="RequestsModule"/> registers it. No I/O; the caller
/// stores the result with compare-and-set.
/// </summary>
public static class TicketWorkflow
{
    /// <summary>The agent verbs offered on a team card for a ticket in this status.</summary>
    public static IReadOnlyList<string> AgentVerbs(TicketStatus status) => status switch
    {
        TicketStatus.New => [Verbs.AssignToMe, Verbs.Assign, Verbs.Start, Verbs.Resolve, Verbs.Move],
        TicketStatus.Assigned => [Verbs.AssignToMe, Verbs.Assign, Verbs.Start, Verbs.WaitOnRequester, Verbs.Resolve, Verbs.Move],
        TicketStatus.InProgress => [Verbs.AssignToMe, Verbs.Assign, Verbs.WaitOnRequester, Verbs.Resolve, Verbs.Move],
        TicketStatus.WaitingOnRequester => [Verbs.AssignToMe, Verbs.Assign, Verbs.Start, Verbs.Resolve, Verbs.Move],
        TicketStatus.Resolved => [Verbs.Reopen],
        _ => [],
    };

    /// <summary>Checks <paramref name="change"/> against <paramref name="ticket"/> and applies it.</summary>
    public static TicketChangeResult Apply(Ticket ticket, TicketChange change, DateTimeOffset now)
    {
        // A platform redelivers a turn whose handling failed late (after the change was stored): the
        // change is not made, nor announced, twice.
        if (change.DeliveryId is { } delivery && ticket.History.Any(e => e.DeliveryId == delivery))
            return new TicketChangeResult(ticket, null, null, null) { AlreadyApplied = true };
        var result = ApplyChange(ticket, change, now);
        if (result.Ticket is not { } changed || change.DeliveryId is null) return result;
        var history = changed.History;
        return result with { Ticket = changed with { History = [.. history.Take(history.Count - 1), history[^1] with { DeliveryId = change.DeliveryId }] } };
    }

    private static TicketChangeResult ApplyChange(Ticket ticket, TicketChange change, DateTimeOffset now)
    {
        var n = ticket.Number;
        var actor = change.Actor;
        if (ticket.Status == TicketStatus.Cancelled)
            return TicketChangeResult.Refuse($"{n} was cancelled by the requester; there is nothing more to do.");

        if (ticket.Status == TicketStatus.Resolved && change.Verb is Verbs.AssignToMe or Verbs.Assign or Verbs.Start or Verbs.Move)
            return TicketChangeResult.Refuse($"{n} is resolved; reopen it first.");

        // Switchboard's own changes (auto-assignment) are no response from the team.
        var responded = ticket.FirstRespondedAt ?? (change.Verb is Verbs.Cancel or Verbs.AddInfo or Verbs.Move || SystemActor.Is(actor) ? null : now);

        switch (change.Verb)
        {
            case Verbs.AssignToMe or Verbs.Assign:
                var assignee = change.Verb == Verbs.AssignToMe ? actor : change.Assignee;
                if (assignee is null)
                    return TicketChangeResult.Refuse("Choose who to assign it to.");
                var toSelf = assignee.IsSamePerson(actor);
                if (ticket.Assignee is { } current && current.IsSamePerson(assignee))
                    return TicketChangeResult.Refuse(toSelf ? $"{n} is already assigned to you." : $"{n} is already assigned to {assignee.Name}.");
                // "Assign to me" never takes a ticket from a colleague; "Assign to someone" hands it over on purpose.
                if (change.Verb == Verbs.AssignToMe && ticket.Assignee is { } other)
                    return TicketChangeResult.Refuse($"{n} is already assigned to {other.Name}. Use \"Assign to someone\" to take it over.");
                return Done(ticket with
                    {
                        Assignee = assignee,
                        Status = ticket.Status == TicketStatus.New ? TicketStatus.Assigned : ticket.Status,
                        FirstRespondedAt = responded,
                    },
                    Event(now, actor, TicketEventKind.Assigned, change.Verb == Verbs.Assign ? assignee.Name : null),
                    $"{n}: {assignee.Name} is on it.",
                    toSelf ? $"{actor.Name} took {n}." : $"{actor.Name} assigned {n} to {assignee.Name}.");

            case Verbs.Start:
                if (ticket.Status is TicketStatus.InProgress)
                    return TicketChangeResult.Refuse($"{n} is already in progress.");
                return Done(ticket with
                    {
                        Status = TicketStatus.InProgress,
                        Assignee = ticket.Assignee ?? actor,
                        FirstRespondedAt = responded,
                    },
                    Event(now, actor, TicketEventKind.Started),
                    $"{n} is in progress ({(ticket.Assignee ?? actor).Name} is working on it).",
                    null);

            case Verbs.WaitOnRequester:
                if (ticket.Status is TicketStatus.WaitingOnRequester)
                    return TicketChangeResult.Refuse($"{n} is already waiting on the requester.");
                if (ticket.Status is TicketStatus.Resolved or TicketStatus.New)
                    return TicketChangeResult.Refuse($"{n} must be assigned and open to wait on the requester.");
                return Done(ticket with { Status = TicketStatus.WaitingOnRequester, FirstRespondedAt = responded },
                    Event(now, actor, TicketEventKind.WaitingOnRequester, change.Note),
                    change.Note is null
                        ? $"{n}: {actor.Name} needs more information from you. Reply with \"add info {n} ...\" or use the card."
                        : $"{n}: {actor.Name} asks: {change.Note}\nReply with \"add info {n} ...\" or use the card.",
                    null);

            case Verbs.Resolve:
                if (ticket.Status is TicketStatus.Resolved)
                    return TicketChangeResult.Refuse($"{n} is already resolved.");
                if (change.Note is null)
                    return TicketChangeResult.Refuse("Add a resolution note so the requester knows what was done.");
                return Done(ticket with
                    {
                        Status = TicketStatus.Resolved,
                        Resolution = change.Note,
                        ResolvedAt = now,
                        Assignee = ticket.Assignee ?? actor,
                        FirstRespondedAt = responded,
                    },
                    Event(now, actor, TicketEventKind.Resolved, change.Note),
                    $"{n} is resolved by {actor.Name}: {change.Note}\nNot fixed? Reply \"reopen {n}\".",
                    $"{actor.Name} resolved {n}.");

            case Verbs.Reopen:
                if (ticket.Status is not TicketStatus.Resolved)
                    return TicketChangeResult.Refuse($"{n} is not resolved, so it can't be reopened.");
                return Done(ticket with
                    {
                        Status = ticket.Assignee is null ? TicketStatus.New : TicketStatus.Assigned,
                        ResolvedAt = null,
                        Resolution = null,
                    },
                    Event(now, actor, TicketEventKind.Reopened, change.Note),
                    ticket.Requester.IsSamePerson(actor) ? $"{n} is reopened; the team has been told." : $"{n} was reopened by {actor.Name}.",
                    $"{actor.Name} reopened {n}.");

            case Verbs.Move:
                if (change.TargetTeam is not { } target)
                    return TicketChangeResult.Refuse("Choose the team to move it to.");
                if (target.Id == ticket.TeamId)
                    return TicketChangeResult.Refuse($"{n} is already with {target.Name}.");
                return Done(ticket with
                    {
                        TeamId = target.Id,
                        Status = TicketStatus.New,
                        Assignee = null,
                        // Once confidential, always confidential: text already seen as confidential stays hidden.
                        Confidentiality = ticket.Confidentiality == Confidentiality.Confidential ? Confidentiality.Confidential : target.Confidentiality,
                        FirstResponseDue = target.FirstResponseDue(ticket.Priority, now),
                        ResolutionDue = target.ResolutionDue(ticket.Priority, now),
                        TeamCards = [],
                    },
                    Event(now, actor, TicketEventKind.Moved, target.Id),
                    $"{n} was moved to {target.Name}, who handle this kind of request.",
                    $"{actor.Name} moved {n} to {target.Name}.");

            case Verbs.Cancel:
                if (ticket.Status is TicketStatus.Resolved)
                    return TicketChangeResult.Refuse($"{n} is already resolved.");
                return Done(ticket with { Status = TicketStatus.Cancelled },
                    Event(now, actor, TicketEventKind.Cancelled, change.Note),
                    $"{n} is cancelled. Nothing more will happen with it.",
                    $"{actor.Name} cancelled {n}.");

            case Verbs.Reply:
                if (change.Note is null)
                    return TicketChangeResult.Refuse("Write the message for the requester after mentioning me.");
                return Done(ticket with { FirstRespondedAt = responded },
                    Event(now, actor, TicketEventKind.AgentReplied, change.Note),
                    $"{n} · {actor.Name} writes: {change.Note}\nReply with \"add info {n} ...\" or use the card.",
                    null);

            case Verbs.AddInfo:
                if (change.Note is null)
                    return TicketChangeResult.Refuse($"Write what you want to add, e.g. \"add info {n} it happens on Wi-Fi only\".");
                if (ticket.Status is TicketStatus.Resolved)
                    return TicketChangeResult.Refuse($"{n} is resolved. Reply \"reopen {n}\" if it is not fixed.");
                return Done(ticket with { Status = ticket.Status == TicketStatus.WaitingOnRequester ? TicketStatus.InProgress : ticket.Status },
                    Event(now, actor, TicketEventKind.InfoAdded, change.Note),
                    $"Added to {n}; the team has been told.",
                    $"{actor.Name} added information to {n}:\n{change.Note}");

            default:
                return TicketChangeResult.Refuse("That action isn't something I know how to do.");
        }
    }

    private static TicketEvent Event(DateTimeOffset at, PersonRef actor, TicketEventKind kind, string? note = null) =>
        new(at, actor.Key, actor.Name, kind, note);

    private static TicketChangeResult Done(Ticket ticket, TicketEvent change, string? requesterMessage, string? threadMessage) =>
        new(ticket with { History = [.. ticket.History, change] }, requesterMessage, threadMessage, null);
}

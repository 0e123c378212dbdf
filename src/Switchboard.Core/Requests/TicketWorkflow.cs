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

    /// <summary>For the survey verbs: the requester's 1–5 rating, if she gave one.</summary>
    public int? Rating { get; init; }

    /// <summary>For <see cref="Verbs.Timer"/>: the job kind that fired (see <see cref="TicketTimers"/>).</summary>
    public string? TimerKind { get; init; }
}

/// <summary>The outcome of applying a change: the new ticket and what to tell the requester, or why not.</summary>
public sealed record TicketChangeResult(Ticket? Ticket, string? RequesterMessage, string? TeamThreadMessage, string? Error)
{
    /// <summary>
    /// The thread message as it may be shown where the ticket's text may not (a confidential ticket's shared
    /// channel), when <see cref="TeamThreadMessage"/> quotes what the requester wrote; null when it quotes nothing.
    /// </summary>
    public string? TeamThreadRedacted { get; init; }

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

        // What the requester does, a move, a timer and Switchboard's own changes (auto-assignment) are no response from the team.
        var responded = ticket.FirstRespondedAt ??
                        (change.Verb is Verbs.Cancel or Verbs.AddInfo or Verbs.Move or Verbs.SurveyFixed or Verbs.SurveyNotFixed or Verbs.Timer || SystemActor.Is(actor) ? null : now);

        switch (change.Verb)
        {
            case Verbs.AssignToMe or Verbs.Assign:
                var assignee = change.Verb == Verbs.AssignToMe ? actor : change.Assignee;
                if (assignee is null)
                    return TicketChangeResult.Refuse("Choose who to assign it to.");
                var toSelf = assignee.IsSamePerson(actor);
                if (ticket.Assignee is { } current && current.IsSamePerson(assignee))
                    return TicketChangeResult.Refuse(toSelf ? $"{n} is already assigned to you." : $"{n} is already assigned to {assignee.Name}.");
                // Switchboard's own assignment only gives a ticket nobody has: an agent who took it meanwhile keeps it.
                if (SystemActor.Is(actor) && ticket.Assignee is { } taken)
                    return TicketChangeResult.Refuse($"{n} is already assigned to {taken.Name}.");
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
                    $"{actor.Name} started work on {n}.");

            case Verbs.WaitOnRequester:
                if (ticket.Status is TicketStatus.WaitingOnRequester)
                    return TicketChangeResult.Refuse($"{n} is already waiting on the requester.");
                if (ticket.Status is TicketStatus.Resolved or TicketStatus.New)
                    return TicketChangeResult.Refuse($"{n} must be assigned and open to wait on the requester.");
                return Done(ticket with { Status = TicketStatus.WaitingOnRequester, FirstRespondedAt = responded },
                        Event(now, actor, TicketEventKind.WaitingOnRequester, change.Note),
                        change.Note is null
                            ? $"{n}: {actor.Name} needs more information from you. {ReplyHint(ticket)}"
                            : $"{n}: {actor.Name} asks: {change.Note}\n{ReplyHint(ticket)}",
                        change.Note is null
                            ? $"{actor.Name} is waiting on {ticket.Requester.Name} for more information."
                            : $"{actor.Name} asked {ticket.Requester.Name}: {change.Note}")
                    with { TeamThreadRedacted = change.Note is null ? null : $"{actor.Name} asked {ticket.Requester.Name} a question (hidden here: confidential)." };

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
                return Reopened(ticket, change, now, change.Note is null ? null : ticket.Survey);

            case Verbs.SurveyFixed:
                if (SurveyClosed(ticket) is { } closedFixed) return TicketChangeResult.Refuse(closedFixed);
                if (change.Rating is { } given && given is < 1 or > 5) return TicketChangeResult.Refuse("Choose a rating from 1 to 5.");
                return Done(ticket with { Survey = Answered(ticket.Survey!, fixedIt: true, change, now) },
                        Event(now, actor, TicketEventKind.Rated, RatingNote(true, change)),
                        null,
                        $"{actor.Name} says {n} is fixed{RatingText(change.Rating)}.{CommentText(change.Note)}")
                    with { TeamThreadRedacted = change.Note is null ? null : $"{actor.Name} says {n} is fixed{RatingText(change.Rating)}. (Their comment is hidden here: confidential.)" };

            case Verbs.SurveyNotFixed:
                if (SurveyClosed(ticket) is { } closedNotFixed) return TicketChangeResult.Refuse(closedNotFixed);
                if (change.Note is null) return TicketChangeResult.Refuse("Tell the team what is still not working.");
                if (change.Rating is { } rating && rating is < 1 or > 5) return TicketChangeResult.Refuse("Choose a rating from 1 to 5.");
                return Reopened(ticket, change, now, Answered(ticket.Survey!, fixedIt: false, change, now));

            case Verbs.FollowUp:
                if (change.Note is null)
                    return TicketChangeResult.Refuse($"Write what you want to tell {ticket.Requester.Name}.");
                return Done(ticket, Event(now, actor, TicketEventKind.AgentReplied, change.Note),
                    $"{n} · {actor.Name} (team lead) writes: {change.Note}\n{ReplyHint(ticket)}",
                    $"{actor.Name} (team lead) followed up with {ticket.Requester.Name} on {n}.");

            case Verbs.Timer:
                return TicketTimers.Apply(ticket, change, now);

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
                        Event(now, actor, TicketEventKind.Moved, change.Note) with { FromTeamId = ticket.TeamId },
                        $"{n} was moved to {target.Name}, who handle this kind of request.",
                        change.Note is null ? $"{actor.Name} moved {n} to {target.Name}." : $"{actor.Name} moved {n} to {target.Name}: {change.Note}")
                    with { TeamThreadRedacted = change.Note is null ? null : $"{actor.Name} moved {n} to {target.Name}. (The reason is hidden here: confidential.)" };

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
                    $"{n} · {actor.Name} writes: {change.Note}\n{ReplyHint(ticket)}",
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

    // A reopened ticket no longer asks "did this fix it?": a pending survey is withdrawn, unless the reopening
    // is the survey's own answer (then it is stored as answered).
    private static TicketChangeResult Reopened(Ticket ticket, TicketChange change, DateTimeOffset now, TicketSurvey? answered)
    {
        var n = ticket.Number;
        var actor = change.Actor;
        var survey = answered ?? (ticket.Survey is { State: SurveyState.Pending } pending ? pending with { State = SurveyState.Withdrawn } : ticket.Survey);
        var byRequester = ticket.Requester.IsSamePerson(actor);
        var result = Done(ticket with
            {
                Status = ticket.Assignee is null ? TicketStatus.New : TicketStatus.Assigned,
                ResolvedAt = null,
                Resolution = null,
                Survey = survey,
            },
            Event(now, actor, TicketEventKind.Reopened, change.Note),
            byRequester ? $"{n} is reopened; the team has been told." : $"{n} was reopened by {actor.Name}.",
            change.Note is null ? $"{actor.Name} reopened {n}." : $"{actor.Name} reopened {n}: {change.Note}");
        // What the requester wrote stays out of places that may not show the request's text.
        return byRequester && change.Note is not null ? result with { TeamThreadRedacted = $"{actor.Name} reopened {n}. (Their reason is hidden here: confidential.)" } : result;
    }

    // Where she asked in her direct chat, her next message there is the answer (see WaitingReplies).
    private static string ReplyHint(Ticket ticket) => ticket.RequesterScope == ConversationScope.Personal
        ? "Just reply here in your own words, or use Reply."
        : $"Use Reply, or write \"add info {ticket.Number} ...\" to me directly.";

    /// <summary>Why the survey of <paramref name="ticket"/> takes no answer, or null when it does.</summary>
    public static string? SurveyClosed(Ticket ticket) => ticket.Survey?.State switch
    {
        SurveyState.Pending when ticket.Status == TicketStatus.Resolved => null,
        SurveyState.Answered => $"You already answered about {ticket.Number}. Thank you!",
        SurveyState.Expired => $"This question about {ticket.Number} has expired. If it still isn't fixed, reply \"reopen {ticket.Number}\".",
        SurveyState.Withdrawn or SurveyState.Pending => $"{ticket.Number} was reopened, so this question no longer applies.",
        _ => $"There is no open question about {ticket.Number}.",
    };

    private static TicketSurvey Answered(TicketSurvey survey, bool fixedIt, TicketChange change, DateTimeOffset now) =>
        survey with { State = SurveyState.Answered, Fixed = fixedIt, Rating = change.Rating, Comment = change.Note, AnsweredAt = now };

    private static string RatingNote(bool fixedIt, TicketChange change) =>
        (fixedIt ? "Fixed" : "Not fixed") + RatingText(change.Rating) + CommentText(change.Note);

    private static string RatingText(int? rating) => rating is { } r ? $", rated {r}/5" : "";

    private static string CommentText(string? comment) => comment is null ? "" : $"\n\"{comment}\"";

    internal static TicketEvent Event(DateTimeOffset at, PersonRef actor, TicketEventKind kind, string? note = null) =>
        new(at, actor.Key, actor.Name, kind, note);

    internal static TicketChangeResult Done(Ticket ticket, TicketEvent change, string? requesterMessage, string? threadMessage) =>
        new(ticket with { History = [.. ticket.History, change] }, requesterMessage, threadMessage, null);
}

using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>What a requester asks to file, and where they asked.</summary>
public sealed record NewRequest(PersonRef Requester, ConversationAddress RequesterAddress, ConversationScope RequesterScope, string TeamId, string Summary, string Details, Priority Priority)
{
    /// <summary>The card the requester filed from (the draft's confirmation card): it becomes their ticket card.</summary>
    public MessageRef? RequesterCard { get; init; }

    /// <summary>Whether the platform already shows <see cref="RequesterCard"/> refreshed, from the answer to the click.</summary>
    public ClickedCardRefresh RequesterCardRefresh { get; init; }

    /// <summary>The deadline the requester gave (<see cref="Ticket.NeededBy"/>), if any.</summary>
    public DateTimeOffset? NeededBy { get; init; }

    /// <summary>What the requester tried before filing (answers offered that didn't solve it), noted on the ticket's first event.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Files tickets and applies changes to them with compare-and-set. What a change has to show and tell on the
/// platforms (cards, notices) is stored with it in <see cref="Ticket.Outbox"/> and delivered by the
/// <see cref="TicketOutboxDispatcher"/>, so a platform failure or a restart never loses it.
/// </summary>
public sealed class TicketService(
    ITicketStore tickets,
    IStateStore state,
    TeamDirectory teams,
    TicketDisclosure disclosure,
    ModuleRegistry modules,
    TicketOutbox outbox,
    SurveyOptions surveys,
    TimeProvider time,
    ILogger<TicketService> logger)
{
    private const int MaxAttempts = 10;
    private const int MaxNumberAttempts = 1000;

    /// <summary>
    /// Numbers and stores a new ticket together with what filing it still has to do (team cards, the
    /// requester's card, the receipt), then hands that to the outbox. Throws when storage fails; then nothing was filed.
    /// </summary>
    public async Task<Ticket> FileAsync(NewRequest request, CancellationToken cancellationToken)
    {
        var team = teams.Get(request.TeamId);
        var now = time.GetUtcNow();
        Ticket? stored = null;
        for (var attempt = 0; stored is null; attempt++)
        {
            var candidate = await tickets.NextNumberAsync(team.Options.TicketPrefix, cancellationToken);
            var ticket = new Ticket(candidate, team.Id, request.Requester, request.RequesterAddress, request.Summary, request.Details,
                request.Priority, TicketStatus.New, team.Confidentiality, now,
                team.FirstResponseDue(request.Priority, now), team.ResolutionDue(request.Priority, now))
            {
                RequesterScope = request.RequesterScope,
                RequesterCard = request.RequesterCard,
                NeededBy = request.NeededBy,
                History = [new TicketEvent(now, request.Requester.Key, request.Requester.Name, TicketEventKind.Created, request.Note)],
            };
            var answered = request.RequesterCardRefresh == ClickedCardRefresh.Answer ? request.RequesterCard : null;
            ticket = ticket with { Outbox = TicketOutbox.ForFiling(ticket, answered) };
            await outbox.GuardAsync(candidate, 1, cancellationToken);
            stored = await tickets.TryCreateAsync(ticket, cancellationToken);
            // A taken number means the counter fell behind the tickets (e.g. Redis restored without its
            // counter); move on to the next number rather than lose the request.
            if (stored is null && attempt >= MaxNumberAttempts)
                throw new InvalidOperationException($"Could not find a free {team.Options.TicketPrefix} ticket number after {MaxNumberAttempts} tries.");
            if (stored is null) logger.LogWarning("Ticket number {Ticket} was already taken; trying the next one", candidate);
        }
        logger.LogInformation("Filed {Ticket} for team {Team} at priority {Priority}", stored.Number, team.Id, request.Priority);
        await outbox.DispatchAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>
    /// The ticket <paramref name="requester"/> filed from the card <paramref name="card"/>, or null. Its delivery is
    /// queued again when it has effects left, in case the turn that filed it died before queueing them.
    /// </summary>
    public async Task<Ticket?> FindFiledFromAsync(PersonRef requester, MessageRef card, CancellationToken cancellationToken)
    {
        var filed = (await tickets.ListByRequesterAsync(requester.Key, cancellationToken))
            .FirstOrDefault(t => t.RequesterCard?.MessageId == card.MessageId && t.RequesterCard.Address.Key == card.Address.Key);
        if (filed is { Outbox.Count: > 0 }) await outbox.DispatchAsync(filed, cancellationToken);
        return filed;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the ticket with compare-and-set, retrying on conflicts with a
    /// fresh read (so of two simultaneous "Assign to me" clicks, the second sees who won). Someone who may not
    /// see the ticket is answered as if it didn't exist.
    /// </summary>
    public Task<TicketActionOutcome> ChangeAsync(TicketNumber number, TicketChange change, CancellationToken cancellationToken) =>
        ChangeAsync(number, null, change, cancellationToken);

    /// <summary>
    /// <see cref="ChangeAsync(TicketNumber, TicketChange, CancellationToken)"/> starting from <paramref name="current"/>,
    /// the ticket as the caller just read it: it is read again only when someone else changed it meanwhile.
    /// </summary>
    public Task<TicketActionOutcome> ChangeAsync(Ticket current, TicketChange change, CancellationToken cancellationToken) =>
        ChangeAsync(current.Number, current, change, cancellationToken);

    private async Task<TicketActionOutcome> ChangeAsync(TicketNumber number, Ticket? current, TicketChange change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var ticket = attempt == 0 && current is not null ? current : await tickets.GetAsync(number, cancellationToken);
            if (ticket is null) return TicketActionOutcome.Refused(TicketDisclosure.Unknown(number));
            var refusal = CheckPermission(ticket, change);
            if (refusal is not null) return TicketActionOutcome.Refused(refusal);

            var now = time.GetUtcNow();
            var result = TicketWorkflow.Apply(ticket, change, now);
            if (result.IsRefused) return TicketActionOutcome.Refused(result.Error!, ticket);
            if (result.AlreadyApplied)
            {
                // A redelivery of a turn that failed after storing its change: its effects may never have been queued.
                if (ticket.Outbox.Count > 0) await outbox.DispatchAsync(ticket, cancellationToken);
                return new TicketActionOutcome(ticket, null);
            }

            // A pause or its end, a reopening or a move shifts the SLA due instants.
            var after = WithSurvey(SlaClock.Refresh(result.Ticket!, teams.Get(result.Ticket!.TeamId), now), change);
            // The survey card tells the requester it is resolved, with the resolution: one card, not two messages.
            var asks = after.Survey?.State == SurveyState.Pending && ticket.Survey?.State != SurveyState.Pending;
            var notice = result.RequesterMessage is { } message && !asks
                ? TicketDisclosure.RequesterNotice(after, message)
                : null;
            after = after with { Outbox = [.. after.Outbox, .. TicketOutbox.ForChange(ticket, after, result, notice, change.AnsweredCard, Notes(ticket, after, change))] };
            await outbox.GuardAsync(number, ticket.Version + 1, cancellationToken);
            var stored = await tickets.TryUpdateAsync(after, cancellationToken);
            if (stored is null) continue;
            logger.LogInformation("{Verb} on {Ticket} by {Actor}", change.Verb, number, change.Actor.Key);
            await outbox.DispatchAsync(stored, cancellationToken);
            return new TicketActionOutcome(stored, null);
        }
        return TicketActionOutcome.Refused($"{number} is changing quickly right now; try again in a moment.");
    }

    // Resolving a request someone else filed asks her "did this fix it?"; an agent resolving their own request isn't asked.
    private Ticket WithSurvey(Ticket after, TicketChange change)
    {
        if (change.Verb != Verbs.Resolve || after.Requester.IsSamePerson(change.Actor)) return after;
        var now = time.GetUtcNow();
        return after with { Survey = new TicketSurvey(SurveyState.Pending, now, now + surveys.ExpiresAfter, after.TeamId, after.Assignee ?? change.Actor) };
    }

    // Direct messages a change sends besides the requester's notice: a low rating to the team's leads, a
    // ticket taken over to the agent who had it.
    private List<TicketOutbox.PersonNote> Notes(Ticket before, Ticket after, TicketChange change)
    {
        List<TicketOutbox.PersonNote> notes = [];
        if (after.Survey is { State: SurveyState.Answered, IsLow: true } rated && before.Survey?.State == SurveyState.Pending)
        {
            var text = $"{after.Requester.Name} rated {after.Number} ({after.Summary}) {rated.Rating}/5 after {rated.Agent.Name} resolved it" +
                       (rated.Fixed == false ? ", and says it is not fixed." : ".") +
                       (rated.Comment is null ? "" : $"\n\"{rated.Comment}\"");
            foreach (var lead in teams.Get(rated.TeamId).Leads)
                notes.Add(new TicketOutbox.PersonNote(lead.On(after.Requester.Platform), text, FollowUp: true));
        }
        if (change is { Verb: Verbs.Timer, TimerKind: { } kind })
        {
            var what = TicketTimers.What(kind);
            if (TicketTimerKinds.IsAtRisk(kind) && after.Assignee is { } assignee)
                notes.Add(new TicketOutbox.PersonNote(assignee, $"⏰ {after.Number} ({after.Summary}) is at risk: its {what} is due {DueText(after, what)}."));
            if (TicketTimerKinds.IsBreach(kind))
                foreach (var lead in teams.Get(after.TeamId).Leads)
                    notes.Add(new TicketOutbox.PersonNote(lead.On(after.Requester.Platform),
                        $"🚨 {after.Number} ({after.Summary}) missed its {what} target ({DueText(after, what)}). " +
                        (after.Assignee is { } owner ? $"{owner.Name} has it." : "Nobody has picked it up yet.")));
        }
        if (before.Assignee is { } previous && after.Assignee is { } next && !previous.IsSamePerson(next) && !previous.IsSamePerson(change.Actor))
            notes.Add(new TicketOutbox.PersonNote(previous, next.IsSamePerson(change.Actor)
                ? $"{change.Actor.Name} took over {after.Number} from you."
                : $"{change.Actor.Name} handed {after.Number} over from you to {next.Name}."));
        return notes;
    }

    private static string DueText(Ticket ticket, string what) =>
        (what == "first response" ? ticket.FirstResponseDue : ticket.ResolutionDue) is { } due ? TicketCards.Format(due) : "now";

    /// <summary>The ticket whose team card started the thread at <paramref name="address"/>, if any.</summary>
    public async Task<TicketNumber?> FindByThreadAsync(ConversationAddress address, CancellationToken cancellationToken)
    {
        if (address.ThreadId is null) return null;
        var entry = await state.ReadAsync(ThreadKey(address), cancellationToken);
        return TicketNumber.TryParse(entry?.Value, out var number) ? number : null;
    }

    // Who may use a verb is declared once, where the module registers it.
    private string? CheckPermission(Ticket ticket, TicketChange change)
    {
        // Timers fire on their own; nobody can ask for one.
        if (change.Verb == Verbs.Timer) return change.Actor == TicketTimers.Actor ? null : TicketDisclosure.Unknown(ticket.Number);
        if (!disclosure.MaySee(ticket, change.Actor, change.Card)) return TicketDisclosure.Unknown(ticket.Number);
        if (modules.FindVerb(change.Verb) is not { } verb) return "That action isn't something I know how to do.";
        return verb.Allows(disclosure.RolesOf(ticket, change.Actor)) ? null : disclosure.NotAllowed(ticket, verb.Actors);
    }

    /// <summary>The state key that says which ticket's card started the thread at <paramref name="address"/>.</summary>
    internal static string ThreadKey(ConversationAddress address) => $"ticket-thread:{address.Key}:{address.ThreadId}";
}

/// <summary>The result of a ticket action: the stored ticket, or a refusal for the clicker.</summary>
public sealed record TicketActionOutcome(Ticket? Ticket, string? Refusal, Ticket? Current = null)
{
    internal static TicketActionOutcome Refused(string why, Ticket? current = null) => new(null, why, current);
}

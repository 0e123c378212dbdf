using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>
/// Turns what an employee writes into a ticket: proposes team, summary and priority on a confirmation
/// card (or asks which team when the router is unsure), and files it on Submit. Takes messages that are no
/// command, and handles the intake card verbs and <see cref="Verbs.RequestFile"/> (the request form).
/// </summary>
public sealed class IntakeDialog(
    StateDocuments state,
    IRequestRouter router,
    TeamDirectory teams,
    TicketCards cards,
    TicketService tickets,
    TicketDisclosure disclosure,
    PlatformGateways gateways,
    TimeProvider time,
    PeopleDirectory? people = null,
    IIntakeAnswers? answers = null) : ICardVerbHandler, IConversationFallback
{
    /// <summary>The state key of a person's dialog in a conversation.</summary>
    public static string StateKey(Turn turn) => $"conversation:{turn.Conversation.Key}:{turn.From.Key}";

    /// <summary>Starts a draft from a new request text and shows the confirmation (or team choice) card.</summary>
    public async Task<TurnResult> StartAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        if (text.Length > RequestText.MaxLength)
            return await ReplyAsync(turn, $"That's a long message ({text.Length} characters). Please keep a request under {RequestText.MaxLength} characters; you can add more afterwards with \"add info\".", cancellationToken);

        var decision = router.Route(text);
        if (decision.IsConfident && ConfidentialHere(turn, teams.Get(decision.TeamId!)) is { } refusal)
            return await ReplyAsync(turn, refusal, cancellationToken);

        var now = time.GetUtcNow();
        var neededBy = RequestTextExtractor.DueDate(text, now, await RequesterZoneAsync(turn, decision.IsConfident ? teams.Get(decision.TeamId!) : null, cancellationToken));
        var draft = new RequestDraft(Guid.NewGuid().ToString("N")[..12], text, decision.IsConfident ? decision.TeamId : null,
            RequestText.Summarize(text), RequestText.GuessPriority(text),
            decision.IsConfident ? DraftStage.Confirm : DraftStage.ChooseTeam, now, NeededBy: neededBy?.Value, NeededByWords: neededBy?.Text);
        // Answers that may solve it come first; "I still need help" brings the card below (ContinueAsync).
        var card = (answers is null ? null : await answers.OfferAsync(turn, draft, cancellationToken))
            ?? (draft.Stage == DraftStage.Confirm ? cards.Confirmation(draft) : cards.TeamChoice(draft, [.. Likely(decision)], Why(decision)));
        var sent = await gateways.SendAsync(new OutboundMessage(turn.Conversation, null, card), cancellationToken);
        draft = draft with { Card = sent };

        RequestDraft? replaced = null;
        await state.UpdateAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, current =>
        {
            replaced = current?.Draft;
            return (current ?? new ConversationState()) with { Draft = draft };
        }, StateLifetimes.Conversation, cancellationToken);
        if (replaced?.Card is { } old)
            await gateways.UpdateAsync(old, new OutboundMessage(old.Address, null, TicketCards.DraftClosed(replaced, "Replaced by your newer request.")), cancellationToken);
        return TurnResult.Handled();
    }

    /// <summary>A message that is no command: the answer to a pending team choice, else a new request.</summary>
    public async Task<TurnResult?> TryHandleAsync(Turn turn, string text, CancellationToken cancellationToken) =>
        await TryAnswerTeamChoiceAsync(turn, text, cancellationToken) ?? await StartAsync(turn, text, cancellationToken);

    /// <inheritdoc />
    public Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken) =>
        action.Verb == Verbs.RequestFile
            ? FileFromFormAsync(turn, action, cancellationToken)
            : HandleDraftActionAsync(turn, action, cancellationToken);

    private async Task<TurnResult> HandleDraftActionAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        var draftId = action.Get(Verbs.Keys.Draft);
        var current = (await state.ReadAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, cancellationToken))?.Draft;
        if (current is null || current.DraftId != draftId)
        {
            if (action.Verb == Verbs.IntakeSubmit && await FiledFromAsync(turn, cancellationToken) is { } filed) return filed;
            return TurnResult.Refused("This request is no longer pending: it was already submitted or cancelled.");
        }

        switch (action.Verb)
        {
            case Verbs.IntakeChooseTeam:
            {
                var draft = current with { Stage = DraftStage.ChooseTeam };
                var decision = router.Route(current.Text);
                return await ReplaceDraftAsync(turn, draft, cards.TeamChoice(draft, [.. Likely(decision)], "Which team should handle this?"), cancellationToken);
            }
            case Verbs.IntakeSetTeam:
            {
                var team = teams.Find(action.Get(Verbs.Keys.Team));
                if (team is null) return TurnResult.Refused("Pick one of the teams in the list.");
                if (ConfidentialHere(turn, team) is { } refusal) return TurnResult.Refused(refusal);
                var draft = current with { TeamId = team.Id, Stage = DraftStage.Confirm };
                return await ReplaceDraftAsync(turn, draft, cards.Confirmation(draft), cancellationToken);
            }
            case Verbs.IntakeCancel:
            {
                if (await TakeDraftAsync(turn, current.DraftId, cancellationToken) is null)
                    return TurnResult.Refused("This request is no longer pending.");
                var closed = TicketCards.DraftClosed(current, "Cancelled — nothing was filed.");
                if (current.Card is { } card) await gateways.UpdateAsync(card, new OutboundMessage(card.Address, null, closed), cancellationToken);
                return TurnResult.Handled(closed);
            }
            case Verbs.IntakeSubmit:
            {
                if (current.TeamId is null) return TurnResult.Refused("Choose a team first.");
                if (ConfidentialHere(turn, teams.Get(current.TeamId)) is { } refusal) return TurnResult.Refused(refusal);
                var summary = action.Get(Verbs.Keys.Summary) ?? current.Summary;
                if (summary.Length > RequestText.MaxSummaryLength)
                    return TurnResult.Refused($"Keep the summary under {RequestText.MaxSummaryLength} characters.");
                var priority = action.Get(Verbs.Keys.Priority) is { } p ? RequestText.ParsePriority(p) : current.Priority;
                if (priority is null) return TurnResult.Refused("Priority must be Low, Normal, High or Urgent.");
                // Taking the draft with compare-and-set first makes a double click file one ticket; the
                // draft taken (not the one read above) is what gets filed.
                var taken = await TakeDraftAsync(turn, current.DraftId, cancellationToken);
                if (taken?.TeamId is null) return TurnResult.Refused("This request was already submitted.");
                if (ConfidentialHere(turn, teams.Get(taken.TeamId)) is { } takenRefusal)
                {
                    await RestoreDraftAsync(turn, taken, cancellationToken);
                    return TurnResult.Refused(takenRefusal);
                }
                Ticket ticket;
                try
                {
                    // The confirmation card becomes the requester's ticket card; where the platform shows the
                    // answer to the click on it, the outbox leaves it alone.
                    ticket = await tickets.FileAsync(
                        new NewRequest(turn.From, turn.Conversation, turn.Scope, taken.TeamId, summary, taken.Text, priority.Value)
                        {
                            RequesterCard = taken.Card,
                            RequesterCardRefresh = taken.Card is { } card && card.MessageId == turn.SourceMessage?.MessageId
                                ? turn.ClickedCardRefresh
                                : ClickedCardRefresh.Update,
                            NeededBy = taken.NeededBy,
                            Note = taken.Tried,
                        }, cancellationToken);
                }
                catch
                {
                    // Nothing was filed: put the draft back so the platform's retry of this click can file it.
                    await RestoreDraftAsync(turn, taken, CancellationToken.None);
                    throw;
                }
                return TurnResult.Handled(disclosure.RequesterCard(ticket));
            }
            default:
                return TurnResult.Refused("That action isn't something I know how to do.");
        }
    }

    /// <summary>Files a request straight from the request form: team, summary, details, priority.</summary>
    private async Task<TurnResult> FileFromFormAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        var team = teams.Find(action.Get(Verbs.Keys.Team));
        if (team is null) return TurnResult.Refused("team: pick the team that should handle this.");
        if (ConfidentialHere(turn, team) is { } refusal) return TurnResult.Refused("team: " + refusal);
        var summary = action.Get(Verbs.Keys.Summary);
        if (summary is null) return TurnResult.Refused("summary: write a one-line summary.");
        if (summary.Length > RequestText.MaxSummaryLength) return TurnResult.Refused($"summary: keep it under {RequestText.MaxSummaryLength} characters.");
        var details = action.Get(Verbs.Keys.Details) ?? summary;
        if (details.Length > RequestText.MaxLength) return TurnResult.Refused($"details: keep it under {RequestText.MaxLength} characters.");
        var written = details == summary ? summary : $"{summary}\n{details}";
        // A priority she chose wins; without one, what her words say.
        var priority = action.Get(Verbs.Keys.Priority) is { } p ? RequestText.ParsePriority(p) : RequestText.GuessPriority(written);
        if (priority is null) return TurnResult.Refused("priority: choose Low, Normal, High or Urgent.");
        var neededBy = RequestTextExtractor.DueDate(written, time.GetUtcNow(), await RequesterZoneAsync(turn, team, cancellationToken));
        var ticket = await tickets.FileAsync(new NewRequest(turn.From, turn.Conversation, turn.Scope, team.Id, summary, details, priority.Value) { NeededBy = neededBy?.Value },
            cancellationToken);
        return TurnResult.Handled(notice: $"Filed {ticket.Number} with {team.Name}.");
    }

    /// <summary>
    /// "I still need help" after offered answers: the draft's confirmation (or team choice) card, with
    /// <paramref name="tried"/> kept for the ticket.
    /// </summary>
    public Task<TurnResult> ContinueAsync(Turn turn, string draftId, string tried, CancellationToken cancellationToken) =>
        ChangePendingAsync(turn, draftId, draft =>
        {
            var decision = router.Route(draft.Text);
            var next = draft with { Tried = tried };
            return (next, next.Stage == DraftStage.Confirm ? cards.Confirmation(next) : cards.TeamChoice(next, [.. Likely(decision)], Why(decision)));
        }, cancellationToken);

    /// <summary>The pending draft <paramref name="draftId"/> of the person in this conversation, or null when it is gone.</summary>
    public async Task<RequestDraft?> PendingAsync(Turn turn, string draftId, CancellationToken cancellationToken) =>
        (await state.ReadAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, cancellationToken))?.Draft is { } draft && draft.DraftId == draftId
            ? draft
            : null;

    /// <summary>
    /// Closes the pending draft <paramref name="draftId"/> as solved by <paramref name="answerId"/> in one compare-and-set,
    /// so nothing is filed from it afterwards; the record stays (<see cref="ConversationState.Solved"/>) for a retry.
    /// </summary>
    /// <returns>The draft as solved, now or before by the same answer; null when it is gone otherwise.</returns>
    public async Task<SolvedDraft?> SolvePendingAsync(Turn turn, string draftId, string answerId, CancellationToken cancellationToken)
    {
        SolvedDraft? solved = null;
        await state.UpdateAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, current =>
        {
            solved = null;
            if (current?.Draft is { } draft && draft.DraftId == draftId)
            {
                solved = new SolvedDraft(draft, answerId, turn.DeliveryKey);
                return current with { Draft = null, Solved = solved };
            }
            if (current?.Solved is { } before && before.Draft.DraftId == draftId && before.AnswerId == answerId) solved = before;
            return current ?? new ConversationState();
        }, StateLifetimes.Conversation, cancellationToken);
        return solved;
    }

    private async Task<TurnResult> ChangePendingAsync(Turn turn, string draftId, Func<RequestDraft, (RequestDraft Draft, Card Card)> change, CancellationToken cancellationToken)
    {
        if (await PendingAsync(turn, draftId, cancellationToken) is not { } current)
            return TurnResult.Refused("This request is no longer pending: it was already submitted or cancelled.");
        var (draft, card) = change(current);
        return await ReplaceDraftAsync(turn, draft, card, cancellationToken);
    }

    /// <summary>While a team choice is pending, a typed team name answers it.</summary>
    public async Task<TurnResult?> TryAnswerTeamChoiceAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        var current = (await state.ReadAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, cancellationToken))?.Draft;
        if (current is not { Stage: DraftStage.ChooseTeam } || text.Length > 40) return null;
        var team = teams.Resolve(text);
        if (team is null) return null;
        if (ConfidentialHere(turn, team) is { } refusal) return await ReplyAsync(turn, refusal, cancellationToken);
        return await ReplaceDraftAsync(turn, current with { TeamId = team.Id, Stage = DraftStage.Confirm }, null, cancellationToken);
    }

    /// <summary>Discards the pending draft, if any ("cancel").</summary>
    public async Task<bool> CancelPendingAsync(Turn turn, CancellationToken cancellationToken)
    {
        var current = (await state.ReadAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, cancellationToken))?.Draft;
        if (current is null || await TakeDraftAsync(turn, current.DraftId, cancellationToken) is null) return false;
        if (current.Card is { } card)
            await gateways.UpdateAsync(card, new OutboundMessage(card.Address, null, TicketCards.DraftClosed(current, "Cancelled — nothing was filed.")), cancellationToken);
        return true;
    }

    private async Task<TurnResult> ReplaceDraftAsync(Turn turn, RequestDraft draft, Card? card, CancellationToken cancellationToken)
    {
        card ??= cards.Confirmation(draft);
        // Only the same draft is changed: a click racing a Submit must not bring a filed draft back.
        var replaced = false;
        await state.UpdateAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, current =>
        {
            replaced = current?.Draft?.DraftId == draft.DraftId;
            return replaced ? current! with { Draft = draft } : current ?? new ConversationState();
        }, StateLifetimes.Conversation, cancellationToken);
        if (!replaced) return TurnResult.Refused("This request is no longer pending: it was already submitted or cancelled.");
        if (draft.Card is { } sent) await gateways.UpdateAsync(sent, new OutboundMessage(sent.Address, null, card), cancellationToken);
        else await gateways.SendAsync(new OutboundMessage(turn.Conversation, null, card), cancellationToken);
        return TurnResult.Handled(card);
    }

    /// <summary>
    /// A Submit on a card that was already filed (clicked again, or redelivered after the platform lost the
    /// answer) is answered with the ticket it filed, and its delivery is queued again in case the turn that
    /// filed it died before queueing it.
    /// </summary>
    private async Task<TurnResult?> FiledFromAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.SourceMessage is not { } source) return null;
        var filed = await tickets.FindFiledFromAsync(turn.From, source, cancellationToken);
        return filed is null ? null : TurnResult.Handled(disclosure.RequesterCard(filed), $"{filed.Number} was already filed.");
    }

    /// <returns>The draft removed, or null when it was no longer there.</returns>
    private async Task<RequestDraft?> TakeDraftAsync(Turn turn, string draftId, CancellationToken cancellationToken)
    {
        RequestDraft? taken = null;
        await state.UpdateAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState, current =>
        {
            taken = current?.Draft?.DraftId == draftId ? current.Draft : null;
            return taken is not null ? current! with { Draft = null } : current ?? new ConversationState();
        }, StateLifetimes.Conversation, cancellationToken);
        return taken;
    }

    private Task RestoreDraftAsync(Turn turn, RequestDraft draft, CancellationToken cancellationToken) =>
        state.UpdateAsync(StateKey(turn), SwitchboardJsonContext.Default.ConversationState,
            current => current?.Draft is null ? (current ?? new ConversationState()) with { Draft = draft } : current, StateLifetimes.Conversation, cancellationToken);

    /// <summary>
    /// The requester's time zone, for reading "tomorrow 9am" as her 9am: the people directory's, else the team's
    /// (where most of its requesters work), else UTC.
    /// </summary>
    private async Task<TimeZoneInfo> RequesterZoneAsync(Turn turn, ServiceTeam? team, CancellationToken cancellationToken)
    {
        var person = people is null ? null : await people.FindAsync(turn.From, cancellationToken);
        if (TimeZoneIds.Normalize(person?.TimeZone) is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return team?.Calendar.TimeZone ?? TimeZoneInfo.Utc;
    }

    private static string? ConfidentialHere(Turn turn, ServiceTeam team) => TicketDisclosure.IntakeRefusal(team, turn.Scope);

    private Task<TurnResult> ReplyAsync(Turn turn, string text, CancellationToken cancellationToken) =>
        gateways.ReplyAsync(turn, text, cancellationToken);

    private static IEnumerable<string> Likely(RoutingDecision decision) =>
        (decision.TeamId is null ? [] : new[] { decision.TeamId }).Concat(decision.Alternatives.Select(a => a.TeamId));

    private string? Why(RoutingDecision decision) => decision.TeamId is null
        ? "I couldn't tell which team owns this. Pick one and I'll file it there."
        : $"It might be {teams.Get(decision.TeamId).Name}, but I'm not sure. Pick the team and I'll file it there.";
}

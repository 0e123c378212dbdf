using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Answers;

/// <summary>Offers a team's answers before a request is filed (<see cref="IIntakeAnswers"/>).</summary>
public sealed class AnswerOffers(AnswerService answers) : IIntakeAnswers
{
    /// <summary>The most answers offered at once.</summary>
    public const int MaxOffered = 3;

    /// <inheritdoc />
    public async Task<Card?> OfferAsync(Turn turn, RequestDraft draft, CancellationToken cancellationToken)
    {
        var matches = await answers.SuggestAsync(draft.Text, MaxOffered, cancellationToken);
        return matches.Count == 0 ? null : AnswerCards.Offer(draft, matches);
    }
}

/// <summary>"This solved it" and "I still need help" on offered answers.</summary>
public sealed class AnswerOfferActions(AnswerService answers, IntakeDialog intake, PlatformGateways gateways) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (action.Verb == AnswerVerbs.Solved && action.Get(AnswerVerbs.Keys.Ask) is { } askId) return await SolvedAskAsync(turn, action, askId, cancellationToken);
        if (action.Get(Verbs.Keys.Draft) is not { } draftId) return TurnResult.Refused("That button names no request.");
        if (action.Verb == AnswerVerbs.NeedHelp)
        {
            var tried = new List<string>();
            foreach (var id in (action.Get(AnswerVerbs.Keys.Offered) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (await answers.FindAsync(id, cancellationToken) is { } offered) tried.Add($"\"{offered.Question}\" ({offered.Id})");
            var note = tried.Count == 0 ? "Offered answers didn't solve it." : $"Offered {string.Join(", ", tried)}; it didn't solve it.";
            return await intake.ContinueAsync(turn, draftId, note, cancellationToken);
        }

        if (action.Get(AnswerVerbs.Keys.Answer) is not { } answerId || await answers.FindAsync(answerId, cancellationToken) is not { } answer)
            return TurnResult.Refused("That answer no longer exists. Choose \"I still need help\" and I'll file your request.");
        // The draft is closed first, in one compare-and-set, so nothing can be filed from it once it may count; the
        // count is once per draft. A turn that fails between the two is redelivered with the same delivery key, finds
        // the draft solved and counts it then; a second click finds it counted and is refused.
        if (await intake.SolvePendingAsync(turn, draftId, answer.Id, cancellationToken) is not { } closed)
            return TurnResult.Refused("This request is no longer pending: it was already solved, submitted or cancelled.");
        var counted = await answers.RecordDeflectionAsync(answer, $"{turn.From.Key}:{draftId}", cancellationToken);
        if (!counted && closed.DeliveryKey != turn.DeliveryKey)
            return TurnResult.Refused("This request is no longer pending: it was already solved.");
        var pending = closed.Draft;
        var solved = AnswerCards.Solved(pending.Text, answer);
        // The offer card says so in place, whether or not the platform shows the answer to the click.
        if (pending.Card is { } card) await gateways.UpdateAsync(card, new OutboundMessage(card.Address, null, solved), cancellationToken);
        return TurnResult.Handled(solved, "Glad it helped: nothing was filed.");
    }

    // What "ask" found solved it: nothing was drafted, so the count is once per question asked.
    private async Task<TurnResult> SolvedAskAsync(Turn turn, TurnAction action, string askId, CancellationToken cancellationToken)
    {
        if (action.Get(AnswerVerbs.Keys.Answer) is not { } answerId || await answers.FindAsync(answerId, cancellationToken) is not { } answer)
            return TurnResult.Refused("That answer no longer exists. Tell me what you need in your own words and I'll file it with the right team.");
        if (!await answers.RecordDeflectionAsync(answer, $"{turn.From.Key}:ask:{askId}", cancellationToken))
            return TurnResult.Refused("You told me already that this question was answered.");
        var solved = AnswerCards.Solved(null, answer);
        if (turn.SourceMessage is { } card) await gateways.UpdateAsync(card, new OutboundMessage(card.Address, null, solved), cancellationToken);
        return TurnResult.Handled(solved, "Glad it helped.");
    }
}

/// <summary>"Save as an answer" on a resolved ticket's team card, for its team's agents.</summary>
public sealed class SaveAnswerAction(AnswerService answers, ITicketStore tickets, TeamDirectory teams) : ICardVerbHandler, ITeamCardActions
{
    /// <inheritdoc />
    public IEnumerable<CardAction> For(Ticket ticket, bool redacted)
    {
        if (ticket.Status != TicketStatus.Resolved) yield break;
        var confidential = ticket.Confidentiality == Confidentiality.Confidential;
        // A confidential request's words never seed a question; where the card hides the text, the form carries none.
        yield return AnswerCards.SaveAction(ticket,
            confidential || redacted ? null : ticket.Details,
            redacted ? null : ticket.Resolution);
    }

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number) || await tickets.GetAsync(number.Value, cancellationToken) is not { } ticket)
            return TurnResult.Refused("That button names no request.");
        var team = teams.Get(ticket.TeamId);
        if (!team.IsAgent(turn.From)) return TurnResult.Refused($"Only {team.Name} agents can save its answers.");
        if (ticket.Status != TicketStatus.Resolved) return TurnResult.Refused($"{ticket.Number} is not resolved; save an answer once it is.");
        var saved = await answers.SaveAsync(ticket, turn.From, action.Get(AnswerVerbs.Keys.Question), action.Get(AnswerVerbs.Keys.Text), cancellationToken);
        return saved.Answer is { } answer
            ? TurnResult.Handled(notice: $"Saved as answer {answer.Id}. I'll offer it to people who ask something similar.")
            : TurnResult.Refused(saved.Problem!);
    }
}

/// <summary>Edit and Retire on an answer's card, for its team's agents.</summary>
public sealed class AnswerAgentActions(AnswerService answers) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (action.Get(AnswerVerbs.Keys.Answer) is not { } id) return TurnResult.Refused("That button names no answer.");
        var result = action.Verb == AnswerVerbs.Retire
            ? await answers.RetireAsync(id, turn.From, cancellationToken)
            : await answers.EditAsync(id, turn.From, action.Get(AnswerVerbs.Keys.Question), action.Get(AnswerVerbs.Keys.Text), cancellationToken);
        if (result.Answer is not { } answer) return TurnResult.Refused(result.Problem!);
        return TurnResult.Handled(AnswerCards.ForAgent(answer, await answers.SolvedCountAsync(answer, cancellationToken)),
            action.Verb == AnswerVerbs.Retire ? $"Retired {answer.Id}: it is no longer offered." : $"Saved your changes to {answer.Id}.");
    }
}

/// <summary>"ask how do I connect to the VPN": the answers that fit, for anyone.</summary>
public sealed class AskHandler(AnswerService answers, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        // Typed, the question follows "ask"; from Slack's /ask, it is the command's text.
        if ((intent.Get(AnswerIntents.QuestionArgument) ?? intent.Get(EntryPoint.TextArgument)) is not { Length: > 0 } question)
            return await gateways.ReplyAsync(turn, "Ask your question after \"ask\", like \"ask how do I connect to the VPN\".", cancellationToken);
        var matches = await answers.SuggestAsync(question, AnswerOffers.MaxOffered, cancellationToken);
        if (matches.Count == 0)
            return await gateways.ReplyAsync(turn, "I have no saved answer for that. Tell me what you need in your own words and I'll file it with the right team.", cancellationToken);
        // The card's id makes "This solved it" count once per question asked, however often it is clicked.
        var askId = turn.DeliveryKey is { } delivery ? AnswerRules.AskId(delivery) : Guid.NewGuid().ToString("N")[..12];
        await gateways.SendAsync(turn.PrivateReply(null, AnswerCards.Found(question, matches, askId)), cancellationToken);
        return TurnResult.Handled();
    }
}

/// <summary>"answers [team]": a team's answers for its agents; "answer edit|retire &lt;id&gt;".</summary>
public sealed class AnswerListHandler(AnswerService answers, TeamDirectory teams, PlatformGateways gateways, TimeProvider time) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        if (intent.Name != AnswerIntents.List)
        {
            var id = intent.Get(AnswerIntents.IdArgument)?.Trim() ?? "";
            var answer = await answers.FindAsync(id, cancellationToken);
            if (answer is null || teams.Find(answer.TeamId)?.IsAgent(turn.From) != true)
                return await gateways.ReplyAsync(turn, $"There is no answer {id} of a team you work for. \"answers\" lists your team's.", cancellationToken);
            if (intent.Name == AnswerIntents.Retire)
            {
                var retired = await answers.RetireAsync(id, turn.From, cancellationToken);
                return await gateways.ReplyAsync(turn, retired.Answer is { } done ? $"Retired {done.Id}: it is no longer offered." : retired.Problem!, cancellationToken);
            }
            await gateways.SendAsync(turn.PrivateReply(null, AnswerCards.ForAgent(answer, await answers.SolvedCountAsync(answer, cancellationToken))), cancellationToken);
            return TurnResult.Handled();
        }

        var mine = teams.TeamsOf(turn.From).ToList();
        var team = intent.Get(Verbs.Keys.Team) is { } named ? teams.Find(named) : mine.FirstOrDefault();
        if (team is null || !mine.Contains(team))
            return await gateways.ReplyAsync(turn, "Only a team's agents see its answers; anyone can \"ask\" a question.", cancellationToken);
        var list = await answers.TeamAnswersAsync(team.Id, cancellationToken);
        var month = AnswerRules.Month(time.GetUtcNow());
        var solved = (await answers.DeflectionsAsync(time.GetUtcNow(), cancellationToken)).Where(d => d.TeamId == team.Id).ToDictionary(d => d.AnswerId, d => d.Solved);
        await gateways.SendAsync(turn.PrivateReply(null, AnswerCards.List(team.Name, list, solved, month)), cancellationToken);
        return TurnResult.Handled();
    }
}

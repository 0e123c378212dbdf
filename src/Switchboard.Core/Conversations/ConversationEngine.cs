using Microsoft.Extensions.Logging;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Conversations;

/// <summary>
/// The conversation engine: drops redeliveries, then routes a turn to a command, the intake dialog or a
/// ticket action. Everything it says goes through the gateways; nothing here knows a wire format.
/// </summary>
public sealed class ConversationEngine(
    IIdempotencyStore idempotency,
    IntakeDialog intake,
    TicketService ticketService,
    ITicketStore tickets,
    TeamDirectory teams,
    TeamChannels channels,
    TicketCards cards,
    PlatformGateways gateways,
    AdminOptions admin,
    ILogger<ConversationEngine> logger) : IConversationEngine
{
    /// <summary>How long a delivery id is remembered: longer than any platform's redelivery window.</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var claim = DeliveryKey(turn) is { } delivery ? $"turn:{delivery}" : null;
        if (claim is not null && !await idempotency.TryClaimAsync(claim, DedupeWindow, cancellationToken))
        {
            logger.LogInformation("Dropped redelivered {Channel} turn {DeliveryId}", turn.Conversation.Platform, turn.DeliveryId);
            return TurnResult.Duplicate;
        }

        try
        {
            if (turn.Action is { } action) return await HandleActionAsync(turn, action, cancellationToken);
            var text = turn.Text?.Trim();
            if (string.IsNullOrEmpty(text)) return TurnResult.Handled();
            return await HandleTextAsync(turn, text, cancellationToken);
        }
        catch when (claim is not null)
        {
            // The platform redelivers what we failed to handle; give the claim back so that
            // redelivery is handled instead of dropped as a duplicate.
            await idempotency.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    private async Task<TurnResult> HandleActionAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        logger.LogInformation("Card action {Verb} from {Person}", action.Verb, turn.From.Key);
        switch (action.Verb)
        {
            case Verbs.IntakeSubmit or Verbs.IntakeChooseTeam or Verbs.IntakeSetTeam or Verbs.IntakeCancel:
                return await intake.HandleActionAsync(turn, action, cancellationToken);
            case Verbs.RequestFile:
                return await intake.FileFromFormAsync(turn, action, cancellationToken);
        }
        if (TicketWorkflow.RoleFor(action.Verb) is null)
            return TurnResult.Refused("That button is from an older version of me; please start again with \"help\".");
        if (!TicketNumber.TryParse(action.Get(Verbs.Keys.Ticket), out var number))
            return TurnResult.Refused("That card doesn't say which request it is about.");
        return await ChangeTicketAsync(turn, number.Value, action.Verb, action.Get(Verbs.Keys.Note), action, cancellationToken);
    }

    private async Task<TurnResult> ChangeTicketAsync(Turn turn, TicketNumber number, string verb, string? note, TurnAction? action, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken);
        if (ticket is null) return await RefuseAsync(turn, action, $"I can't find {number}. \"my requests\" lists yours.", cancellationToken);
        var team = teams.Get(ticket.TeamId);

        PersonRef? assignee = null;
        if (verb == Verbs.Assign)
        {
            var key = action?.Get(Verbs.Keys.Assignee);
            var agent = team.Agents.FirstOrDefault(a => string.Equals(TicketCards.AgentKey(a), key, StringComparison.OrdinalIgnoreCase));
            if (agent is null) return await RefuseAsync(turn, action, $"Choose one of the {team.Name} agents.", cancellationToken);
            assignee = AgentPerson(agent, turn.From.Platform);
        }
        ServiceTeam? target = null;
        if (verb == Verbs.Move)
        {
            target = teams.Find(action?.Get(Verbs.Keys.Team));
            if (target is null) return await RefuseAsync(turn, action, "Choose the team to move it to.", cancellationToken);
        }

        var change = new TicketChange(verb, turn.From, note, assignee, target, DeliveryKey(turn))
        {
            AnsweredCard = turn.ClickedCardRefresh == ClickedCardRefresh.Answer ? turn.SourceMessage : null,
        };
        var outcome = await ticketService.ChangeAsync(ticket, change, cancellationToken);
        if (outcome.Ticket is null)
        {
            // Refresh a stale card for the clicker so it shows who got there first.
            var current = outcome.Current is null ? null : await CardForSourceAsync(turn, outcome.Current, cancellationToken);
            if (action is null) await ReplyAsync(turn, outcome.Refusal!, cancellationToken);
            return new TurnResult(TurnOutcome.Refused, current, outcome.Refusal);
        }
        if (action is null && !outcome.Ticket.RequesterAddress.Key.Equals(turn.Conversation.Key, StringComparison.Ordinal))
            await ReplyAsync(turn, $"Done: {number} is now {TicketCards.StatusText(outcome.Ticket.Status).ToLowerInvariant()}.", cancellationToken);
        return TurnResult.Handled(await CardForSourceAsync(turn, outcome.Ticket, cancellationToken));
    }

    private async Task<Card?> CardForSourceAsync(Turn turn, Ticket ticket, CancellationToken cancellationToken)
    {
        if (turn.SourceMessage is not { } source) return null;
        if (ticket.RequesterCard is { } requesterCard && requesterCard.MessageId == source.MessageId)
            return ticketService.RequesterCard(ticket);
        return await ticketService.TeamCardForAsync(ticket, source.Address, cancellationToken);
    }

    private async Task<TurnResult> HandleTextAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        var command = Command.Parse(text);
        switch (command.Kind)
        {
            case CommandKind.Help:
                return await ReplyAsync(turn, HelpText(turn), cancellationToken);
            case CommandKind.MyRequests:
                return await ListAsync(turn, cancellationToken);
            case CommandKind.Status:
                return await StatusAsync(turn, command.Ticket!.Value, cancellationToken);
            case CommandKind.Cancel:
                return await ChangeTicketAsync(turn, command.Ticket!.Value, Verbs.Cancel, command.Argument, null, cancellationToken);
            case CommandKind.Reopen:
                return await ChangeTicketAsync(turn, command.Ticket!.Value, Verbs.Reopen, command.Argument, null, cancellationToken);
            case CommandKind.AddInfo:
                return await ChangeTicketAsync(turn, command.Ticket!.Value, Verbs.AddInfo, command.Argument, null, cancellationToken);
            case CommandKind.Link:
                return await LinkAsync(turn, command.Argument!, cancellationToken);
            case CommandKind.CancelDraft:
                return await ReplyAsync(turn, await intake.CancelPendingAsync(turn, cancellationToken)
                    ? "OK, I dropped that request; nothing was filed."
                    : "There's nothing pending to cancel. To cancel a filed request, write \"cancel IT-1001\" with its number.", cancellationToken);
        }
        if (turn.Scope != ConversationScope.Personal && await ticketService.FindByThreadAsync(turn.Conversation, cancellationToken) is { } threadTicket)
            return await ReplyInTicketThreadAsync(turn, threadTicket, text, cancellationToken);
        return await intake.TryAnswerTeamChoiceAsync(turn, text, cancellationToken)
               ?? await intake.StartAsync(turn, text, cancellationToken);
    }

    // In a ticket's thread an agent talks to the requester, and the requester adds information; nobody
    // there means to file a new request.
    private async Task<TurnResult> ReplyInTicketThreadAsync(Turn turn, TicketNumber number, string text, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken);
        if (ticket is null) return await ReplyAsync(turn, $"I can't find {number}.", cancellationToken);
        var team = teams.Get(ticket.TeamId);
        var verb = ticket.Requester.IsSamePerson(turn.From) ? Verbs.AddInfo : team.IsAgent(turn.From) ? Verbs.Reply : null;
        if (verb is null)
            return await ReplyAsync(turn, $"This is the thread of {number}. Only {team.Name} agents can write to the requester from here; to ask for something yourself, message me directly.", cancellationToken);
        var outcome = await ticketService.ChangeAsync(ticket, new TicketChange(verb, turn.From, text, DeliveryId: DeliveryKey(turn)), cancellationToken);
        if (outcome.Ticket is null) return await RefuseAsync(turn, null, outcome.Refusal!, cancellationToken);
        if (verb == Verbs.Reply) await ReplyAsync(turn, $"Sent to {ticket.Requester.Name}.", cancellationToken);
        return TurnResult.Handled();
    }

    private async Task<TurnResult> ListAsync(Turn turn, CancellationToken cancellationToken)
    {
        var mine = await tickets.ListByRequesterAsync(turn.From.Key, cancellationToken);
        if (mine.Count == 0)
            return await ReplyAsync(turn, "You have no requests yet. Tell me what you need and I'll file it.", cancellationToken);
        var open = mine.Where(t => t.IsOpen).ToList();
        var closed = mine.Where(t => !t.IsOpen).Take(5).ToList();
        var lines = new List<string>();
        lines.Add(open.Count == 0 ? "You have no open requests." : $"Your open requests ({open.Count}):");
        lines.AddRange(open.Select(t => "• " + Line(turn, t)));
        if (closed.Count > 0)
        {
            lines.Add("Recently closed:");
            lines.AddRange(closed.Select(t => "• " + Line(turn, t)));
        }
        lines.Add("Write \"status IT-1001\" (with the number) for details.");
        return await ReplyAsync(turn, string.Join('\n', lines), cancellationToken);
    }

    private string Line(Turn turn, Ticket ticket)
    {
        var team = teams.Get(ticket.TeamId);
        var shown = turn.Scope != ConversationScope.Personal && ticket.Confidentiality == Confidentiality.Confidential
            ? ticket with { Summary = "Confidential request" }
            : ticket;
        return TicketCards.ListLine(shown, team);
    }

    private async Task<TurnResult> StatusAsync(Turn turn, TicketNumber number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken);
        var team = ticket is null ? null : teams.Find(ticket.TeamId);
        if (ticket is null || team is null)
            return await ReplyAsync(turn, $"I can't find {number}. \"my requests\" lists yours.", cancellationToken);
        var isRequester = ticket.Requester.IsSamePerson(turn.From);
        var isAgent = team.IsAgent(turn.From);
        if (!isRequester && !isAgent)
            return await ReplyAsync(turn, $"Only the person who filed {number} and {team.Name} agents can see it.", cancellationToken);
        var privacy = turn.Scope == ConversationScope.Personal
            ? ChannelPrivacy.Private
            : await ticketService.PrivacyAtAsync(ticket, turn.Conversation, cancellationToken);
        var card = isAgent ? cards.ForTeam(ticket, privacy) : cards.ForRequester(ticket);
        if (isRequester && !isAgent && turn.Scope != ConversationScope.Personal && ticket.Confidentiality == Confidentiality.Confidential)
            card = cards.ForTeam(ticket, ChannelPrivacy.Open) with { Actions = [] };
        await gateways.SendAsync(turn.PrivateReply(null, card), cancellationToken);
        return TurnResult.Handled();
    }

    private async Task<TurnResult> LinkAsync(Turn turn, string argument, CancellationToken cancellationToken)
    {
        if (turn.Scope == ConversationScope.Personal)
            return await ReplyAsync(turn, "Run \"link <team>\" in the channel you want to link, mentioning me there.", cancellationToken);
        if (!admin.IsAdmin(turn.From))
            return await ReplyAsync(turn, "Only Switchboard admins can link channels. Ask one to add you under Admin:Users.", cancellationToken);
        var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isPrivate = words.Any(w => w.Equals("private", StringComparison.OrdinalIgnoreCase));
        var name = string.Join(' ', words.Where(w => !w.Equals("private", StringComparison.OrdinalIgnoreCase)));
        var team = teams.Resolve(name);
        if (team is null)
            return await ReplyAsync(turn, $"I don't know a team called \"{name}\". Teams: {string.Join(", ", teams.All.Select(t => t.Id))}.", cancellationToken);
        // A channel the configuration gives to one team keeps that team (and its privacy).
        if (channels.ConfiguredTeamOf(turn.Conversation) is { } configured && configured != team.Id)
            return await ReplyAsync(turn, $"This channel is configured for {teams.Get(configured).Name}; change ServiceTeams in the configuration to give it to another team.", cancellationToken);
        await channels.LinkAsync(team.Id, turn.Conversation, isPrivate ? ChannelPrivacy.Private : ChannelPrivacy.Open, turn.From, cancellationToken);
        logger.LogInformation("{Person} linked {Conversation} to team {Team}", turn.From.Key, turn.Conversation.Key, team.Id);
        return await ReplyAsync(turn,
            $"Linked this channel to {team.Name}. New {team.Name} requests will be posted here as cards to work from." +
            (team.Confidentiality == Confidentiality.Confidential && !isPrivate
                ? " Their requests are confidential, so cards here will hide the details (use \"link " + team.Id + " private\" for a private channel)."
                : ""),
            cancellationToken);
    }

    private string HelpText(Turn turn)
    {
        var teamList = string.Join("\n", teams.All.Select(t => $"• {t.Name}: {t.Options.Description}"));
        var agentOf = teams.TeamsOf(turn.From).Select(t => t.Name).ToList();
        return "Hi! I'm Switchboard. Tell me what you need in your own words (\"my VPN drops every call\", " +
               "\"update my bank details for payroll\") and I'll file it with the right team and keep you posted here.\n\n" +
               "Commands:\n" +
               "• my requests: your requests and their status\n" +
               "• status IT-1001: one request in detail\n" +
               "• add info IT-1001 <text>: tell the team more\n" +
               "• cancel IT-1001 / reopen IT-1001\n" +
               "• link <team>: (admins, in a channel) post that team's requests there\n\n" +
               "Teams:\n" + teamList +
               (agentOf.Count > 0 ? $"\n\nYou're an agent of {string.Join(", ", agentOf)}: work requests from the cards in your team's channel." : "");
    }

    private async Task<TurnResult> RefuseAsync(Turn turn, TurnAction? action, string notice, CancellationToken cancellationToken)
    {
        if (action is null) await ReplyAsync(turn, notice, cancellationToken);
        return TurnResult.Refused(notice);
    }

    private async Task<TurnResult> ReplyAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        await gateways.SendAsync(turn.PrivateReply(text), cancellationToken);
        return TurnResult.Handled();
    }

    private static string? DeliveryKey(Turn turn) =>
        turn.DeliveryId is { Length: > 0 } id ? $"{turn.Conversation.Platform}:{id}" : null;

    private static PersonRef AgentPerson(AgentOptions agent, Platform channel)
    {
        var id = agent.Ids.FirstOrDefault(i => i.StartsWith(channel.ToString().ToLowerInvariant() + ":", StringComparison.OrdinalIgnoreCase));
        return id is null
            ? new PersonRef(channel, agent.Email ?? agent.Name, agent.Name, agent.Email)
            : new PersonRef(channel, id[(id.IndexOf(':') + 1)..], agent.Name, agent.Email);
    }
}

using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>What a requester asks to file, and where they asked.</summary>
public sealed record NewRequest(PersonRef Requester, ConversationAddress RequesterAddress, ConversationScope RequesterScope, string TeamId, string Summary, string Details, Priority Priority);

/// <summary>
/// Files tickets and applies changes to them with compare-and-set, then brings every copy of the ticket
/// card up to date and tells the requester what changed.
/// </summary>
public sealed class TicketService(
    ITicketStore tickets,
    IStateStore state,
    TeamDirectory teams,
    TeamChannels channels,
    TicketCards cards,
    PlatformGateways gateways,
    TimeProvider time,
    ILogger<TicketService> logger)
{
    private const int MaxAttempts = 10;
    private const int MaxNumberAttempts = 1000;

    /// <summary>
    /// Files a ticket: <see cref="CreateAsync"/> then <see cref="AnnounceAsync"/>.
    /// </summary>
    public async Task<Ticket> FileAsync(NewRequest request, MessageRef? requesterCard, CancellationToken cancellationToken) =>
        await AnnounceAsync(await CreateAsync(request, cancellationToken), requesterCard, cancellationToken);

    /// <summary>Numbers and stores a new ticket. Throws when storage fails; then nothing was filed.</summary>
    public async Task<Ticket> CreateAsync(NewRequest request, CancellationToken cancellationToken)
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
                History = [new TicketEvent(now, request.Requester.Key, request.Requester.Name, TicketEventKind.Created)],
            };
            stored = await tickets.TryCreateAsync(ticket, cancellationToken);
            // A taken number means the counter fell behind the tickets (e.g. Redis restored without its
            // counter); move on to the next number rather than lose the request.
            if (stored is null && attempt >= MaxNumberAttempts)
                throw new InvalidOperationException($"Could not find a free {team.Options.TicketPrefix} ticket number after {MaxNumberAttempts} tries.");
            if (stored is null) logger.LogWarning("Ticket number {Ticket} was already taken; trying the next one", candidate);
        }
        logger.LogInformation("Filed {Ticket} for team {Team} at priority {Priority}", stored.Number, team.Id, request.Priority);
        return stored;
    }

    /// <summary>
    /// Posts the team card in each of the team's channels and shows the requester their card (replacing
    /// <paramref name="requesterCard"/> when given). The card references are stored as soon as each is
    /// known, so a platform failing half-way leaves a ticket whose cards still update later.
    /// </summary>
    public async Task<Ticket> AnnounceAsync(Ticket ticket, MessageRef? requesterCard, CancellationToken cancellationToken)
    {
        var number = ticket.Number;
        var team = teams.Get(ticket.TeamId);
        var teamCards = await PostTeamCardsAsync(ticket, cancellationToken);
        ticket = await UpdateWithRetryAsync(number, t => t with { TeamCards = teamCards }, cancellationToken) ?? ticket;

        var requesterMessage = new OutboundMessage(ticket.RequesterAddress, null, RequesterCard(ticket));
        var requesterRef = await TryAsync(async () =>
        {
            if (requesterCard is null) return await gateways.SendAsync(requesterMessage, cancellationToken);
            await gateways.UpdateAsync(requesterCard, requesterMessage, cancellationToken);
            return requesterCard;
        });
        if (requesterRef is not null)
            ticket = await UpdateWithRetryAsync(number, t => t with { RequesterCard = requesterRef }, cancellationToken) ?? ticket;

        var receipt = teamCards.Count == 0
            ? $"Filed {number} for {team.Name}. {team.Name} has no channel connected yet, so an admin will route it to them."
            : $"Filed {number} with {team.Name}. I'll tell you here when something changes.";
        await TryAsync(() => gateways.SendAsync(new OutboundMessage(ticket.RequesterAddress, receipt), cancellationToken));
        return ticket;
    }

    /// <summary>
    /// The requester's card: in full where they asked in a direct chat; for a confidential ticket asked
    /// about in a shared conversation, only number, status and who is on it.
    /// </summary>
    public Card RequesterCard(Ticket ticket) => RequesterSeesDetails(ticket)
        ? cards.ForRequester(ticket)
        : cards.ForTeam(ticket, ChannelPrivacy.Open) with { Actions = [] };

    /// <summary>Whether <paramref name="ticket"/> may show confidential text in the channel at <paramref name="address"/>.</summary>
    public async Task<ChannelPrivacy> PrivacyAtAsync(Ticket ticket, ConversationAddress address, CancellationToken cancellationToken)
    {
        var channel = await channels.FindAsync(address, cancellationToken);
        // A channel private to one team is not private to another: HR text never goes to IT's channel.
        return channel is not null && channel.TeamId == ticket.TeamId ? channel.Privacy : ChannelPrivacy.Open;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the ticket with compare-and-set, retrying on conflicts with a
    /// fresh read (so of two simultaneous "Assign to me" clicks, the second sees who won).
    /// </summary>
    public async Task<TicketActionOutcome> ChangeAsync(TicketNumber number, TicketChange change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var ticket = await tickets.GetAsync(number, cancellationToken);
            if (ticket is null) return TicketActionOutcome.Refused($"I can't find {number}.");
            var refusal = CheckPermission(ticket, change);
            if (refusal is not null) return TicketActionOutcome.Refused(refusal);

            var result = TicketWorkflow.Apply(ticket, change, time.GetUtcNow());
            if (result.IsRefused) return TicketActionOutcome.Refused(result.Error!, ticket);
            if (result.AlreadyApplied) return new TicketActionOutcome(ticket, null);

            var stored = await tickets.TryUpdateAsync(result.Ticket!, cancellationToken);
            if (stored is null) continue;
            logger.LogInformation("{Verb} on {Ticket} by {Actor}", change.Verb, number, change.Actor.Key);
            stored = await PublishAsync(ticket, stored, result, cancellationToken);
            return new TicketActionOutcome(stored, null);
        }
        return TicketActionOutcome.Refused($"{number} is changing quickly right now; try again in a moment.");
    }

    /// <summary>The ticket whose team card started the thread at <paramref name="address"/>, if any.</summary>
    public async Task<TicketNumber?> FindByThreadAsync(ConversationAddress address, CancellationToken cancellationToken)
    {
        if (address.ThreadId is null) return null;
        var entry = await state.ReadAsync(ThreadKey(address), cancellationToken);
        return TicketNumber.TryParse(entry?.Value, out var number) ? number : null;
    }

    /// <summary>The team card of <paramref name="ticket"/> as it should look in the channel at <paramref name="address"/>.</summary>
    public async Task<Card> TeamCardForAsync(Ticket ticket, ConversationAddress address, CancellationToken cancellationToken)
    {
        return cards.ForTeam(ticket, await PrivacyAtAsync(ticket, address, cancellationToken));
    }

    private string? CheckPermission(Ticket ticket, TicketChange change)
    {
        var team = teams.Get(ticket.TeamId);
        var isAgent = team.IsAgent(change.Actor);
        var isRequester = ticket.Requester.IsSamePerson(change.Actor);
        return change.Verb switch
        {
            Verbs.Cancel or Verbs.AddInfo when !isRequester => $"Only {ticket.Requester.Name}, who filed {ticket.Number}, can do that.",
            Verbs.Reopen when !isAgent && !isRequester => $"Only {team.Name} agents or the requester can reopen {ticket.Number}.",
            Verbs.Cancel or Verbs.AddInfo or Verbs.Reopen => null,
            _ when TicketWorkflow.RoleFor(change.Verb) == ActorRole.Agent && !isAgent => $"Only {team.Name} agents can do that.",
            _ when TicketWorkflow.RoleFor(change.Verb) is null => "That action isn't something I know how to do.",
            _ => null,
        };
    }

    private async Task<Ticket> PublishAsync(Ticket before, Ticket after, TicketChangeResult result, CancellationToken cancellationToken)
    {
        if (before.TeamId != after.TeamId)
        {
            // The old team's cards become a closed record of the move; the new team gets fresh cards.
            foreach (var card in before.TeamCards)
                await TryAsync(() => UpdateTeamCardAsync(card, before with { Status = after.Status, Assignee = null }, moved: after, cancellationToken));
            var newCards = await PostTeamCardsAsync(after, cancellationToken);
            after = await UpdateWithRetryAsync(after.Number, t => t with { TeamCards = newCards }, cancellationToken) ?? after;
        }
        else
        {
            await PaintTeamCardsAsync(after, cancellationToken);
            if (result.TeamThreadMessage is { } note)
            {
                foreach (var card in after.TeamCards)
                    await TryAsync(() => PostInThreadAsync(card, after, note, cancellationToken));
            }
        }
        if (after.RequesterCard is { } requesterCard)
        {
            var latest = await tickets.GetAsync(after.Number, cancellationToken) ?? after;
            await TryAsync(() => gateways.UpdateAsync(requesterCard, new OutboundMessage(requesterCard.Address, null, RequesterCard(latest)), cancellationToken));
        }
        else if (result.RequesterMessage is not null)
        {
            // The requester's card never reached them (a platform failure when it was filed): send one now.
            var sent = await TryAsync(() => gateways.SendAsync(new OutboundMessage(after.RequesterAddress, null, RequesterCard(after)), cancellationToken));
            if (sent is not null) after = await UpdateWithRetryAsync(after.Number, t => t with { RequesterCard = sent }, cancellationToken) ?? after;
        }
        if (result.RequesterMessage is { } message)
        {
            var text = RequesterSeesDetails(after)
                ? message
                : $"{after.Number} is now {TicketCards.StatusText(after.Status).ToLowerInvariant()}. It is confidential, so message me directly with \"status {after.Number}\" for the details.";
            await TryAsync(() => gateways.SendAsync(new OutboundMessage(after.RequesterAddress, text), cancellationToken));
        }
        return after;
    }

    // Cards show the ticket as stored, not as this change left it; painting again while the stored version
    // moves on means that of two changes published at once, the last paint shows the latest state.
    private async Task PaintTeamCardsAsync(Ticket after, CancellationToken cancellationToken)
    {
        long? painted = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var latest = await tickets.GetAsync(after.Number, cancellationToken) ?? after;
            // Moved meanwhile: the move repaints these cards as closed; don't bring their buttons back.
            if (latest.TeamId != after.TeamId || latest.Version == painted) return;
            foreach (var card in after.TeamCards)
                await TryAsync(() => UpdateTeamCardAsync(card, latest, moved: null, cancellationToken));
            painted = latest.Version;
        }
    }

    private async Task UpdateTeamCardAsync(MessageRef card, Ticket ticket, Ticket? moved, CancellationToken cancellationToken)
    {
        var content = await TeamCardForAsync(ticket, card.Address, cancellationToken);
        if (moved is not null)
            content = content with
            {
                Actions = [],
                Subtitle = $"Moved to {teams.Get(moved.TeamId).Name}",
                Accent = CardAccent.Muted,
            };
        await gateways.UpdateAsync(card, new OutboundMessage(card.Address, TeamCardText(ticket), content), cancellationToken);
    }

    private async Task PostInThreadAsync(MessageRef card, Ticket ticket, string note, CancellationToken cancellationToken)
    {
        var hide = ticket.Confidentiality == Confidentiality.Confidential &&
                   await PrivacyAtAsync(ticket, card.Address, cancellationToken) != ChannelPrivacy.Private;
        var text = hide && ticket.History[^1].Kind == TicketEventKind.InfoAdded
            ? $"{ticket.Requester.Name} added information to {ticket.Number} (hidden here: confidential)."
            : note;
        await gateways.SendAsync(new OutboundMessage(card.Address, text), cancellationToken);
    }

    private async Task<IReadOnlyList<MessageRef>> PostTeamCardsAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var posted = new List<MessageRef>();
        foreach (var channel in await channels.ForTeamAsync(ticket.TeamId, cancellationToken))
        {
            var card = cards.ForTeam(ticket, await PrivacyAtAsync(ticket, channel.Address, cancellationToken));
            var sent = await TryAsync(() => gateways.SendAsync(new OutboundMessage(channel.Address, TeamCardText(ticket), card), cancellationToken));
            if (sent is null) continue;
            posted.Add(sent);
            // Remember which ticket the card's thread belongs to, so agents can talk to the requester there.
            if (sent.Address.ThreadId is not null)
                await TryAsync(() => (Task)state.TryWriteAsync(ThreadKey(sent.Address), ticket.Number.ToString(), StateEntry.AnyETag, StateLifetimes.TicketThread, cancellationToken));
        }
        return posted;
    }

    // The line that goes with a team card (notification text, Slack fallback), kept on every update.
    private static string TeamCardText(Ticket ticket) => $"Request {ticket.Number} from {ticket.Requester.Name}";

    private static bool RequesterSeesDetails(Ticket ticket) =>
        ticket.Confidentiality != Confidentiality.Confidential || ticket.RequesterScope == ConversationScope.Personal;

    private static string ThreadKey(ConversationAddress address) => $"ticket-thread:{address.Key}:{address.ThreadId}";

    private async Task<Ticket?> UpdateWithRetryAsync(TicketNumber number, Func<Ticket, Ticket> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await tickets.GetAsync(number, cancellationToken);
            if (current is null) return null;
            var stored = await tickets.TryUpdateAsync(change(current), cancellationToken);
            if (stored is not null) return stored;
        }
        return null;
    }

    // One unreachable channel (bot removed from a team, Slack down) must not undo or block the rest:
    // the ticket change is already stored, so failures to notify are logged and skipped.
    private Task TryAsync(Func<Task> send) => TryAsync<object>(async () => { await send(); return new object(); });

    private async Task<T?> TryAsync<T>(Func<Task<T>> send) where T : class
    {
        try { return await send(); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A message about a ticket could not be delivered");
            return null;
        }
    }
}

/// <summary>The result of a ticket action: the stored ticket, or a refusal for the clicker.</summary>
public sealed record TicketActionOutcome(Ticket? Ticket, string? Refusal, Ticket? Current = null)
{
    internal static TicketActionOutcome Refused(string why, Ticket? current = null) => new(null, why, current);
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Requests;

/// <summary>Where something about a ticket is shown, as far as who else may read it.</summary>
public enum TicketPlace
{
    /// <summary>A one-to-one chat between the bot and the person it is shown to.</summary>
    Direct,
    /// <summary>A channel private to the ticket's own team.</summary>
    TeamPrivate,
    /// <summary>Anywhere others may read: an open channel, a group chat, another team's private channel.</summary>
    Shared,
}

/// <summary>
/// The one policy for what of a ticket each person may see, and where: cards, list lines, thread posts,
/// notices and refusals. Someone who may not see a ticket gets the same answer as for a number that doesn't
/// exist, naming no one; a confidential ticket's text is shown only in a direct chat or its team's private
/// channel.
/// </summary>
public sealed class TicketDisclosure(TeamDirectory teams, TeamChannels channels, TicketCards cards, AdminOptions admin)
{
    /// <summary>
    /// The answer about a ticket that doesn't exist or that the person may not see: the same in both cases,
    /// so trying numbers reveals nothing.
    /// </summary>
    public static string Unknown(TicketNumber number) => $"I can't find {number}. \"my requests\" lists yours.";

    /// <summary>What <paramref name="person"/> is to <paramref name="ticket"/> (always at least <see cref="Actors.Anyone"/>).</summary>
    public Actors RolesOf(Ticket ticket, PersonRef person)
    {
        var roles = Actors.Anyone;
        if (ticket.Requester.IsSamePerson(person)) roles |= Actors.Requester;
        var team = teams.Find(ticket.TeamId);
        if (team?.IsAgent(person) == true || SystemActor.Is(person)) roles |= Actors.Agent;
        if (team?.IsLead(person) == true) roles |= Actors.Lead;
        if (admin.IsAdmin(person)) roles |= Actors.Admin;
        return roles;
    }

    /// <summary>
    /// Whether <paramref name="person"/> may know the ticket exists: its requester, an agent of its team, or
    /// a lead of its team, or someone looking at one of its cards (<paramref name="card"/>, the message they clicked).
    /// </summary>
    public bool MaySee(Ticket ticket, PersonRef person, MessageRef? card = null) =>
        (RolesOf(ticket, person) & (Actors.Requester | Actors.Agent | Actors.Lead)) != Actors.None ||
        (card is not null && ticket.TeamCards.Append(ticket.RequesterCard).OfType<MessageRef>()
            .Any(c => c.MessageId == card.MessageId && c.Address.Key == card.Address.Key));

    /// <summary>What kind of place the conversation at <paramref name="address"/> is for <paramref name="ticket"/>.</summary>
    public async Task<TicketPlace> PlaceAsync(Ticket ticket, ConversationAddress address, ConversationScope scope, CancellationToken cancellationToken)
    {
        if (scope == ConversationScope.Personal) return TicketPlace.Direct;
        var channel = await channels.FindAsync(address, cancellationToken);
        // A channel private to one team is not private to another: HR text never goes to IT's channel.
        return channel is { Privacy: ChannelPrivacy.Private } && channel.TeamId == ticket.TeamId ? TicketPlace.TeamPrivate : TicketPlace.Shared;
    }

    /// <summary>Where the requester's copy lives: their direct chat, or the shared conversation they asked in (unknown counts as shared).</summary>
    public static TicketPlace RequesterPlace(Ticket ticket) =>
        ticket.RequesterScope == ConversationScope.Personal ? TicketPlace.Direct : TicketPlace.Shared;

    /// <summary>Whether the ticket's text (summary, details, added information, resolution) may be shown at <paramref name="place"/>.</summary>
    public static bool ShowsDetails(Ticket ticket, TicketPlace place) =>
        ticket.Confidentiality != Confidentiality.Confidential || place != TicketPlace.Shared;

    /// <summary>The requester's card, where it lives: in full, or for a confidential ticket in a shared place only number, status and who is on it.</summary>
    public Card RequesterCard(Ticket ticket) =>
        ShowsDetails(ticket, RequesterPlace(ticket)) ? cards.ForRequester(ticket) : Redacted(ticket);

    /// <summary>The team card of <paramref name="ticket"/> as it may look in the channel at <paramref name="channel"/>.</summary>
    public async Task<Card> TeamCardAsync(Ticket ticket, ConversationAddress channel, CancellationToken cancellationToken) =>
        cards.ForTeam(ticket, Privacy(ticket, await PlaceAsync(ticket, channel, ConversationScope.Channel, cancellationToken)));

    /// <summary>
    /// The card for someone asking about the ticket where <paramref name="turn"/> happened: agents get the team's
    /// card, the requester their own; null when they may not see it.
    /// </summary>
    public async Task<Card?> CardForAsync(Ticket ticket, Turn turn, CancellationToken cancellationToken)
    {
        if (!MaySee(ticket, turn.From)) return null;
        var place = await PlaceAsync(ticket, turn.Conversation, turn.Scope, cancellationToken);
        if (RolesOf(ticket, turn.From).HasFlag(Actors.Agent)) return cards.ForTeam(ticket, Privacy(ticket, place));
        return ShowsDetails(ticket, place) ? cards.ForRequester(ticket) : Redacted(ticket);
    }

    /// <summary>The ticket's line in a list ("my requests") shown at <paramref name="place"/>.</summary>
    public string ListLine(Ticket ticket, TicketPlace place) =>
        TicketCards.ListLine(ShowsDetails(ticket, place) ? ticket : ticket with { Summary = "Confidential request" }, teams.Get(ticket.TeamId));

    /// <summary>What to tell the requester about a change, where their copy lives.</summary>
    public static string RequesterNotice(Ticket ticket, string message) =>
        ShowsDetails(ticket, RequesterPlace(ticket))
            ? message
            : $"{ticket.Number} is now {TicketCards.StatusText(ticket.Status).ToLowerInvariant()}. It is confidential, so message me directly with \"status {ticket.Number}\" for the details.";

    /// <summary>The post in the thread of the team card at <paramref name="card"/> about the ticket's latest change.</summary>
    public async Task<string> ThreadPostAsync(Ticket ticket, ConversationAddress card, string note, CancellationToken cancellationToken)
    {
        // Information the requester added is the request's text, so it stays out of places that may not show it.
        var hide = ticket.History[^1].Kind == TicketEventKind.InfoAdded &&
                   !ShowsDetails(ticket, await PlaceAsync(ticket, card, ConversationScope.Channel, cancellationToken));
        return hide ? $"{ticket.Requester.Name} added information to {ticket.Number} (hidden here: confidential)." : note;
    }

    /// <summary>The refusal for someone who may see the ticket but is not among <paramref name="allowed"/>.</summary>
    public string NotAllowed(Ticket ticket, Actors allowed)
    {
        var team = teams.Find(ticket.TeamId)?.Name ?? "the team's";
        return (allowed & (Actors.Requester | Actors.Agent)) switch
        {
            Actors.Requester | Actors.Agent => $"Only {team} agents or the person who filed {ticket.Number} can do that.",
            Actors.Agent => $"Only {team} agents can do that.",
            Actors.Requester => $"Only the person who filed {ticket.Number} can do that.",
            _ when allowed.HasFlag(Actors.Lead) => $"Only {team} leads can do that.",
            _ => AudiencePolicy.Refusal(Audience.Admins),
        };
    }

    /// <summary>
    /// Why a request for <paramref name="team"/> can't be taken where it was asked, or null when it can:
    /// confidential requests are only taken in a direct chat, so their text never lands in a shared one.
    /// </summary>
    public static string? IntakeRefusal(ServiceTeam team, ConversationScope scope) =>
        scope != ConversationScope.Personal && team.Confidentiality == Confidentiality.Confidential
            ? $"{team.Name} requests are confidential. Please send this to me in a direct message so only you and {team.Name} see it."
            : null;

    private static ChannelPrivacy Privacy(Ticket ticket, TicketPlace place) =>
        ShowsDetails(ticket, place) ? ChannelPrivacy.Private : ChannelPrivacy.Open;

    private Card Redacted(Ticket ticket) => cards.ForTeam(ticket, ChannelPrivacy.Open) with { Actions = [] };
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Kudos;

/// <summary>
/// Told after <see cref="KudosDelivery"/> delivered a kudos. Called from the durable delivery queue, so it may be
/// called more than once for one kudos and must be safe to repeat; throwing retries the delivery (whose steps done
/// already are not repeated).
/// </summary>
public interface IKudosFollowUp
{
    /// <summary>Acts on the delivered <paramref name="entry"/>.</summary>
    Task DeliveredAsync(KudosEntry entry, CancellationToken cancellationToken);
}

/// <summary>The channel card of a kudos with everyone who added their thanks to it ("+1").</summary>
public static class KudosChannelCard
{
    /// <summary><see cref="KudosCards.Public"/>, with a line naming the people who joined, as plain text.</summary>
    public static Card Build(KudosEntry entry, IReadOnlyList<KudosJoiner> joiners, KudosOptions options)
    {
        var card = KudosCards.Public(entry, options);
        return joiners.Count == 0 ? card : card with { Facts = [.. card.Facts, new CardFact("Thanks also from", KudosService.Names(joiners.Select(j => j.Name)))] };
    }
}

/// <summary>
/// After a kudos is delivered: a "+1" repaints the channel cards of the kudos it joins with the updated list of
/// joiners (in place, never a new post); a ticket's thank-you counts on the fair board; a give moves the giver's
/// reminder and starts the receivers'.
/// </summary>
internal sealed class KudosNudgeFollowUp(
    IKudosActivityStore activity,
    IKudosStore store,
    PlatformGateways gateways,
    FairBoard fairBoard,
    KudosGiveReminders reminders,
    KudosOptions options) : IKudosFollowUp
{
    public async Task DeliveredAsync(KudosEntry entry, CancellationToken cancellationToken)
    {
        if (entry is { Kind: KudosKind.PlusOne, Joins: { } joins }) await RepaintAsync(entry, joins, cancellationToken);
        if (entry is { Kind: KudosKind.ServiceThanks, Ticket: { } ticket }) await fairBoard.RecordThanksAsync(ticket, cancellationToken);
        await reminders.GaveAsync(entry.Giver, entry.At, cancellationToken);
        foreach (var receiver in entry.Receivers) await reminders.ReceivedAsync(receiver, cancellationToken);
    }

    // Repeating it paints the same card again. The deliveries of one kudos' "+1"s run one at a time (one ordering
    // key), so a repaint never overtakes a later one with an older list.
    private async Task RepaintAsync(KudosEntry plusOne, string joins, CancellationToken cancellationToken)
    {
        await activity.AddJoinerAsync(joins, new KudosJoiner(plusOne.Giver.Id, plusOne.Giver.Name, plusOne.At), cancellationToken);
        if (await store.GetAsync(joins, cancellationToken) is not { } original) return;
        var card = KudosChannelCard.Build(original, await activity.JoinersAsync(joins, cancellationToken), options);
        foreach (var target in await activity.CardsAsync(joins, cancellationToken))
        {
            if (!gateways.Has(target.Address.Platform)) continue;
            await gateways.UpdateAsync(target, new OutboundMessage(target.Address, null, card), cancellationToken);
        }
    }
}

/// <summary>After each ticket change: count a resolution on the fair board and put it in its requester's round-up.</summary>
internal sealed class KudosTicketObserver(FairBoard fairBoard, KudosRoundUps roundUps) : ITicketChangeObserver
{
    public async Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (ticket.Status != TicketStatus.Resolved) return;
        await fairBoard.RecordResolutionAsync(ticket, cancellationToken);
        await roundUps.NoteResolvedAsync(ticket, cancellationToken);
    }
}

namespace Switchboard.Core.Requests;

/// <summary>
/// Told about a ticket once the outbox has delivered a change's effects, so other modules can follow up
/// (give it to an agent, refresh the home pages that show it). Called by <see cref="TicketOutboxDispatcher"/>
/// from the durable outbox queue: it may be called more than once for one change, so it must be safe to repeat,
/// and a failure is retried with the delivery.
/// </summary>
public interface ITicketChangeObserver
{
    /// <summary>
    /// Acts on <paramref name="ticket"/> as it was read for delivery: its <see cref="Ticket.Outbox"/> still lists the
    /// effects just delivered (a move's closing names the team it left).
    /// </summary>
    Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken);
}

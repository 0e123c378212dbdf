using Switchboard.Core.Requests;

namespace Switchboard.Core.Storage;

/// <summary>Tickets, their numbers and their indexes. Updates are compare-and-set on <see cref="Ticket.Version"/>.</summary>
public interface ITicketStore
{
    /// <summary>Atomically hands out the next number for <paramref name="prefix"/>, starting at <see cref="TicketNumber.First"/>.</summary>
    Task<TicketNumber> NextNumberAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Stores a new ticket (its version becomes 1).</summary>
    /// <returns>The stored ticket, or null when a ticket with that number exists.</returns>
    Task<Ticket?> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>The ticket, or null.</summary>
    Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ticket when the stored version equals <paramref name="ticket"/>'s <see cref="Ticket.Version"/>.
    /// </summary>
    /// <returns>The stored ticket with its version incremented, or null when someone else updated it first.</returns>
    Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>Tickets filed by the person with this key, newest first.</summary>
    Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken);

    /// <summary>
    /// The open tickets (<see cref="Ticket.IsOpen"/>) filed by the person with this key, newest first: what a turn
    /// needs to find the requests that wait on her. It costs what her open tickets cost, not her whole history.
    /// </summary>
    Task<IReadOnlyList<Ticket>> ListOpenByRequesterAsync(string requesterKey, CancellationToken cancellationToken);

    /// <summary>Tickets currently owned by the team, newest first.</summary>
    Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>
    /// The open tickets (<see cref="Ticket.IsOpen"/>) the team currently owns, newest first (the order of
    /// <see cref="ListByTeamAsync"/>): what queues and assignment need. It costs what the team's open tickets cost,
    /// not every ticket the team ever had.
    /// </summary>
    Task<IReadOnlyList<Ticket>> ListOpenByTeamAsync(string teamId, CancellationToken cancellationToken);
}

using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Fakes;

/// <summary>A ticket store whose next creations fail, as a storage outage would.</summary>
public sealed class FlakyTicketStore(ITicketStore inner) : ITicketStore
{
    public int FailNextCreates { get; set; }

    public Task<TicketNumber> NextNumberAsync(string prefix, CancellationToken cancellationToken) => inner.NextNumberAsync(prefix, cancellationToken);

    public Task<Ticket?> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (FailNextCreates <= 0) return inner.TryCreateAsync(ticket, cancellationToken);
        FailNextCreates--;
        throw new TimeoutException("Storage is unavailable.");
    }

    public Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken) => inner.GetAsync(number, cancellationToken);

    public Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken) => inner.TryUpdateAsync(ticket, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) => inner.ListByRequesterAsync(requesterKey, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListOpenByRequesterAsync(string requesterKey, CancellationToken cancellationToken) => inner.ListOpenByRequesterAsync(requesterKey, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) => inner.ListByTeamAsync(teamId, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListOpenByTeamAsync(string teamId, CancellationToken cancellationToken) => inner.ListOpenByTeamAsync(teamId, cancellationToken);
}

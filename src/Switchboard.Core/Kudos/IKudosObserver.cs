namespace Switchboard.Core.Kudos;

/// <summary>
/// Told about a kudos once it is in the ledger, when its delivery runs (<see cref="KudosDelivery"/>), so other modules
/// can count it. A delivery may run more than once for one kudos, so an observer must count it once per
/// <see cref="KudosEntry.Id"/>; a failure is retried with the delivery.
/// </summary>
public interface IKudosObserver
{
    /// <summary>Acts on the stored <paramref name="entry"/>.</summary>
    Task KudosStoredAsync(KudosEntry entry, CancellationToken cancellationToken);
}

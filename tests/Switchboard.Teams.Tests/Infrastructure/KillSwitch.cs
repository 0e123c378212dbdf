using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>
/// Stands for a process being killed, as seen from its storage: once <see cref="Kill"/> is called, nothing the
/// host does reaches the stores any more (every call fails, before or after it ran, as if the process died
/// there). What was stored before stays, for the next host on the same stores.
/// </summary>
public sealed class KillSwitch
{
    private volatile bool _killed;

    public bool IsKilled => _killed;

    public void Kill() => _killed = true;

    public void ThrowIfKilled()
    {
        if (_killed) throw new ObjectDisposedException("host", "This host was killed.");
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        ThrowIfKilled();
        var result = await call();
        ThrowIfKilled();
        return result;
    }

    public async Task RunAsync(Func<Task> call)
    {
        ThrowIfKilled();
        await call();
        ThrowIfKilled();
    }
}

public sealed class KillableTicketStore(ITicketStore inner, KillSwitch kill) : ITicketStore
{
    public Task<TicketNumber> NextNumberAsync(string prefix, CancellationToken cancellationToken) => kill.RunAsync(() => inner.NextNumberAsync(prefix, cancellationToken));
    public Task<Ticket?> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken) => kill.RunAsync(() => inner.TryCreateAsync(ticket, cancellationToken));
    public Task<Ticket?> GetAsync(TicketNumber number, CancellationToken cancellationToken) => kill.RunAsync(() => inner.GetAsync(number, cancellationToken));
    public Task<Ticket?> TryUpdateAsync(Ticket ticket, CancellationToken cancellationToken) => kill.RunAsync(() => inner.TryUpdateAsync(ticket, cancellationToken));
    public Task<IReadOnlyList<Ticket>> ListByRequesterAsync(string requesterKey, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ListByRequesterAsync(requesterKey, cancellationToken));
    public Task<IReadOnlyList<Ticket>> ListOpenByRequesterAsync(string requesterKey, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ListOpenByRequesterAsync(requesterKey, cancellationToken));
    public Task<IReadOnlyList<Ticket>> ListByTeamAsync(string teamId, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ListByTeamAsync(teamId, cancellationToken));
    public Task<IReadOnlyList<Ticket>> ListOpenByTeamAsync(string teamId, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ListOpenByTeamAsync(teamId, cancellationToken));
}

public sealed class KillableStateStore(IStateStore inner, KillSwitch kill) : IStateStore
{
    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ReadAsync(key, cancellationToken));
    public Task<string?> TryWriteAsync(string key, string value, string? expectedETag, TimeSpan? timeToLive, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.TryWriteAsync(key, value, expectedETag, timeToLive, cancellationToken));
    public Task<bool> TryDeleteAsync(string key, string expectedETag, CancellationToken cancellationToken) => kill.RunAsync(() => inner.TryDeleteAsync(key, expectedETag, cancellationToken));
}

public sealed class KillableIdempotencyStore(IIdempotencyStore inner, KillSwitch kill) : IIdempotencyStore
{
    public Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken) => kill.RunAsync(() => inner.TryClaimAsync(key, window, cancellationToken));
    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => kill.RunAsync(() => inner.ReleaseAsync(key, cancellationToken));
}

public sealed class KillableWorkQueue(IWorkQueue inner, KillSwitch kill) : IWorkQueue
{
    public Task<bool> EnqueueAsync(string queue, WorkItem item, DateTimeOffset? notBefore, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.EnqueueAsync(queue, item, notBefore, cancellationToken));
    public Task<IReadOnlyList<WorkLease>> ReceiveAsync(string queue, string consumer, int maxItems, TimeSpan lease, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.ReceiveAsync(queue, consumer, maxItems, lease, cancellationToken));
    public Task<bool> AckAsync(string queue, WorkLease lease, CancellationToken cancellationToken) => kill.RunAsync(() => inner.AckAsync(queue, lease, cancellationToken));
    public Task<RetryOutcome> RetryAsync(string queue, WorkLease lease, string error, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.RetryAsync(queue, lease, error, cancellationToken));
    public Task<IReadOnlyList<WorkDeadLetter>> ListDeadLettersAsync(string queue, int max, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.ListDeadLettersAsync(queue, max, cancellationToken));
    public Task<bool> RequeueDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.RequeueDeadLetterAsync(queue, deadLetterId, cancellationToken));
    public Task<bool> DeleteDeadLetterAsync(string queue, string deadLetterId, CancellationToken cancellationToken) =>
        kill.RunAsync(() => inner.DeleteDeadLetterAsync(queue, deadLetterId, cancellationToken));
    public Task<WorkQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) => kill.RunAsync(() => inner.GetStatsAsync(queue, cancellationToken));

    // A dead process does not wait for work; it just never takes any (its receives fail).
    public Task WaitForWorkAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        kill.IsKilled ? Task.Delay(timeout, cancellationToken) : inner.WaitForWorkAsync(queue, timeout, cancellationToken);
}

namespace Switchboard.Core.Routing;

/// <summary>
/// A request an agent moved to another team, remembered as evidence for that team. It keeps the request's routing
/// terms, never its text; a confidential request's terms are kept only as hashes (<see cref="Hashed"/>).
/// </summary>
/// <param name="Id">Stable for one move (<c>{ticket}@{unix ms of the move}</c>), so learning the same move again changes nothing.</param>
/// <param name="TeamId">The team the ticket was moved to: the evidence is for this team.</param>
/// <param name="FromTeamId">The team it was moved away from.</param>
/// <param name="Ticket">The ticket's number, e.g. <c>IT-1042</c>, named in the reasons when this example decides.</param>
/// <param name="Terms">The request's distinct routing terms, or their hashes when <paramref name="Hashed"/>.</param>
/// <param name="Hashed">True when the request was confidential and <paramref name="Terms"/> are hashes.</param>
/// <param name="LearnedAt">When the move happened.</param>
public sealed record LearnedRoute(
    string Id,
    string TeamId,
    string FromTeamId,
    string Ticket,
    IReadOnlyList<string> Terms,
    bool Hashed,
    DateTimeOffset LearnedAt);

/// <summary>
/// The learned examples every instance shares: bounded per team (the newest <see cref="RoutingMemoryOptions.PerTeamLimit"/>
/// stay), and removable by an admin; a removed example is never learned again from the same move.
/// </summary>
public interface IRoutingMemory
{
    /// <summary>Keeps <paramref name="route"/> unless an example with its id is kept or was removed; drops its team's oldest beyond the limit.</summary>
    /// <returns>True when it was added.</returns>
    Task<bool> RememberAsync(LearnedRoute route, CancellationToken cancellationToken);

    /// <summary>Every kept example, newest first.</summary>
    Task<IReadOnlyList<LearnedRoute>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the example with <paramref name="id"/> for good.</summary>
    /// <returns>False when there was none.</returns>
    Task<bool> ForgetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A number that changes whenever the kept examples change, so a cache knows when to read them again.</summary>
    Task<long> VersionAsync(CancellationToken cancellationToken);
}

/// <summary>How much the router learns from moves and how fast every instance sees it.</summary>
public sealed record RoutingMemoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RoutingMemory";

    /// <summary>How many learned examples each team keeps (the newest).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int PerTeamLimit { get; init; } = 200;

    /// <summary>How old an instance's copy of the learned examples may get before it checks for changes.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>In-process <see cref="IRoutingMemory"/>: the default when no Redis is configured.</summary>
public sealed class MemoryRoutingMemory(RoutingMemoryOptions options) : IRoutingMemory
{
    private readonly Dictionary<string, LearnedRoute> _routes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forgotten = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>A memory with the default limits.</summary>
    public MemoryRoutingMemory() : this(new RoutingMemoryOptions()) { }

    /// <inheritdoc />
    public Task<bool> RememberAsync(LearnedRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_gate)
        {
            if (_forgotten.Contains(route.Id) || !_routes.TryAdd(route.Id, route)) return Task.FromResult(false);
            var team = _routes.Values.Where(r => r.TeamId == route.TeamId).OrderByDescending(r => r.LearnedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
            foreach (var dropped in team.Skip(options.PerTeamLimit)) _routes.Remove(dropped.Id);
            _version++;
            return Task.FromResult(_routes.ContainsKey(route.Id));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LearnedRoute>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<LearnedRoute>>(
                [.. _routes.Values.OrderByDescending(r => r.LearnedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> ForgetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _forgotten.Add(id);
            if (!_routes.Remove(id)) return Task.FromResult(false);
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<long> VersionAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_version);
    }
}

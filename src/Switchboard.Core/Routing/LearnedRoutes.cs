using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Routing;

/// <summary>
/// This instance's copy of the learned examples (<see cref="IRoutingMemory"/>), which the router reads without I/O.
/// A read older than <see cref="RoutingMemoryOptions.Refresh"/> starts one background check of the shared version and
/// reloads when it changed, so a move learned on any instance reaches every instance within about that time.
/// </summary>
public sealed partial class LearnedRoutes(IRoutingMemory memory, RoutingMemoryOptions options, TimeProvider time, ILogger<LearnedRoutes> logger)
{
    private const string HashPrefix = "#";
    private volatile Snapshot _snapshot = new([], -1, DateTimeOffset.MinValue);
    private int _refreshing;

    /// <summary>The examples as last read; starts a refresh in the background when they are stale.</summary>
    public IReadOnlyList<LearnedRoute> Current
    {
        get
        {
            var snapshot = _snapshot;
            if (time.GetUtcNow() - snapshot.ReadAt >= options.Refresh && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await RefreshAsync(CancellationToken.None);
                    }
                    catch (Exception e)
                    {
                        // The router keeps the examples it has; the next stale read tries again.
                        LogRefreshFailed(e);
                    }
                    finally
                    {
                        Volatile.Write(ref _refreshing, 0);
                    }
                });
            }

            return snapshot.Routes;
        }
    }

    /// <summary>Reads the shared examples again when their version changed since the last read.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var version = await memory.VersionAsync(cancellationToken);
        if (version == _snapshot.Version)
        {
            _snapshot = _snapshot with { ReadAt = now };
            return;
        }

        var routes = await memory.ListAsync(cancellationToken);
        _snapshot = new Snapshot(routes, version, now);
    }

    /// <summary>
    /// The terms a learned example keeps for <paramref name="text"/>: the distinct routing terms, or for a confidential
    /// request their hashes, so its words are neither stored nor listed.
    /// </summary>
    public static IReadOnlyList<string> TermsOf(string text, Confidentiality confidentiality)
    {
        var terms = RoutingText.Tokenize(text).Select(t => t.Term).Distinct(StringComparer.Ordinal);
        return confidentiality == Confidentiality.Confidential ? [.. terms.Select(Hash).Distinct(StringComparer.Ordinal)] : [.. terms];
    }

    /// <summary>The id of the learned example for a move of <paramref name="ticket"/> at <paramref name="movedAt"/>.</summary>
    public static string IdOf(TicketNumber ticket, DateTimeOffset movedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{ticket}@{movedAt.ToUnixTimeMilliseconds()}");

    internal static string Hash(string term) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(term)).AsSpan(0, 8));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the learned routing examples; routing uses the copy it has")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(IReadOnlyList<LearnedRoute> Routes, long Version, DateTimeOffset ReadAt);
}

/// <summary>
/// Learns from moves: once a move's effects are delivered, the request is remembered as an example for the team it
/// went to (an <see cref="ITicketChangeObserver"/>; the example's id makes a repeated call learn it once).
/// </summary>
public sealed partial class RoutingLearner(IRoutingMemory memory, LearnedRoutes learned, ILogger<RoutingLearner> logger) : ITicketChangeObserver
{
    /// <inheritdoc />
    public async Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        // Only right after a move: its event is the latest, and any later change would have added its own.
        if (ticket.History.Count == 0 || ticket.History[^1] is not { Kind: TicketEventKind.Moved, FromTeamId: { } from } move) return;
        var terms = LearnedRoutes.TermsOf(ticket.Details, ticket.Confidentiality);
        if (terms.Count == 0) return;
        var route = new LearnedRoute(LearnedRoutes.IdOf(ticket.Number, move.At), ticket.TeamId, from, ticket.Number.ToString(),
            terms, ticket.Confidentiality == Confidentiality.Confidential, move.At);
        if (!await memory.RememberAsync(route, cancellationToken)) return;
        LogLearned(ticket.Number.ToString(), from, ticket.TeamId);
        // This instance routes with it at once; the others within their refresh time.
        await learned.RefreshAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Learned a routing example from the move of {Ticket} from {FromTeam} to {ToTeam}")]
    private partial void LogLearned(string ticket, string fromTeam, string toTeam);
}

namespace Switchboard.Core.Kudos;

/// <summary>
/// The kudos ledger (append-only; an id is stored once), the allowance and pair counters (expiring with their
/// period) and the leaderboards (one sorted set per board).
/// </summary>
public interface IKudosStore
{
    /// <summary>
    /// Stores <paramref name="entry"/> when no entry has its id, and only when <paramref name="charge"/> fits:
    /// the allowance with its top-up, every pair under its cap. Charges and scores it in the same step.
    /// </summary>
    Task<KudosAppend> AppendAsync(KudosEntry entry, KudosCharge charge, CancellationToken cancellationToken);

    /// <summary>The entry with this id, or null.</summary>
    Task<KudosEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>What has been spent on <paramref name="account"/>, its top-up, and the counts of <paramref name="pairs"/>.</summary>
    Task<KudosUsage> GetUsageAsync(string account, IReadOnlyList<string> pairs, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="amount"/> to <paramref name="account"/>'s top-up, kept until <paramref name="expiresAt"/>.</summary>
    /// <returns>The top-up now.</returns>
    Task<int> TopUpAsync(string account, int amount, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The <paramref name="count"/> highest members of <paramref name="board"/>, highest first (ties by member).</summary>
    Task<IReadOnlyList<KudosStanding>> TopAsync(string board, int count, CancellationToken cancellationToken);

    /// <summary>A member's points on <paramref name="board"/> (0 when absent).</summary>
    Task<long> ScoreAsync(string board, string member, CancellationToken cancellationToken);

    /// <summary>The ledger's last <paramref name="count"/> entries, newest first.</summary>
    Task<IReadOnlyList<KudosEntry>> RecentAsync(int count, CancellationToken cancellationToken);
}

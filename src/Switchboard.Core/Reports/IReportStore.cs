namespace Switchboard.Core.Reports;

/// <summary>
/// The reports' read model: counters per UTC day, counters of "now", sorted sets and small notes, changed only
/// through <see cref="ReportChanges"/> applied in one step with the record that makes them happen once (a
/// ticket's facts compared and set on its version, a kudos counted once per id). Names of fields and sets are
/// opaque here (<see cref="ReportFields"/> builds them).
/// </summary>
public interface IReportStore
{
    /// <summary>What the ticket contributes now, as last stored, or null when it was never recorded.</summary>
    Task<TicketFacts?> GetTicketAsync(string ticket, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="facts"/> and applies <paramref name="changes"/> in one step, when the version stored for
    /// the ticket is <paramref name="expectedVersion"/> (-1: nothing stored yet).
    /// </summary>
    /// <returns>False when another version was stored meanwhile: nothing was changed.</returns>
    Task<bool> ReplaceTicketAsync(TicketFacts facts, long expectedVersion, ReportChanges changes, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="changes"/> unless changes with this <paramref name="id"/> were applied before.</summary>
    /// <returns>True when applied now, false for a repeat.</returns>
    Task<bool> AddOnceAsync(string id, ReportChanges changes, CancellationToken cancellationToken);

    /// <summary>The counters of each day from <paramref name="from"/> to <paramref name="to"/> (inclusive) that has any.</summary>
    Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, long>>> ReadDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>The counters of "now" (not kept per day).</summary>
    Task<IReadOnlyDictionary<string, long>> ReadCurrentAsync(CancellationToken cancellationToken);

    /// <summary>For each of <paramref name="ranges"/>: how many members of its set score within it, inclusive.</summary>
    Task<IReadOnlyList<long>> CountAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken);

    /// <summary>
    /// For each of <paramref name="ranges"/>: up to its <see cref="ReportRange.Take"/> members scoring within it,
    /// lowest score first (or highest first when <see cref="ReportRange.HighestFirst"/>), with their scores.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<ReportMember>>> RangeAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken);

    /// <summary>The notes with these ids, null where there is none.</summary>
    Task<IReadOnlyList<string?>> GetNotesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Every label (an id's display name, such as an agent's name).</summary>
    Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(CancellationToken cancellationToken);
}

/// <summary>A score range of one sorted set.</summary>
/// <param name="Set">The set.</param>
/// <param name="Min">Lowest score, inclusive.</param>
/// <param name="Max">Highest score, inclusive.</param>
/// <param name="Take">For <see cref="IReportStore.RangeAsync"/>: how many members at most.</param>
/// <param name="HighestFirst">For <see cref="IReportStore.RangeAsync"/>: highest scores first.</param>
public sealed record ReportRange(string Set, double Min, double Max, int Take = int.MaxValue, bool HighestFirst = false);

/// <summary>A member of a sorted set with its score.</summary>
public sealed record ReportMember(string Member, double Score);

/// <summary>A counter increment: on a day's counters, or on "now" when <paramref name="Day"/> is null.</summary>
public sealed record CounterChange(DateOnly? Day, string Field, long Delta);

/// <summary>A member added to (with its score) or removed from a sorted set.</summary>
public sealed record SetChange(string Set, string Member, double? Score)
{
    /// <summary>True when the member is removed.</summary>
    public bool IsRemoval => Score is null;
}

/// <summary>A note written, or removed when <paramref name="Value"/> is null.</summary>
public sealed record NoteChange(string Id, string? Value);

/// <summary>What one recorded event changes in the read model, applied in one step.</summary>
public sealed record ReportChanges
{
    /// <summary>Nothing.</summary>
    public static readonly ReportChanges None = new();

    /// <summary>Counter increments (never two for the same day and field).</summary>
    public IReadOnlyList<CounterChange> Counters { get; init; } = [];

    /// <summary>Sorted-set additions and removals.</summary>
    public IReadOnlyList<SetChange> Sets { get; init; } = [];

    /// <summary>Notes written or removed.</summary>
    public IReadOnlyList<NoteChange> Notes { get; init; } = [];

    /// <summary>Labels written (id, name): the name last written wins.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
}

using System.Text.Json;

namespace Switchboard.Core.Reports;

/// <summary>In-process <see cref="IReportStore"/>: the default when no Redis is configured. One lock; every change is one step.</summary>
public sealed class MemoryReportStore : IReportStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _tickets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, Dictionary<string, long>> _days = [];
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<TicketFacts?> GetTicketAsync(string ticket, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_tickets.TryGetValue(ticket, out var json) ? JsonSerializer.Deserialize(json, ReportsJsonContext.Default.TicketFacts) : null);
    }

    /// <inheritdoc />
    public Task<bool> ReplaceTicketAsync(TicketFacts facts, long expectedVersion, ReportChanges changes, CancellationToken cancellationToken)
    {
        // Kept as JSON, as Redis keeps it, so a caller never shares an instance with the store.
        var json = JsonSerializer.Serialize(facts, ReportsJsonContext.Default.TicketFacts);
        lock (_gate)
        {
            var stored = _tickets.TryGetValue(facts.Ticket, out var current)
                ? JsonSerializer.Deserialize(current, ReportsJsonContext.Default.TicketFacts)!.Version
                : -1;
            if (stored != expectedVersion) return Task.FromResult(false);
            _tickets[facts.Ticket] = json;
            Apply(changes);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> AddOnceAsync(string id, ReportChanges changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_applied.Add(id)) return Task.FromResult(false);
            Apply(changes);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, long>>> ReadDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, long>> days = _days
                .Where(d => d.Key >= from && d.Key <= to)
                .ToDictionary(d => d.Key, d => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(d.Value, StringComparer.Ordinal));
            return Task.FromResult(days);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(_current, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> CountAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<long>>(ranges.Select(r => (long)Members(r).Count()).ToList());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<ReportMember>>> RangeAsync(IReadOnlyList<ReportRange> ranges, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<IReadOnlyList<ReportMember>>>(ranges.Select(range =>
            {
                // Ties in score go by member (ordinal), as Redis orders them.
                var members = Members(range).OrderBy(m => m.Score).ThenBy(m => m.Member, StringComparer.Ordinal).ToList();
                if (range.HighestFirst) members.Reverse();
                return (IReadOnlyList<ReportMember>)members.Take(range.Take).ToList();
            }).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string?>> GetNotesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string?>>(ids.Select(id => _notes.GetValueOrDefault(id)).ToList());
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(_labels, StringComparer.Ordinal));
    }

    private IEnumerable<ReportMember> Members(ReportRange range) =>
        _sets.TryGetValue(range.Set, out var set)
            ? set.Where(m => m.Value >= range.Min && m.Value <= range.Max).Select(m => new ReportMember(m.Key, m.Value))
            : [];

    private void Apply(ReportChanges changes)
    {
        foreach (var change in changes.Counters)
        {
            var counters = change.Day is { } day
                ? _days.TryGetValue(day, out var existing) ? existing : _days[day] = new Dictionary<string, long>(StringComparer.Ordinal)
                : _current;
            counters[change.Field] = counters.GetValueOrDefault(change.Field) + change.Delta;
        }
        foreach (var change in changes.Sets)
        {
            if (!_sets.TryGetValue(change.Set, out var set)) _sets[change.Set] = set = new Dictionary<string, double>(StringComparer.Ordinal);
            if (change.Score is { } score) set[change.Member] = score;
            else set.Remove(change.Member);
        }
        foreach (var note in changes.Notes)
        {
            if (note.Value is { } value) _notes[note.Id] = value;
            else _notes.Remove(note.Id);
        }
        foreach (var (id, name) in changes.Labels) _labels[id] = name;
    }
}

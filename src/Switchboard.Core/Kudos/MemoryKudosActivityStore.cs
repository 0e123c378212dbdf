using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>In-process <see cref="IKudosActivityStore"/>: the default when no Redis is configured.</summary>
public sealed class MemoryKudosActivityStore : IKudosActivityStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KudosResolution> _resolutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _thanked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _boards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _requesters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _offered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remindersOff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastGiven = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, MessageRef>> _cards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, KudosJoiner>> _joiners = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> RecordResolutionAsync(KudosResolution resolution, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_resolutions.TryAdd(resolution.Ticket, resolution)) return Task.FromResult(false);
            if (resolution is { AgentId: { } id, AgentName: { } name }) _names[id] = name;
            Score(scores);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<KudosResolution?> GetResolutionAsync(string ticket, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_resolutions.GetValueOrDefault(ticket));
    }

    /// <inheritdoc />
    public Task<bool> RecordThanksAsync(string ticket, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_thanked.Add(ticket)) return Task.FromResult(false);
            Score(scores);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> AgentNamesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, string> names = ids.Distinct(StringComparer.Ordinal).Where(_names.ContainsKey)
                .ToDictionary(id => id, id => _names[id], StringComparer.Ordinal);
            return Task.FromResult(names);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountsAsync(string board, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, long> counts = _boards.TryGetValue(board, out var members)
                ? new Dictionary<string, long>(members, StringComparer.Ordinal)
                : new Dictionary<string, long>();
            return Task.FromResult(counts);
        }
    }

    /// <inheritdoc />
    public Task<bool> AddRequesterResolutionAsync(string requesterId, string ticket, DateTimeOffset resolvedAt, DateTimeOffset keepAfter,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_requesters.TryGetValue(requesterId, out var tickets)) _requesters[requesterId] = tickets = new(StringComparer.Ordinal);
            foreach (var old in tickets.Where(t => t.Value <= keepAfter).Select(t => t.Key).ToList()) tickets.Remove(old);
            var changed = !tickets.TryGetValue(ticket, out var before) || before != resolvedAt;
            tickets[ticket] = resolvedAt;
            return Task.FromResult(changed);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RequesterResolutionsAsync(string requesterId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> found = _requesters.TryGetValue(requesterId, out var tickets)
                ? tickets.Where(t => t.Value >= from && t.Value < before).OrderBy(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key).ToList()
                : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> MarkOfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_offered.TryGetValue(requesterId, out var offered)) _offered[requesterId] = offered = new(StringComparer.Ordinal);
            IReadOnlySet<string> before = tickets.Where(t => !offered.Add(t)).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(before);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> OfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlySet<string> offered = _offered.TryGetValue(requesterId, out var all)
                ? tickets.Where(all.Contains).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>();
            return Task.FromResult(offered);
        }
    }

    /// <inheritdoc />
    public Task SetRemindersAsync(string personId, KudosReminders setting, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (setting == KudosReminders.Off) _remindersOff.Add(personId);
            else _remindersOff.Remove(personId);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<KudosReminders> GetRemindersAsync(string personId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_remindersOff.Contains(personId) ? KudosReminders.Off : KudosReminders.On);
    }

    /// <inheritdoc />
    public Task RecordGivenAsync(string personId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_lastGiven.TryGetValue(personId, out var last) || last < at) _lastGiven[personId] = at;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> LastGivenAsync(string personId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_lastGiven.TryGetValue(personId, out var at) ? at : (DateTimeOffset?)null);
    }

    /// <inheritdoc />
    public Task AddCardAsync(string kudosId, MessageRef card, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(kudosId, out var cards)) _cards[kudosId] = cards = new(StringComparer.Ordinal);
            cards[card.Address.Key] = card;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageRef>> CardsAsync(string kudosId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<MessageRef> cards = _cards.TryGetValue(kudosId, out var all) ? all.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).ToList() : [];
            return Task.FromResult(cards);
        }
    }

    /// <inheritdoc />
    public Task AddJoinerAsync(string kudosId, KudosJoiner joiner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_joiners.TryGetValue(kudosId, out var joiners)) _joiners[kudosId] = joiners = new(StringComparer.Ordinal);
            joiners.TryAdd(joiner.Id, joiner);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KudosJoiner>> JoinersAsync(string kudosId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<KudosJoiner> joiners = _joiners.TryGetValue(kudosId, out var all)
                ? all.Values.OrderBy(j => j.At).ThenBy(j => j.Id, StringComparer.Ordinal).ToList()
                : [];
            return Task.FromResult(joiners);
        }
    }

    private void Score(IReadOnlyList<KudosScore> scores)
    {
        foreach (var score in scores)
        {
            if (!_boards.TryGetValue(score.Board, out var board)) _boards[score.Board] = board = new(StringComparer.Ordinal);
            board[score.Member] = board.GetValueOrDefault(score.Member) + score.Points;
        }
    }
}

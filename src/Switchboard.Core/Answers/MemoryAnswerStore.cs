namespace Switchboard.Core.Answers;

/// <summary>
/// <see cref="IAnswerStore"/> in memory: the default when no durable storage is configured. Deflection ids are
/// remembered on <paramref name="time"/>'s clock.
/// </summary>
public sealed class MemoryAnswerStore(TimeProvider time) : IAnswerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Team, string Id), Answer> _answers = [];
    private readonly Dictionary<string, long> _sequences = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Team, string Month), Dictionary<string, long>> _counts = [];
    private readonly Dictionary<(string Team, string Id), DateTimeOffset> _deflections = [];

    /// <inheritdoc />
    public Task<Answer?> GetAsync(string teamId, string answerId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_answers.GetValueOrDefault((Team(teamId), answerId)));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Answer>> ListAsync(string teamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Answer> list = _answers.Where(a => a.Key.Team == Team(teamId)).Select(a => a.Value)
                .OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<string> NextIdAsync(string teamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _sequences.GetValueOrDefault(Team(teamId)) + 1;
            _sequences[Team(teamId)] = next;
            return Task.FromResult($"{Team(teamId)}.{next}");
        }
    }

    /// <inheritdoc />
    public Task<Answer?> TryCreateAsync(Answer answer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (Team(answer.TeamId), answer.Id);
            if (_answers.ContainsKey(key)) return Task.FromResult<Answer?>(null);
            var stored = answer with { Version = 1 };
            _answers[key] = stored;
            return Task.FromResult<Answer?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<Answer?> TryUpdateAsync(Answer answer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (Team(answer.TeamId), answer.Id);
            if (!_answers.TryGetValue(key, out var current) || current.Version != answer.Version) return Task.FromResult<Answer?>(null);
            var stored = answer with { Version = answer.Version + 1 };
            _answers[key] = stored;
            return Task.FromResult<Answer?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<bool> RecordDeflectionAsync(string teamId, string answerId, string deflectionId, string month, TimeSpan remember, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var key = (Team(teamId), deflectionId);
            if (_deflections.TryGetValue(key, out var until) && until > now) return Task.FromResult(false);
            _deflections[key] = now + remember;
            var counts = _counts.TryGetValue((Team(teamId), month), out var existing) ? existing : _counts[(Team(teamId), month)] = [];
            counts[answerId] = counts.GetValueOrDefault(answerId) + 1;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<TeamDeflections> DeflectionsAsync(string teamId, string month, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var counts = _counts.TryGetValue((Team(teamId), month), out var found) ? new Dictionary<string, long>(found) : [];
            return Task.FromResult(new TeamDeflections(teamId, month, counts));
        }
    }

    // Team ids are case-insensitive, as everywhere else.
    private static string Team(string teamId) => teamId.ToLowerInvariant();
}

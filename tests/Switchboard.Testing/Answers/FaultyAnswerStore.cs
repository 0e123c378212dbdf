using Switchboard.Core.Answers;

namespace Switchboard.Testing;

/// <summary>Where <see cref="FaultyAnswerStore"/> fails the next deflection.</summary>
public enum DeflectionFault
{
    /// <summary>Before the store counts it: the turn dies between closing the draft and counting.</summary>
    BeforeCounting,
    /// <summary>After the store counted it: the turn dies before it answers.</summary>
    AfterCounting,
}

/// <summary>
/// An <see cref="IAnswerStore"/> that fails the next <see cref="RecordDeflectionAsync"/> calls, as a process that dies
/// or a store that times out would; everything else goes to the store inside.
/// </summary>
public sealed class FaultyAnswerStore(IAnswerStore inner) : IAnswerStore
{
    private int _failures;
    private DeflectionFault _fault;

    /// <summary>Fails the next <paramref name="count"/> deflections at <paramref name="fault"/>.</summary>
    public void FailNextDeflections(DeflectionFault fault, int count = 1)
    {
        _fault = fault;
        Interlocked.Exchange(ref _failures, count);
    }

    /// <inheritdoc />
    public async Task<bool> RecordDeflectionAsync(string teamId, string answerId, string deflectionId, string month, TimeSpan remember, CancellationToken cancellationToken)
    {
        var fail = Interlocked.Decrement(ref _failures) >= 0;
        if (fail && _fault == DeflectionFault.BeforeCounting) throw new TimeoutException("The answer store did not answer (a test's fault).");
        var counted = await inner.RecordDeflectionAsync(teamId, answerId, deflectionId, month, remember, cancellationToken);
        if (fail) throw new TimeoutException("The turn died after counting (a test's fault).");
        return counted;
    }

    /// <inheritdoc />
    public Task<Answer?> GetAsync(string teamId, string answerId, CancellationToken cancellationToken) => inner.GetAsync(teamId, answerId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Answer>> ListAsync(string teamId, CancellationToken cancellationToken) => inner.ListAsync(teamId, cancellationToken);

    /// <inheritdoc />
    public Task<string> NextIdAsync(string teamId, CancellationToken cancellationToken) => inner.NextIdAsync(teamId, cancellationToken);

    /// <inheritdoc />
    public Task<Answer?> TryCreateAsync(Answer answer, CancellationToken cancellationToken) => inner.TryCreateAsync(answer, cancellationToken);

    /// <inheritdoc />
    public Task<Answer?> TryUpdateAsync(Answer answer, CancellationToken cancellationToken) => inner.TryUpdateAsync(answer, cancellationToken);

    /// <inheritdoc />
    public Task<TeamDeflections> DeflectionsAsync(string teamId, string month, CancellationToken cancellationToken) => inner.DeflectionsAsync(teamId, month, cancellationToken);
}

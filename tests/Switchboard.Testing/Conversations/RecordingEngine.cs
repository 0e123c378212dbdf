using System.Collections.Concurrent;
using Switchboard.Core.Conversations;

namespace Switchboard.Testing;

/// <summary>An engine that records the turns an adapter hands it and answers as the test scripts it.</summary>
public sealed class RecordingEngine : IConversationEngine
{
    private readonly ConcurrentQueue<Turn> _turns = new();

    public Func<Turn, TurnResult> Answer { get; set; } = _ => TurnResult.Handled();

    /// <summary>When set, turns wait for it before answering (to show the adapter does not wait for the engine).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Which turns <see cref="Gate"/> holds (all by default).</summary>
    public Func<Turn, bool> Gated { get; set; } = _ => true;

    public IReadOnlyList<Turn> Turns => _turns.ToArray();

    public async Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        _turns.Enqueue(turn);
        if (Gate is { } gate && Gated(turn)) await gate.Task.WaitAsync(cancellationToken);
        return Answer(turn);
    }

    public async Task<Turn> WaitForTurnAsync(int count = 1, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (_turns.Count >= count) return _turns.ToArray()[count - 1];
            await Task.Delay(20);
        }
        throw new TimeoutException($"Expected {count} turn(s), got {_turns.Count}.");
    }
}

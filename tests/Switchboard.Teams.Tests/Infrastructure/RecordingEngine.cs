using System.Collections.Concurrent;
using Switchboard.Core.Conversations;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>An engine that records the turns the adapter hands it and answers as the test scripts it.</summary>
public sealed class RecordingEngine : IConversationEngine
{
    private readonly ConcurrentQueue<Turn> _turns = new();

    public IReadOnlyList<Turn> Turns => _turns.ToList();

    public Func<Turn, TurnResult> Answer { get; set; } = _ => TurnResult.Handled();

    public Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        _turns.Enqueue(turn);
        return Task.FromResult(Answer(turn));
    }
}

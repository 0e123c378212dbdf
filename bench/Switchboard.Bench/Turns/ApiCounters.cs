using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Switchboard.Bench.Turns;

/// <summary>
/// How often each fake platform API was called. Only counts are kept (the long run makes hundreds of
/// thousands of calls); a run reports the difference between two snapshots, per turn.
/// </summary>
public sealed class ApiCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Increment(string api) => Interlocked.Increment(ref _counts.GetOrAdd(api, _ => new StrongBox<long>()).Value);

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counts.ToDictionary(c => c.Key, c => Interlocked.Read(ref c.Value.Value), StringComparer.Ordinal);

    /// <summary>Calls made between two snapshots, leaving out APIs that were not called.</summary>
    public static SortedDictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        var difference = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (api, count) in after)
        {
            var delta = count - before.GetValueOrDefault(api);
            if (delta > 0) difference[api] = delta;
        }
        return difference;
    }
}

namespace Switchboard.Bench.Scenarios;

/// <summary>One kind of operation the benchmark repeats from several workers at once.</summary>
public interface IScenario : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The scenario whose throughput this one is compared with, measured in the same round.</summary>
    string Baseline { get; }

    /// <summary>What one operation is, for the report.</summary>
    string Operation { get; }

    /// <summary>How many workers may run at once (a scenario can need fewer than asked, e.g. one per persona).</summary>
    int Workers(int requested);

    Task SetupAsync(CancellationToken cancellationToken);

    /// <summary>Runs one operation; throws when it did not do what it should.</summary>
    Task RunOnceAsync(int worker, CancellationToken cancellationToken);
}

/// <summary>The operation ran but the system answered something other than success.</summary>
public sealed class BenchFailure(string message) : Exception(message);

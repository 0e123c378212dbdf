using System.Diagnostics;
using Switchboard.Bench.Scenarios;

namespace Switchboard.Bench;

/// <summary>One measured run of one scenario.</summary>
public sealed record RunResult(int Ops, int Errors, double Seconds, double OpsPerSecond, double P50Ms, double P95Ms, string? FirstError);

/// <summary>Runs a scenario from a fixed number of workers until the time or the operation cap is reached.</summary>
public sealed class LoadRunner(BenchOptions options)
{
    public async Task<RunResult> RunAsync(IScenario scenario, TimeSpan duration, CancellationToken cancellationToken)
    {
        var workers = scenario.Workers(options.Concurrency);
        var latencies = new List<double>[workers];
        var errors = 0;
        var started = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= options.MaxOps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // An operation that completes synchronously (the in-memory engine) would otherwise keep its
                // thread, and with more workers than cores the OS would preempt it mid-operation.
                await Task.Yield();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.OpTimeout);
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    await scenario.RunOnceAsync(worker, timeout.Token);
                    mine.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w), cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new RunResult(all.Length, errors, seconds, all.Length / seconds,
            Stats.Percentile(all, 0.50), Stats.Percentile(all, 0.95), firstError);
    }
}

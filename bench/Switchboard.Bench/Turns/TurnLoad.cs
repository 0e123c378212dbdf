using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Switchboard.Bench.Turns;

/// <summary>One measured run of one target under one workload.</summary>
public sealed record TurnRun(
    string Target,
    string Workload,
    int Connections,
    int Round,
    long Completed,
    double Seconds,
    double TurnsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Non2xx,
    long Status503,
    long Lost,
    long TransportErrors,
    IReadOnlyDictionary<string, long> StatusCounts,
    double? CpuSecondsPer1kTurns,
    double? RedisCpuSecondsPer1kTurns,
    double? BenchCpuSecondsPer1kTurns,
    double? PeakRssMbDuringRun,
    double? PeakRssMbSinceStart,
    IReadOnlyDictionary<string, double> ApiCallsPerTurn,
    IReadOnlyList<MemoryPoint>? Timeline,
    string? FirstError);

/// <summary>One point of the long run's memory timeline.</summary>
public sealed record MemoryPoint(double Seconds, long Completed, double RssMb, double? RedisRssMb);

/// <summary>
/// Closed-loop load: each of N workers sends a turn, waits for its HTTP answer and then for the reply to reach
/// the fake platform, and only then sends the next one, so N is the number of connections in use. A turn
/// counts as completed when its reply arrived; a non-2xx answer, a reply that never came (within the
/// operation timeout) or a transport error is counted instead.
/// </summary>
public sealed class TurnLoad(ReplyBoard board, ApiCounters calls, TimeSpan opTimeout, int? redisPid, RedisCommandStats? redisCommands)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan TimelineEvery = TimeSpan.FromSeconds(1);

    // Slack turns finish after the HTTP answer; their last effects (a card update) belong to this run's CPU.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    public async Task<TurnRun> RunAsync(TurnTarget target, HttpClient http, TurnSource source, int connections, TimeSpan duration,
        long maxTurns, int round, bool timeline, CancellationToken cancellationToken)
    {
        source.Assign(connections);
        var latencies = new List<double>[connections];
        var statuses = new ConcurrentDictionary<int, long>();
        long started = 0, completed = 0, lost = 0, transport = 0;
        string? firstError = null;

        var apiBefore = calls.Snapshot();
        var redisCommandsBefore = target.UsesRedis && redisCommands is not null ? await redisCommands.SnapshotAsync() : null;
        var hostBefore = ProcessStats.Read(target.Pid);
        var redisBefore = target.UsesRedis ? ProcessStats.Read(redisPid) : null;
        var benchBefore = ProcessStats.Read(Environment.ProcessId);
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxTurns)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var turn = source.Next(worker);
                var reply = board.Expect(turn.Conversation);
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    using (var response = await http.SendAsync(turn.Message, cancellationToken))
                    {
                        if (!response.IsSuccessStatusCode)
                        {
                            board.Forget(turn.Conversation);
                            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                            var body = await response.Content.ReadAsStringAsync(cancellationToken);
                            Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {Truncate(body)}", null);
                            continue;
                        }
                    }
                    var repliedAt = await reply.WaitAsync(opTimeout, cancellationToken);
                    mine.Add(Stopwatch.GetElapsedTime(begin, repliedAt).TotalMilliseconds);
                    Interlocked.Increment(ref completed);
                }
                catch (TimeoutException)
                {
                    board.Forget(turn.Conversation);
                    Interlocked.Increment(ref lost);
                    Interlocked.CompareExchange(ref firstError, $"answered, but no reply reached the platform within {opTimeout.TotalSeconds:0.#} s", null);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    board.Forget(turn.Conversation);
                    Interlocked.Increment(ref transport);
                    Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }
                finally
                {
                    turn.Message.Dispose();
                }
            }
        }

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var points = timeline ? new List<MemoryPoint>() : null;
        var sampler = SampleAsync(target, clock, () => Interlocked.Read(ref completed), points, sampling.Token);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(() => WorkerAsync(w), cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(Settle, cancellationToken);
        await sampling.CancelAsync();
        var peakDuringRun = await sampler;

        var hostAfter = ProcessStats.Read(target.Pid);
        var redisAfter = target.UsesRedis ? ProcessStats.Read(redisPid) : null;
        var benchAfter = ProcessStats.Read(Environment.ProcessId);
        var apiCalls = ApiCounters.Difference(apiBefore, calls.Snapshot());
        if (redisCommandsBefore is not null)
        {
            foreach (var (command, count) in ApiCounters.Difference(redisCommandsBefore, await redisCommands!.SnapshotAsync())) apiCalls[command] = count;
        }

        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        double? Per1k(ProcessSample? before, ProcessSample? after) =>
            before is { } b && after is { } a && all.Length > 0 ? (a.CpuSeconds - b.CpuSeconds) / all.Length * 1000 : null;
        var non2xx = statuses.Values.Sum();
        return new TurnRun(
            target.Name, source.Mix.ToString().ToLowerInvariant(), connections, round,
            all.Length, seconds, all.Length / seconds,
            Stats.Percentile(all, 0.50), Stats.Percentile(all, 0.99), all.Length > 0 ? all[^1] : double.NaN,
            non2xx, statuses.GetValueOrDefault((int)HttpStatusCode.ServiceUnavailable), lost, transport,
            statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            Per1k(hostBefore, hostAfter), Per1k(redisBefore, redisAfter), Per1k(benchBefore, benchAfter),
            peakDuringRun is { } peak ? peak / 1024.0 : null, hostAfter?.PeakRssMb,
            apiCalls.ToDictionary(c => c.Key, c => all.Length > 0 ? Math.Round((double)c.Value / all.Length, 3) : double.NaN),
            points, firstError);
    }

    /// <summary>The highest resident set seen while the run lasts (kB), and the timeline when asked for.</summary>
    private async Task<long?> SampleAsync(TurnTarget target, Stopwatch clock, Func<long> completed, List<MemoryPoint>? points, CancellationToken cancellationToken)
    {
        long? peak = null;
        var nextPoint = TimeSpan.Zero;
        try
        {
            while (true)
            {
                if (ProcessStats.RssKb(target.Pid) is { } rss)
                {
                    peak = Math.Max(peak ?? 0, rss);
                    if (points is not null && clock.Elapsed >= nextPoint)
                    {
                        var redis = target.UsesRedis ? ProcessStats.RssKb(redisPid) : null;
                        points.Add(new MemoryPoint(Math.Round(clock.Elapsed.TotalSeconds, 1), completed(), Math.Round(rss / 1024.0, 1),
                            redis is { } r ? Math.Round(r / 1024.0, 1) : null));
                        nextPoint += TimelineEvery;
                    }
                }
                await Task.Delay(SampleEvery, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return peak;
        }
    }

    private static string Truncate(string text) => text.Length <= 160 ? text : text[..160] + "...";
}

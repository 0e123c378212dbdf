using System.Globalization;
using Switchboard.Bench.Scenarios;

namespace Switchboard.Bench.Turns;

/// <summary>The secrets bench/run.sh generated for this run and gave the servers too.</summary>
public sealed record TurnSecrets(string TeamsAppId, string SlackSigningSecret)
{
    public const string AppIdVariable = "BENCH_TEAMS_APP_ID";
    public const string SigningSecretVariable = "BENCH_SLACK_SIGNING_SECRET";

    public static TurnSecrets FromEnvironment() => new(
        Environment.GetEnvironmentVariable(AppIdVariable) is { Length: > 0 } appId ? appId
            : throw new ArgumentException($"{AppIdVariable} is not set: the Teams app id the servers were started with (bench/run.sh sets it)."),
        Environment.GetEnvironmentVariable(SigningSecretVariable) is { Length: > 0 } secret ? secret
            : throw new ArgumentException($"{SigningSecretVariable} is not set: the Slack signing secret the servers were started with (bench/run.sh sets it)."));
}

/// <summary>
/// Real platform traffic: signed Teams activities and Slack events to Switchboard's hosts and to the peers,
/// the replies collected by the fake platform, interleaved rounds, medians and ratios (bench/README.md, "Turns").
/// </summary>
public sealed class TurnSuite(BenchOptions options, TurnSecrets secrets) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ConnectionIdle = TimeSpan.FromSeconds(60);

    private readonly ReplyBoard _board = new();
    private readonly ChannelTokens _tokens = new(secrets.TeamsAppId);
    private readonly Dictionary<string, HttpClient> _clients = [];
    private FakePlatform? _platform;
    private RedisCommandStats? _redisCommands;

    public IReadOnlyList<TurnTarget> Targets { get; } = SelectTargets(options);

    public async Task<TurnReport> RunAsync(CancellationToken cancellationToken)
    {
        _platform = await FakePlatform.StartAsync(options.PlatformPort!.Value, _tokens, _board, cancellationToken);
        Console.WriteLine($"Fake platform API on {_platform.BaseUrl} (Bot Framework OpenID + Connector at {_platform.TeamsServiceUrl}, Slack Web API at {_platform.SlackApiUrl}).");
        foreach (var target in Targets) await WaitReadyAsync(target, cancellationToken);
        var sources = Targets.ToDictionary(t => t.Name, t => options.Workloads.ToDictionary(w => w, w => Source(t, w)));
        foreach (var target in Targets) await VerifyAuthenticationAsync(target, Source(target, ConversationMix.Fresh), cancellationToken);

        _redisCommands = await RedisCommandStats.ConnectAsync(options.Redis);
        var load = new TurnLoad(_board, _platform.Calls, options.OpTimeout, options.RedisPid, _redisCommands);
        var summaries = new List<TurnSummary>();
        var longRuns = new List<LongRunSummary>();
        if (options.LongTurns > 0) longRuns.AddRange(await LongRunsAsync(load, sources, cancellationToken));
        else summaries.AddRange(await RoundsAsync(load, sources, cancellationToken));

        return new TurnReport(_platform.BaseUrl, options.TurnRuns, options.TurnDuration.TotalSeconds, options.TurnWarmup.TotalSeconds,
            options.Connections, options.Workloads.Select(Name).ToList(), options.RepeatPool, Targets, summaries, longRuns, _board.Unmatched);
    }

    private async Task<List<TurnSummary>> RoundsAsync(TurnLoad load, Dictionary<string, Dictionary<ConversationMix, TurnSource>> sources, CancellationToken cancellationToken)
    {
        var maxConnections = options.Connections.Max();
        Console.WriteLine($"Turns: {options.TurnRuns} rounds x {options.TurnDuration.TotalSeconds:0.#} s per target, workload and connection count; " +
                          $"targets {string.Join(", ", Targets.Select(t => t.Name))}; workloads {string.Join(", ", options.Workloads.Select(Name))} " +
                          $"(repeat pool {options.RepeatPool}); connections {string.Join(", ", options.Connections)}; load {LoadAverage()}.");
        if (options.TurnWarmup > TimeSpan.Zero)
        {
            foreach (var target in Targets)
            {
                foreach (var mix in options.Workloads)
                {
                    var warm = await load.RunAsync(target, Client(target), sources[target.Name][mix], maxConnections, options.TurnWarmup, long.MaxValue, 0, false, cancellationToken);
                    Console.WriteLine($"  warm-up  {target.Name,-18} {Name(mix),-6} {warm.TurnsPerSecond,8:F0} turns/s  {Problems(warm)}");
                }
            }
        }

        var configurations = options.Workloads.SelectMany(w => options.Connections.Select(c => (Mix: w, Connections: c))).ToList();
        var runs = new Dictionary<(string, ConversationMix, int), List<TurnRun>>();
        for (var round = 1; round <= options.TurnRuns; round++)
        {
            foreach (var (mix, connections) in configurations)
            {
                // Every other round reverses the order, so no target always runs right after another.
                var order = round % 2 == 1 ? Targets : Targets.Reverse().ToList();
                foreach (var target in order)
                {
                    var run = await load.RunAsync(target, Client(target), sources[target.Name][mix], connections, options.TurnDuration, long.MaxValue, round, false, cancellationToken);
                    Console.WriteLine($"  round {round}/{options.TurnRuns}  {target.Name,-18} {Name(mix),-6} {connections,4} conns {run.TurnsPerSecond,8:F0} turns/s  " +
                                      $"p50 {run.P50Ms,6:F1} ms  p99 {run.P99Ms,6:F1} ms  CPU {Figure(run.CpuSecondsPer1kTurns)} s/1k  {Problems(run)}");
                    var key = (target.Name, mix, connections);
                    if (!runs.TryGetValue(key, out var list)) runs[key] = list = [];
                    list.Add(run);
                }
            }
        }

        var summaries = new List<TurnSummary>();
        foreach (var (mix, connections) in configurations)
        {
            foreach (var target in Targets)
            {
                var peerRuns = target.IsPeer ? null : runs.GetValueOrDefault((TurnTables.PeerName(target), mix, connections));
                summaries.Add(TurnTables.Summarize(target, Name(mix), connections, runs[(target.Name, mix, connections)], peerRuns));
            }
        }
        var busiest = summaries.Where(s => s.Workload == Name(ConversationMix.Repeat)).Select(s => s.MedianTurnsPerSecond / options.RepeatPool).DefaultIfEmpty().Max();
        if (busiest > 0.5)
        {
            // Switchboard paces its sends per conversation as the platforms require; a pool this busy measures that pacing.
            Console.WriteLine($"Note: in the repeat workload each conversation got up to {busiest:F2} turns/s. Switchboard paces sends per conversation " +
                              "(Slack about 1 message/s per channel, Teams 60 per 30 s); raise --repeat-pool to keep pacing out of the figures.");
        }
        return summaries;
    }

    private async Task<List<LongRunSummary>> LongRunsAsync(TurnLoad load, Dictionary<string, Dictionary<ConversationMix, TurnSource>> sources, CancellationToken cancellationToken)
    {
        var connections = options.Connections.Max();
        var summaries = new List<LongRunSummary>();
        foreach (var target in Targets.Where(t => options.LongTargets.Contains(t.Name)))
        {
            Console.WriteLine($"Long run: {options.LongTurns} {Name(options.LongWorkload)} turns to {target.Name} at {connections} connections; load {LoadAverage()}.");
            var source = sources[target.Name].GetValueOrDefault(options.LongWorkload) ?? Source(target, options.LongWorkload);
            // Generous: a run that is this slow is not one to keep, but it should still end by itself.
            var limit = TimeSpan.FromHours(1);
            var run = await load.RunAsync(target, Client(target), source, connections, limit, options.LongTurns, 1, true, cancellationToken);
            var timeline = run.Timeline ?? [];
            MemoryPoint? At(long turns) => timeline.Count == 0 ? null : timeline.MinBy(p => Math.Abs(p.Completed - turns));
            var half = At(run.Completed / 2);
            var end = timeline.Count > 0 ? timeline[^1] : null;
            double? growth = half is not null && end is not null && end.Completed > half.Completed
                ? (end.RssMb - half.RssMb) / (end.Completed - half.Completed) * 100_000
                : null;
            var summary = new LongRunSummary(target.Name, Name(options.LongWorkload), run.Completed, connections, run.Seconds, run.TurnsPerSecond, run.P50Ms, run.P99Ms,
                run.Non2xx, run.Lost + run.TransportErrors, run.PeakRssMbSinceStart, half?.RssMb, end?.RssMb,
                growth is { } g ? Math.Round(g, 2) : null, end?.RedisRssMb, timeline, run with { Timeline = null });
            summaries.Add(summary);
            Console.Write(TurnTables.LongRuns([summary]));
        }
        return summaries;
    }

    /// <summary>
    /// The figures compare servers that check every request: a server that accepts a forged token or request
    /// signature is not measured. Any non-2xx answer is a refusal (botbuilder answers 500 to a bad token
    /// signature: jsonwebtoken's error is not one of its AuthenticationErrors).
    /// </summary>
    private async Task VerifyAuthenticationAsync(TurnTarget target, TurnSource source, CancellationToken cancellationToken)
    {
        var forged = source.Forged();
        using var message = forged.Message;
        using var response = await Client(target).SendAsync(message, cancellationToken);
        if (response.IsSuccessStatusCode)
            throw new BenchFailure($"{target.Name} answered {(int)response.StatusCode} to a request with a forged " +
                                   $"{(target.Platform == TurnPlatform.Teams ? "token signature" : "Slack signature")}: authentication is off, so it is not measured.");
        Console.WriteLine($"  {target.Name}: a forged {(target.Platform == TurnPlatform.Teams ? "token" : "signature")} is refused ({(int)response.StatusCode}).");
    }

    private TurnSource Source(TurnTarget target, ConversationMix mix) => target.Platform == TurnPlatform.Teams
        ? new TeamsTurns(target.TurnEndpoint, _platform!.TeamsServiceUrl, _tokens, mix, options.RepeatPool)
        : new SlackTurns(target.TurnEndpoint, secrets.SlackSigningSecret, mix, options.RepeatPool);

    /// <summary>One client per target, with a connection for each worker; idle connections close before the servers' keep-alive ends.</summary>
    private HttpClient Client(TurnTarget target)
    {
        if (_clients.TryGetValue(target.Name, out var client)) return client;
        client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = options.Connections.Max(),
            PooledConnectionIdleTimeout = ConnectionIdle,
        })
        {
            Timeout = options.OpTimeout,
        };
        _clients[target.Name] = client;
        return client;
    }

    private async Task WaitReadyAsync(TurnTarget target, CancellationToken cancellationToken)
    {
        var http = Client(target);
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(target.BaseUrl, target.ReadyPath), cancellationToken);
                if (response.IsSuccessStatusCode) return;
                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"{target.Name} at {target.BaseUrl} was not ready within {ReadyTimeout.TotalSeconds:0} s (last: {last}).");
    }

    private static IReadOnlyList<TurnTarget> SelectTargets(BenchOptions options)
    {
        var wanted = new List<string>();
        if (options.SelectedTurnScenarios.Contains("teams")) wanted.AddRange([TurnTarget.SwitchboardTeams, TurnTarget.Botbuilder]);
        if (options.SelectedTurnScenarios.Contains("slack")) wanted.AddRange([TurnTarget.SwitchboardSlack, TurnTarget.Bolt]);
        return wanted.Where(options.Targets.ContainsKey).Select(n => options.Targets[n]).ToList();
    }

    private static string Name(ConversationMix mix) => mix.ToString().ToLowerInvariant();

    private static string Figure(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string Problems(TurnRun run)
    {
        if (run.Non2xx + run.Lost + run.TransportErrors == 0) return "";
        return $"non-2xx {run.Non2xx} lost {run.Lost} transport {run.TransportErrors} (first: {run.FirstError})";
    }

    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (_platform is not null) await _platform.DisposeAsync();
        if (_redisCommands is not null) await _redisCommands.DisposeAsync();
        _tokens.Dispose();
    }
}

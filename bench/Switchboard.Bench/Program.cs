using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Switchboard.Bench;
using Switchboard.Bench.Reports;
using Switchboard.Bench.Scenarios;
using Switchboard.Bench.Turns;

if (args.Contains("--free-port"))
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
    return 0;
}
if (args.Contains("--reports"))
{
    using var stopReports = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopReports.Cancel();
    };
    return await ReportsBench.RunAsync(args, stopReports.Token);
}
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
TurnSecrets? secrets;
try
{
    options = BenchOptions.Parse(args);
    secrets = options.SelectedTurnScenarios.Any() ? TurnSecrets.FromEnvironment() : null;
}
catch (Exception ex) when (ex is ArgumentException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var startedAt = DateTimeOffset.UtcNow;
var loadBefore = LoadAverage();
var workload = Workload.Load(options.Config);
using var http = new HttpClient(new SocketsHttpHandler
{
    UseProxy = false,
    MaxConnectionsPerServer = options.Concurrency,
    AllowAutoRedirect = false,
})
{
    BaseAddress = options.Host,
    Timeout = options.OpTimeout,
};

var scenarios = new List<IScenario>();
foreach (var name in options.SelectedHostScenarios)
{
    scenarios.Add(name switch
    {
        "baseline" => new BaselineScenario(http),
        "routing-preview" => new RoutingPreviewScenario(http),
        "file-request" => new FileRequestScenario(http, workload),
        "engine-inprocess-memory" => new EngineScenario(EngineStorage.Memory, workload, options),
        "engine-inprocess" => new EngineScenario(EngineStorage.Redis, workload, options),
        _ => throw new InvalidOperationException($"No scenario called {name}."),
    });
}
await using var turnSuite = secrets is null ? null : new TurnSuite(options, secrets);

try
{
    var summaries = scenarios.Count > 0 ? await RunHostScenariosAsync() : [];
    TurnReport? turns = null;
    if (turnSuite is not null)
    {
        if (scenarios.Count > 0) Console.WriteLine();
        turns = await turnSuite.RunAsync(stop.Token);
        if (turns.Summaries.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Turns (medians over rounds; turns/s counts replies that reached the fake platform API; x peer = median of per-round Switchboard/peer ratios):");
            Console.Write(TurnTables.Table(turns.Summaries));
            Console.WriteLine("Against the issue's targets (Teams >= 6x botbuilder, Slack >= 4x bolt, p99 <= 20 ms, no 503):");
            Console.Write(TurnTables.Targets(turns.Summaries));
            Console.WriteLine("Platform API calls and Redis commands per completed turn (last round):");
            Console.Write(TurnTables.ApiCalls(turns.Summaries));
        }
        if (turns.UnmatchedReplies > 0) Console.WriteLine($"Replies that matched no waiting turn: {turns.UnmatchedReplies}.");
    }

    var report = new BenchReport(startedAt, DateTimeOffset.UtcNow, options.Commit,
        new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, loadBefore, LoadAverage()),
        options.Runs, options.Duration.TotalSeconds, options.Warmup.TotalSeconds, options.Concurrency, options.MaxOps, options.Host.ToString(), summaries, turns);
    await Report.WriteJsonAsync(report, options.Output, stop.Token);
    Console.WriteLine($"Results: {options.Output}");
    var empty = summaries.Any(s => s.Runs.All(r => r.Ops == 0)) ||
                (turns?.Summaries.Any(s => s.Runs.All(r => r.Completed == 0)) ?? false) ||
                (turns?.LongRuns.Any(r => r.Run.Completed == 0) ?? false);
    return empty ? 1 : 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
catch (Exception ex) when (ex is BenchFailure or HttpRequestException or TimeoutException or IOException)
{
    Console.Error.WriteLine($"Benchmark failed: {ex.Message}");
    return 2;
}
finally
{
    foreach (var scenario in scenarios) await scenario.DisposeAsync();
}

async Task<List<ScenarioSummary>> RunHostScenariosAsync()
{
    if (scenarios.Any(s => s is BaselineScenario or RoutingPreviewScenario or FileRequestScenario))
        await WaitReadyAsync(http, options.ReadyTimeout, stop.Token);
    foreach (var scenario in scenarios) await scenario.SetupAsync(stop.Token);

    Console.WriteLine($"Switchboard bench: {options.Runs} runs x {options.Duration.TotalSeconds:0.#} s per scenario, {options.Concurrency} workers, " +
                      $"warm-up {options.Warmup.TotalSeconds:0.#} s; {Environment.ProcessorCount} cores, load {loadBefore ?? "unknown"}; " +
                      $"{workload.FilingTexts.Count} of {RequestTexts.All.Count} request texts are filed (router sure of them).");
    var runner = new LoadRunner(options);
    if (options.Warmup > TimeSpan.Zero)
    {
        foreach (var scenario in scenarios)
        {
            var warm = await runner.RunAsync(scenario, options.Warmup, stop.Token);
            Console.WriteLine($"  warm-up  {scenario.Name,-24} {warm.OpsPerSecond,10:F1} ops/s  errors {warm.Errors}{FirstError(warm)}");
        }
    }

    // Rounds interleave the scenarios, so each round measures every scenario and its baseline under the same load.
    var results = scenarios.ToDictionary(s => s.Name, _ => new List<RunResult>());
    var workers = new Dictionary<string, int>();
    for (var round = 1; round <= options.Runs; round++)
    {
        foreach (var scenario in scenarios)
        {
            workers[scenario.Name] = scenario.Workers(options.Concurrency);
            var result = await runner.RunAsync(scenario, options.Duration, stop.Token);
            results[scenario.Name].Add(result);
            Console.WriteLine($"  run {round}/{options.Runs}  {scenario.Name,-24} {result.OpsPerSecond,10:F1} ops/s  p50 {result.P50Ms,7:F2} ms  p95 {result.P95Ms,7:F2} ms  errors {result.Errors}{FirstError(result)}");
        }
    }

    var all = results.ToDictionary(r => r.Key, r => (IReadOnlyList<RunResult>)r.Value);
    var summaries = scenarios.Select(s => Report.Summarize(s.Name, s.Operation, s.Baseline, workers[s.Name], all[s.Name], all)).ToList();
    Console.WriteLine();
    Console.Write(Report.Table(summaries));
    return summaries;
}

static string FirstError(RunResult result) => result.FirstError is { } e ? $" (first: {e})" : "";

static string? LoadAverage()
{
    try
    {
        return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
    }
    catch (IOException)
    {
        return null;
    }
}

static async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
{
    var deadline = DateTime.UtcNow + timeout;
    string last = "no answer";
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            using var response = await http.GetAsync("/readyz", cancellationToken);
            if (response.IsSuccessStatusCode) return;
            last = $"{(int)response.StatusCode}";
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
    throw new TimeoutException($"The host at {http.BaseAddress} was not ready within {timeout.TotalSeconds:0} s (last: {last}).");
}

using System.Globalization;

namespace Switchboard.Bench;

/// <summary>What to measure and for how long; parsed from the command line (see bench/README.md).</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllScenarios = ["baseline", "routing-preview", "file-request", "engine-inprocess-memory", "engine-inprocess"];

    /// <summary>The running host, loopback only.</summary>
    public Uri Host { get; init; } = new("http://127.0.0.1:3978");

    /// <summary>A StackExchange.Redis configuration string for the in-process engine scenario (loopback only).</summary>
    public string? Redis { get; init; }

    /// <summary>Key prefix for the in-process engine's Redis keys.</summary>
    public string RedisPrefix { get; init; } = $"bench:{Guid.NewGuid():N}"[..14];

    /// <summary>The repository's config folder (service teams and routing hints for the in-process engine).</summary>
    public string? Config { get; init; }

    public int Runs { get; init; } = 5;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int Concurrency { get; init; } = 8;

    /// <summary>Stops a run after this many operations even when its time is not up.</summary>
    public int MaxOps { get; init; } = 200_000;

    /// <summary>One operation taking longer than this counts as an error.</summary>
    public TimeSpan OpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;
    public string Output { get; init; } = Path.Combine("bench", "results", "latest.json");

    /// <summary>The commit measured, recorded with the results.</summary>
    public string? Commit { get; init; }

    public const string Usage = """
        Switchboard.Bench: load against a running host (loopback) and the in-process engine.
          --host URL          host base URL (default http://127.0.0.1:3978; must be loopback)
          --redis CONFIG      Redis for engine-inprocess, e.g. 127.0.0.1:6390 (loopback; required for that scenario)
          --redis-prefix P    key prefix for engine-inprocess (default bench:<random>)
          --config DIR        the config folder with ServiceTeams (default: found above the working directory)
          --runs N            measured runs per scenario (default 5)
          --duration S        seconds per run (default 5)
          --warmup S          seconds of unmeasured warm-up per scenario (default 3; 0 = none)
          --concurrency N     concurrent workers (default 8)
          --max-ops N         cap on operations per run (default 200000)
          --op-timeout S      an operation slower than this is an error (default 10)
          --ready-timeout S   how long to wait for the host's /readyz (default 60)
          --scenarios A,B     subset of: baseline, routing-preview, file-request, engine-inprocess-memory, engine-inprocess
          --out FILE          results JSON (default bench/results/latest.json)
          --commit SHA        the commit measured, recorded in the JSON
          --free-port         print a free loopback TCP port and exit (used by run.sh)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--host" => options with { Host = new Uri(Value(), UriKind.Absolute) },
                "--redis" => options with { Redis = Value() },
                "--redis-prefix" => options with { RedisPrefix = Value() },
                "--config" => options with { Config = Value() },
                "--runs" => options with { Runs = Positive(name, Value()) },
                "--duration" => options with { Duration = Seconds(name, Value(), allowZero: false) },
                "--warmup" => options with { Warmup = Seconds(name, Value(), allowZero: true) },
                "--concurrency" => options with { Concurrency = Positive(name, Value()) },
                "--max-ops" => options with { MaxOps = Positive(name, Value()) },
                "--op-timeout" => options with { OpTimeout = Seconds(name, Value(), allowZero: false) },
                "--ready-timeout" => options with { ReadyTimeout = Seconds(name, Value(), allowZero: false) },
                "--scenarios" => options with { Scenarios = ScenarioList(Value()) },
                "--out" => options with { Output = Value() },
                "--commit" => options with { Commit = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (!options.Host.IsLoopback) throw new ArgumentException("--host must be a loopback address: the benchmark never leaves this machine.");
        if (options.Scenarios.Contains("engine-inprocess") && string.IsNullOrWhiteSpace(options.Redis))
            throw new ArgumentException("engine-inprocess needs --redis (a loopback redis-server).");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number.");

    private static TimeSpan Seconds(string name, string value, bool allowZero) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0)) && s <= 3600
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name} must be a number of seconds{(allowZero ? " (0 or more)" : " above 0")}, at most 3600.");

    private static IReadOnlyList<string> ScenarioList(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !AllScenarios.Contains(n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", AllScenarios)}.");
        // Keep the canonical order so a scenario always runs right after its baseline.
        return AllScenarios.Where(names.Contains).ToList();
    }
}

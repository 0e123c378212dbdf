using System.Globalization;
using Switchboard.Bench.Turns;

namespace Switchboard.Bench;

/// <summary>What to measure and for how long; parsed from the command line (see bench/README.md).</summary>
public sealed record BenchOptions
{
    public static readonly string[] HostScenarios = ["baseline", "routing-preview", "file-request", "engine-inprocess-memory", "engine-inprocess"];

    /// <summary>Turn suites: real platform traffic against Switchboard and its peer (bench/README.md, "Turns").</summary>
    public static readonly string[] TurnScenarios = ["teams", "slack"];

    public static readonly string[] AllScenarios = [.. HostScenarios, .. TurnScenarios];

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
    public IReadOnlyList<string> Scenarios { get; init; } = HostScenarios;

    /// <summary>True when --scenarios was given; otherwise the turn suites run for whichever targets were given.</summary>
    public bool ScenariosChosen { get; init; }

    /// <summary>The loopback port the fake platform API (Bot Framework + Slack) listens on; the hosts are configured with it.</summary>
    public int? PlatformPort { get; init; }

    /// <summary>Servers the turn suites load, by name (switchboard-teams, botbuilder, switchboard-slack, bolt).</summary>
    public IReadOnlyDictionary<string, TurnTarget> Targets { get; init; } = new Dictionary<string, TurnTarget>();

    /// <summary>The redis-server process, whose CPU time is added to Switchboard's.</summary>
    public int? RedisPid { get; init; }

    public int TurnRuns { get; init; } = 3;
    public TimeSpan TurnDuration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan TurnWarmup { get; init; } = TimeSpan.FromSeconds(4);
    public IReadOnlyList<int> Connections { get; init; } = [32, 128];
    public IReadOnlyList<ConversationMix> Workloads { get; init; } = [ConversationMix.Fresh, ConversationMix.Repeat];

    /// <summary>Conversations in the repeat workload's pool.</summary>
    public int RepeatPool { get; init; } = 8192;

    /// <summary>When above 0: the long run (memory over this many turns per target) instead of the rounds.</summary>
    public long LongTurns { get; init; }

    public IReadOnlyList<string> LongTargets { get; init; } = [TurnTarget.SwitchboardTeams, TurnTarget.SwitchboardSlack];

    /// <summary>The long run's conversations: fresh (every turn a new person, the worst case for memory) or the repeat pool.</summary>
    public ConversationMix LongWorkload { get; init; } = ConversationMix.Fresh;

    public IEnumerable<string> SelectedHostScenarios => Scenarios.Where(HostScenarios.Contains);

    public IEnumerable<string> SelectedTurnScenarios => Scenarios.Where(TurnScenarios.Contains);
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
          --scenarios A,B     subset of: baseline, routing-preview, file-request, engine-inprocess-memory, engine-inprocess,
                              teams, slack (default: the first five, plus teams/slack when their --target is given)
          --quick             short everything (1 x 2 s host scenarios, 2 x 2 s turn rounds): about 2 minutes

        Turn suites (teams: switchboard-teams vs botbuilder; slack: switchboard-slack vs bolt):
          --target NAME=URL[@PID]  a server to load: switchboard-teams, botbuilder, switchboard-slack, bolt (repeatable);
                              PID is the server process whose CPU and memory are read from /proc
          --platform-port P   loopback port for the fake platform API the servers are configured with (required)
          --redis-pid PID     redis-server, whose CPU is reported beside Switchboard's
          --turn-runs N       interleaved rounds (default 3)
          --turn-duration S   seconds per run (default 5)
          --turn-warmup S     unmeasured seconds per target and workload before the rounds (default 4; 0 = none)
          --connections A,B   closed-loop connections (default 32,128)
          --workloads A,B     fresh (new conversation per turn), repeat (a fixed pool recurs) (default both)
          --repeat-pool N     conversations in the repeat pool (default 8192)
          --long-turns N      the long run instead of the rounds: N fresh turns per target, memory sampled each second
          --long-targets A,B  targets of the long run (default switchboard-teams,switchboard-slack)
          --long-workload W   fresh (default) or repeat
        Secrets come from the environment: BENCH_TEAMS_APP_ID, BENCH_SLACK_SIGNING_SECRET (bench/run.sh sets them).
          --out FILE          results JSON (default bench/results/latest.json)
          --commit SHA        the commit measured, recorded in the JSON
          --free-port         print a free loopback TCP port and exit (used by run.sh)
        """;

    /// <summary>The --quick durations; options given explicitly still win.</summary>
    private static BenchOptions Quick(BenchOptions options) => options with
    {
        Runs = 1,
        Duration = TimeSpan.FromSeconds(2),
        Warmup = TimeSpan.FromSeconds(1),
        TurnRuns = 2,
        TurnDuration = TimeSpan.FromSeconds(2),
        TurnWarmup = TimeSpan.FromSeconds(1),
    };

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? Quick(new BenchOptions()) : new BenchOptions();
        var targets = new Dictionary<string, TurnTarget>(StringComparer.Ordinal);
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
                "--scenarios" => options with { Scenarios = ScenarioList(Value()), ScenariosChosen = true },
                "--quick" => options,
                "--target" => options with { Targets = Add(targets, TurnTarget.Parse(Value())) },
                "--platform-port" => options with { PlatformPort = Port(name, Value()) },
                "--redis-pid" => options with { RedisPid = Positive(name, Value()) },
                "--turn-runs" => options with { TurnRuns = Positive(name, Value()) },
                "--turn-duration" => options with { TurnDuration = Seconds(name, Value(), allowZero: false) },
                "--turn-warmup" => options with { TurnWarmup = Seconds(name, Value(), allowZero: true) },
                "--connections" => options with { Connections = List(name, Value(), v => Positive(name, v)) },
                "--workloads" => options with { Workloads = List(name, Value(), Workload) },
                "--repeat-pool" => options with { RepeatPool = Positive(name, Value()) },
                "--long-turns" => options with { LongTurns = Positive(name, Value()) },
                "--long-targets" => options with { LongTargets = List(name, Value(), KnownTarget) },
                "--long-workload" => options with { LongWorkload = Workload(Value()) },
                "--out" => options with { Output = Value() },
                "--commit" => options with { Commit = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (!options.ScenariosChosen)
        {
            // Without --scenarios: the host scenarios, and each turn suite whose Switchboard target was given.
            var suites = new List<string>();
            if (targets.ContainsKey(TurnTarget.SwitchboardTeams)) suites.Add("teams");
            if (targets.ContainsKey(TurnTarget.SwitchboardSlack)) suites.Add("slack");
            options = options with { Scenarios = options.LongTurns > 0 ? suites : [.. HostScenarios, .. suites] };
        }
        if (!options.Host.IsLoopback) throw new ArgumentException("--host must be a loopback address: the benchmark never leaves this machine.");
        if (options.Scenarios.Contains("engine-inprocess") && string.IsNullOrWhiteSpace(options.Redis))
            throw new ArgumentException("engine-inprocess needs --redis (a loopback redis-server).");
        foreach (var suite in options.SelectedTurnScenarios)
        {
            var switchboard = suite == "teams" ? TurnTarget.SwitchboardTeams : TurnTarget.SwitchboardSlack;
            if (!targets.ContainsKey(switchboard)) throw new ArgumentException($"The {suite} suite needs --target {switchboard}=URL[@PID].");
            if (options.PlatformPort is null) throw new ArgumentException($"The {suite} suite needs --platform-port (the fake platform API the servers call).");
        }
        if ((options.Workloads.Contains(ConversationMix.Repeat) || options.LongWorkload == ConversationMix.Repeat) && options.RepeatPool < options.Connections.Max())
            throw new ArgumentException($"--repeat-pool ({options.RepeatPool}) must be at least the largest --connections ({options.Connections.Max()}).");
        return options;
    }

    private static Dictionary<string, TurnTarget> Add(Dictionary<string, TurnTarget> targets, TurnTarget target)
    {
        targets[target.Name] = target;
        return targets;
    }

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536
            ? n
            : throw new ArgumentException($"{name} must be a TCP port (1-65535).");

    private static List<T> List<T>(string name, string value, Func<string, T> parse)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).Distinct().ToList();
        return items.Count > 0 ? items : throw new ArgumentException($"{name} needs at least one value.");
    }

    private static ConversationMix Workload(string value) => value switch
    {
        "fresh" => ConversationMix.Fresh,
        "repeat" => ConversationMix.Repeat,
        _ => throw new ArgumentException($"Unknown workload '{value}'; known: fresh, repeat."),
    };

    private static string KnownTarget(string value) =>
        TurnTarget.Names.Contains(value) ? value : throw new ArgumentException($"--long-targets: unknown target '{value}'; known: {string.Join(", ", TurnTarget.Names)}.");

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

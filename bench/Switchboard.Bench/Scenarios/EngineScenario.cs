using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.Core;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Redis;

namespace Switchboard.Bench.Scenarios;

/// <summary>Which stores the in-process engine runs on.</summary>
public enum EngineStorage
{
    Memory,
    Redis,
}

/// <summary>
/// The core <see cref="ConversationEngine"/> in the bench process, no HTTP: one operation is a request's
/// whole life as the engine sees it: the employee writes (and clicks "I still need help" when answers are
/// offered first), clicks Submit, an agent of the routed team clicks
/// "Assign to me", then Resolve (four turns, each with a delivery id as Teams and Slack send). On the
/// in-memory stores it is the yardstick for the same work on Redis.
/// </summary>
public sealed class EngineScenario(EngineStorage storage, Workload workload, BenchOptions options) : IScenario
{
    private readonly BenchGateway _gateway = new();
    private readonly string _deliveryPrefix = Guid.NewGuid().ToString("N")[..8];
    private RedisConnection? _redis;
    private readonly CancellationTokenSource _stopping = new();
    private Task _processing = Task.CompletedTask;
    private ServiceProvider? _services;
    private IConversationEngine? _engine;
    private long _deliveries;
    private long[] _next = [];

    public string Name => storage == EngineStorage.Redis ? "engine-inprocess" : "engine-inprocess-memory";
    public string Baseline => storage == EngineStorage.Redis ? "engine-inprocess-memory" : "baseline";
    public string Operation => $"engine turns on {storage} stores: text + Submit + Assign to me + Resolve";

    public int Workers(int requested)
    {
        _next = new long[requested];
        return requested;
    }

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        IStateStore state;
        ITicketStore tickets;
        IIdempotencyStore idempotency;
        var time = TimeProvider.System;
        if (storage == EngineStorage.Redis)
        {
            var redisOptions = new RedisOptions { Configuration = options.Redis, KeyPrefix = options.RedisPrefix + ":engine" };
            EnsureLoopback(redisOptions.Configuration!);
            _redis = new RedisConnection(redisOptions);
            await _redis.ConnectAsync(cancellationToken);
            state = new RedisStateStore(_redis, redisOptions);
            tickets = new RedisTicketStore(_redis, redisOptions);
            idempotency = new RedisIdempotencyStore(_redis, redisOptions);
        }
        else
        {
            state = new MemoryStateStore();
            tickets = new MemoryTicketStore();
            idempotency = new MemoryIdempotencyStore(time);
        }

        // Wired as the host wires it (AddSwitchboardCore), with the real router and teams.
        // The ticket outbox runs in the background, as the host's work processor runs it.
        var queue = new MemoryWorkQueue(time, new WorkQueueOptions());
        _services = new ServiceCollection()
            .AddSingleton(time)
            .AddSingleton(state)
            .AddSingleton(tickets)
            .AddSingleton(idempotency)
            .AddSingleton<IWorkQueue>(queue)
            .AddSingleton(new TicketOutboxOptions())
            .AddSingleton<IPlatformGateway>(_gateway)
            .AddSingleton(workload.Router)
            .AddSingleton(workload.Teams)
            .AddSingleton<IConfiguredTeamChannels>(new PlaygroundTeamChannels(workload.Teams))
            .AddSingleton(new AdminOptions())
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSwitchboardCore()
            .BuildServiceProvider();
        _engine = _services.GetRequiredService<IConversationEngine>();
        _processing = new WorkProcessor(queue, _services.GetServices<IWorkHandler>(), new WorkProcessorOptions(), time, NullLogger<WorkProcessor>.Instance)
            .RunAsync(_stopping.Token);
    }

    public async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
    {
        var engine = _engine ?? throw new InvalidOperationException("SetupAsync first.");
        var turn = _next[worker]++;
        var requester = new PersonRef(new Platform("playground"), $"bench-{worker}", $"Bench Worker {worker}", $"bench-{worker}@contoso.example");
        var direct = new ConversationAddress(new Platform("playground"), $"dm:{requester.Id}");
        var text = workload.FilingTexts[(int)((turn + worker) % workload.FilingTexts.Count)];

        Expect(await engine.HandleAsync(new Turn(NextDelivery(), requester, direct, ConversationScope.Personal, text, null, DateTimeOffset.UtcNow), cancellationToken), "text");

        var confirmation = _gateway.LatestCardIn(direct.ConversationId) ?? throw new BenchFailure("No card came back for the request.");
        // Saved answers that may fit come first: "I still need help" turns the same message into the confirmation card.
        if (confirmation.Card.Actions.FirstOrDefault(a => a.Verb == AnswerVerbs.NeedHelp) is { } needHelp)
        {
            Expect(await engine.HandleAsync(new Turn(NextDelivery(), requester, direct, ConversationScope.Personal, null,
                new TurnAction(needHelp.Verb, new Dictionary<string, string>(needHelp.Data)), DateTimeOffset.UtcNow, confirmation.Message), cancellationToken), "I still need help");
            confirmation = _gateway.LatestCardIn(direct.ConversationId) ?? throw new BenchFailure("No card after \"I still need help\".");
        }
        var submit = confirmation.Card.Actions.FirstOrDefault(a => a.Verb == Verbs.IntakeSubmit)
                     ?? throw new BenchFailure($"The card \"{confirmation.Card.Title}\" has no Submit button.");
        var values = new Dictionary<string, string>(submit.Data);
        foreach (var input in confirmation.Card.Inputs)
            if (input.Value is not null) values[input.Id] = input.Value;
        var filed = Expect(await engine.HandleAsync(new Turn(NextDelivery(), requester, direct, ConversationScope.Personal, null,
            new TurnAction(submit.Verb, values), DateTimeOffset.UtcNow, confirmation.Message), cancellationToken), "Submit");

        var ticket = (filed.ReplacementCard is { } card ? BenchGateway.TicketOf(card) : null) ?? throw new BenchFailure("Submit did not answer with the ticket's card.");
        var teamCard = await _gateway.TakeTeamCardAsync(ticket, TimeSpan.FromSeconds(30), cancellationToken) ?? throw new BenchFailure($"No team card was posted for {ticket}.");
        var teamId = teamCard.Address.ConversationId["team:".Length..];
        var agentOptions = workload.Teams.Get(teamId).Agents.FirstOrDefault() ?? throw new BenchFailure($"Team {teamId} has no agents.");
        var agent = new PersonRef(new Platform("playground"), agentOptions.Email?.Split('@')[0] ?? agentOptions.Name, agentOptions.Name, agentOptions.Email);

        await ClickAsTeamAsync(engine, agent, teamCard, Verbs.AssignToMe, new Dictionary<string, string> { [Verbs.Keys.Ticket] = ticket }, cancellationToken);
        await ClickAsTeamAsync(engine, agent, teamCard, Verbs.Resolve,
            new Dictionary<string, string> { [Verbs.Keys.Ticket] = ticket, [Verbs.Keys.Note] = "Sorted: reset it and checked with you that it works." }, cancellationToken);
    }

    private async Task ClickAsTeamAsync(IConversationEngine engine, PersonRef agent, MessageRef card, string verb, Dictionary<string, string> values, CancellationToken cancellationToken) =>
        Expect(await engine.HandleAsync(new Turn(NextDelivery(), agent, card.Address, ConversationScope.Channel, null,
            new TurnAction(verb, values), DateTimeOffset.UtcNow, card), cancellationToken), verb);

    private static TurnResult Expect(TurnResult result, string step) =>
        result.Outcome == TurnOutcome.Handled ? result : throw new BenchFailure($"{step}: {result.Outcome} {result.Notice}");

    private string NextDelivery() => $"{_deliveryPrefix}-{Interlocked.Increment(ref _deliveries)}";

    internal static void EnsureLoopback(string configuration)
    {
        foreach (var endpoint in ConfigurationOptions.Parse(configuration).EndPoints)
        {
            var loopback = endpoint switch
            {
                IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
                DnsEndPoint dns => string.Equals(dns.Host, "localhost", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (!loopback) throw new ArgumentException($"--redis must point at a loopback redis-server, not {endpoint}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _processing;
        _stopping.Dispose();
        if (_services is not null) await _services.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }
}

/// <summary>Every team works in its playground channel (<c>team:{id}</c>), as the host's playground configures them.</summary>
internal sealed class PlaygroundTeamChannels(TeamDirectory teams) : IConfiguredTeamChannels
{
    public IReadOnlyList<TeamChannel> Channels { get; } = teams.All
        .Select(t => new TeamChannel(t.Id, new ConversationAddress(new Platform("playground"), $"team:{t.Id}"), ChannelPrivacy.Open))
        .ToList();
}

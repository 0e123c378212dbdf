using StackExchange.Redis.Profiling;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using Xunit.Abstractions;

namespace Switchboard.Redis.Tests;

/// <summary>
/// What a turn costs in Redis: the commands the engine's turn sends (and how many round trips they take) on
/// the real stores and the Redis work queue, counted with StackExchange.Redis's profiler. The outbox's
/// delivery runs after the turn has been answered and is counted apart.
/// </summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisRoundTripTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxFilingRoundTrips = 10;
    private const int MaxClickRoundTrips = 8;

    private readonly AsyncLocal<ProfilingSession?> _session = new();
    private RedisConnection _connection = null!;
    private EngineHarness _h = null!;

    public async Task InitializeAsync()
    {
        var options = redis.Options(RedisTestPrefix.New("round-trips"));
        _connection = new RedisConnection(options);
        var db = await _connection.GetDatabaseAsync(CancellationToken.None);
        // Only commands sent from a flow that opened a session are counted (other tests share the server, not this multiplexer).
        db.Multiplexer.RegisterProfiler(() => _session.Value);
        _h = new EngineHarness(
            tickets: new RedisTicketStore(_connection, options),
            state: new RedisStateStore(_connection, options),
            claims: new RedisIdempotencyStore(_connection, options),
            outboxQueue: _ => new RedisWorkQueue(_connection, options, new WorkQueueOptions(), TimeProvider.System));
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Filing_TakesAtMostTenRoundTrips()
    {
        await _h.SayAsync(EngineHarness.Maya, "My VPN drops every call");
        var confirmation = _h.LastCardIn("dm:maya");
        _h.DrainAfterEachTurn = false;

        var (result, commands) = await CountAsync(() => _h.ClickAsync(EngineHarness.Maya, confirmation, "Submit"));
        var delivery = await DeliveryAsync();

        Report("filing (Submit)", commands, delivery);
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.InRange(RoundTrips(commands), 1, MaxFilingRoundTrips);
        Assert.Single((await _h.Tickets.ListByRequesterAsync(EngineHarness.Maya.Key, CancellationToken.None)).Single().TeamCards);
    }

    [Fact]
    public async Task CardClick_TakesAtMostEightRoundTrips_ReadingAndWritingTheTicketOnce()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        _h.DrainAfterEachTurn = false;

        var (result, commands) = await CountAsync(() => _h.ClickAsync(EngineHarness.Alex, teamCard, "Assign to me", refresh: ClickedCardRefresh.Answer));
        var delivery = await DeliveryAsync();

        Report("card click (Assign to me)", commands, delivery);
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.InRange(RoundTrips(commands), 1, MaxClickRoundTrips);
        // The ticket is read once (HGET) and written once (its team index entry and the compare-and-set script).
        Assert.Single(commands, c => c.Command == "HGET");
        Assert.Single(commands, c => c.Command == "ZADD");
        Assert.Contains("Alex Kim", string.Join(' ', _h.CardOf(ticket.RequesterCard!).Facts.Select(f => f.Value)));
    }

    /// <summary>Runs the outbox delivery the turn queued, counting what it sends (receive, deliver, acknowledge).</summary>
    private async Task<IReadOnlyList<IProfiledCommand>> DeliveryAsync()
    {
        var (delivered, commands) = await CountAsync(async () =>
        {
            var leases = await _h.Outbox.ReceiveAsync(TicketOutbox.QueueName, "round-trips", 16, TimeSpan.FromMinutes(1), CancellationToken.None);
            foreach (var lease in leases)
            {
                await _h.Dispatcher.HandleAsync(lease, CancellationToken.None);
                await _h.Outbox.AckAsync(TicketOutbox.QueueName, lease, CancellationToken.None);
            }
            return leases.Count;
        });
        Assert.Equal(1, delivered);
        return commands;
    }

    private async Task<(T Result, IReadOnlyList<IProfiledCommand> Commands)> CountAsync<T>(Func<Task<T>> work)
    {
        var session = new ProfilingSession();
        _session.Value = session;
        try
        {
            var result = await work();
            return (result, session.FinishProfiling().ToList());
        }
        finally
        {
            _session.Value = null;
        }
    }

    /// <summary>
    /// Commands sent together (pipelined) share one round trip: a new round trip starts with a command sent
    /// after every earlier one was answered.
    /// </summary>
    private static int RoundTrips(IEnumerable<IProfiledCommand> commands)
    {
        var trips = 0;
        var answeredBy = DateTime.MinValue;
        foreach (var (sent, answered) in commands.Select(Span).OrderBy(s => s.Sent))
        {
            if (sent >= answeredBy) trips++;
            if (answered > answeredBy) answeredBy = answered;
        }
        return trips;
    }

    private static (DateTime Sent, DateTime Answered) Span(IProfiledCommand command)
    {
        var sent = command.CommandCreated + command.CreationToEnqueued + command.EnqueuedToSending;
        return (sent, sent + command.SentToResponse);
    }

    private void Report(string what, IReadOnlyList<IProfiledCommand> commands, IReadOnlyList<IProfiledCommand> delivery)
    {
        output.WriteLine($"{what}: {commands.Count} commands in {RoundTrips(commands)} round trips: {string.Join(", ", commands.Select(c => c.Command))}");
        output.WriteLine($"  its outbox delivery afterwards: {delivery.Count} commands in {RoundTrips(delivery)} round trips: {string.Join(", ", delivery.Select(c => c.Command))}");
    }
}

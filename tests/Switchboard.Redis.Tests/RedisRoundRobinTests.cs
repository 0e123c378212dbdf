using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Redis.Tests;

/// <summary>Round-robin auto-assignment with two instances on one Redis: each keeps its own connection, the turn is shared.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisRoundRobinTests(RedisServerFixture redis)
{
    private static readonly ServiceTeam It = new(new ServiceTeamOptions
    {
        Id = "it",
        Name = "IT Support",
        TicketPrefix = "IT",
        Description = "IT",
        AutoAssign = AutoAssignMode.RoundRobin,
        Agents = [new AgentOptions { Name = "Alex Kim", Email = "alex@contoso.example" }, new AgentOptions { Name = "Priya Nair", Email = "priya@contoso.example" }],
    });

    [Fact]
    public async Task RoundRobin_TwoInstancesAssigningAtOnce_PickDifferentAgentsInTurn()
    {
        var options = redis.Options(RedisTestPrefix.New("round-robin"));
        await using var first = new RedisConnection(options);
        await using var second = new RedisConnection(options);
        await first.ConnectAsync(CancellationToken.None);
        await second.ConnectAsync(CancellationToken.None);
        var instances = new[] { first, second }.Select(c => new RoundRobinTurns(new StateDocuments(new RedisStateStore(c, options)), TimeProvider.System)).ToList();

        // Each instance assigns ten tickets of its own while the other does the same.
        var picks = await Task.WhenAll(instances.Select((turns, i) => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (var n = 0; n < 10; n++)
                mine.Add((await turns.NextAsync(It, It.Agents, new TicketNumber("IT", 1000 + (i * 100) + n), CancellationToken.None)).Name);
            return mine;
        })));

        var all = picks.SelectMany(p => p).ToList();
        Assert.Equal(10, all.Count(name => name == "Alex Kim"));
        Assert.Equal(10, all.Count(name => name == "Priya Nair"));
    }

    [Fact]
    public async Task RoundRobin_AskedAgainForTheSameTicket_OnAnotherInstance_PicksTheSameAgent()
    {
        var options = redis.Options(RedisTestPrefix.New("round-robin"));
        await using var first = new RedisConnection(options);
        await using var second = new RedisConnection(options);
        await first.ConnectAsync(CancellationToken.None);
        await second.ConnectAsync(CancellationToken.None);
        var ticket = new TicketNumber("IT", 1001);

        var picked = await new RoundRobinTurns(new StateDocuments(new RedisStateStore(first, options)), TimeProvider.System).NextAsync(It, It.Agents, ticket, CancellationToken.None);
        var again = await new RoundRobinTurns(new StateDocuments(new RedisStateStore(second, options)), TimeProvider.System).NextAsync(It, It.Agents, ticket, CancellationToken.None);

        Assert.Same(picked, again);
    }
}

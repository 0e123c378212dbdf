using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Redis.Tests;

[Collection(RedisServerCollection.Name)]
public sealed class RedisRoutingMemoryTests(RedisServerFixture redis) : RoutingMemoryContract
{
    protected override IRoutingMemory CreateMemory(int perTeamLimit = 50) =>
        new RedisRoutingMemory(redis.Connection, redis.Options(RedisTestPrefix.New("routing")), new RoutingMemoryOptions { PerTeamLimit = perTeamLimit });

    // Two instances on one Redis: a move learned by one changes how the other routes, once its copy is refreshed.
    [Fact]
    public async Task MoveLearnedOnOneInstance_ChangesRoutingOnAnother()
    {
        var options = redis.Options(RedisTestPrefix.New("routing"));
        var settings = new RoutingMemoryOptions();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var teams = RoutingTeams.Directory();
        var memoryA = new RedisRoutingMemory(redis.Connection, options, settings);
        var learnedA = new LearnedRoutes(memoryA, settings, time, NullLogger<LearnedRoutes>.Instance);
        var learnedB = new LearnedRoutes(new RedisRoutingMemory(redis.Connection, options, settings), settings, time, NullLogger<LearnedRoutes>.Instance);
        var routerB = new HintRouter(teams, learnedB);
        await learnedB.RefreshAsync(CancellationToken.None);
        Assert.Equal("it", routerB.Route("my laptop fan is loud").TeamId);

        await new RoutingLearner(memoryA, learnedA, NullLogger<RoutingLearner>.Instance).TicketChangedAsync(RoutingTeams.Moved("my laptop fan is loud and hot"), CancellationToken.None);
        time.Advance(settings.Refresh);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var decision = routerB.Route("my laptop fan is loud");
        while (decision.TeamId != "facilities" && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
            decision = routerB.Route("my laptop fan is loud");
        }

        Assert.Equal("facilities", decision.TeamId);
        Assert.Contains(decision.Reasons, r => r.StartsWith("learned from a move of #IT-1001", StringComparison.Ordinal));
    }
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterRoutingMemoryTests(RedisClusterFixture cluster) : RoutingMemoryContract
{
    protected override IRoutingMemory CreateMemory(int perTeamLimit = 50) =>
        new RedisRoutingMemory(cluster.Connection, cluster.Options(RedisTestPrefix.New("routing")), new RoutingMemoryOptions { PerTeamLimit = perTeamLimit });
}

/// <summary>Two small teams for routing on Redis: IT owns laptops, Facilities the building.</summary>
internal static class RoutingTeams
{
    public static TeamDirectory Directory() => new(new ServiceTeamsOptions
    {
        Teams =
        [
            new ServiceTeamOptions
            {
                Id = "it", Name = "IT Support", TicketPrefix = "IT", Description = "Laptops and accounts.",
                Routing = new RoutingHintsOptions { Keywords = ["laptop", "password", "vpn"], Examples = ["my laptop won't start"] },
            },
            new ServiceTeamOptions
            {
                Id = "facilities", Name = "Workplace & Facilities", TicketPrefix = "FAC", Description = "Offices and desks.",
                Routing = new RoutingHintsOptions { Keywords = ["desk", "chair", "heating"], Examples = ["the heating is off"] },
            },
        ],
    });

    public static Ticket Moved(string text)
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var requester = new PersonRef(TestPlatforms.Playground, "maya", "Maya", "maya@contoso.example");
        return new Ticket(new TicketNumber("IT", 1001), "facilities", requester, new ConversationAddress(TestPlatforms.Playground, "dm:maya"),
            text, text, Priority.Normal, TicketStatus.New, Confidentiality.Normal, at, null, null)
        {
            History = [new TicketEvent(at, "playground:alex", "Alex", TicketEventKind.Moved) { FromTeamId = "it" }],
        };
    }
}

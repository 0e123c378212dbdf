using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Routing;

public sealed class MemoryRoutingMemoryTests : RoutingMemoryContract
{
    protected override IRoutingMemory CreateMemory(int perTeamLimit = 50) => new MemoryRoutingMemory(new RoutingMemoryOptions { PerTeamLimit = perTeamLimit });
}

public sealed class LearnedRoutingTests
{
    private const string Request = "the fan in my laptop is loud and the laptop gets really hot";
    private const string Similar = "laptop gets hot and the fan is loud";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MemoryRoutingMemory _memory = new();
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    private LearnedRoutes Learned(IRoutingMemory? memory = null) =>
        new(memory ?? _memory, new RoutingMemoryOptions(), _time, NullLogger<LearnedRoutes>.Instance);

    private static LearnedRoute Move(string text, string from, string to, Confidentiality confidentiality = Confidentiality.Normal, string ticket = "IT-1042") =>
        new($"{ticket}@1", to, from, ticket, LearnedRoutes.TermsOf(text, confidentiality), confidentiality == Confidentiality.Confidential, TestTime.Start);

    [Fact]
    public async Task Route_AfterAMoveOfASimilarRequest_GoesWhereItWasMovedAndSaysWhy()
    {
        var learned = Learned();
        var router = new HintRouter(TestConfiguration.Teams(), learned);
        var before = router.Route(Similar).TeamId;
        var destination = before == "security" ? "facilities" : "security";

        await _memory.RememberAsync(Move(Request, before!, destination), None);
        await learned.RefreshAsync(None);
        var after = router.Route(Similar);

        Assert.Equal(destination, after.TeamId);
        Assert.Contains(after.Reasons, r => r.StartsWith("learned from a move of #IT-1042", StringComparison.Ordinal));
    }

    // Two hosts in one process share the trained hints (training is the expensive part), never what each learned.
    [Fact]
    public async Task Shared_TwoRoutersFromTheSameHints_LearnOnlyTheirOwnMoves()
    {
        var otherMemory = new MemoryRoutingMemory();
        var learned = Learned();
        var router = HintRouter.Shared(TestConfiguration.Teams(), learned);
        var other = HintRouter.Shared(TestConfiguration.Teams(), Learned(otherMemory));
        var before = router.Route(Similar).TeamId;
        Assert.Equal(before, other.Route(Similar).TeamId);
        var destination = before == "security" ? "facilities" : "security";

        await _memory.RememberAsync(Move(Request, before!, destination), None);
        await learned.RefreshAsync(None);

        Assert.Equal(destination, router.Route(Similar).TeamId);
        Assert.Equal(before, other.Route(Similar).TeamId);
        var trainedAlone = new HintRouter(TestConfiguration.Teams()).Route(Similar);
        var shared = other.Route(Similar);
        Assert.Equal((trainedAlone.TeamId, trainedAlone.Confidence), (shared.TeamId, shared.Confidence));
        Assert.Equal(trainedAlone.Reasons, shared.Reasons);
    }

    [Fact]
    public async Task Route_UnrelatedRequest_IgnoresTheLearnedMove()
    {
        var learned = Learned();
        var router = new HintRouter(TestConfiguration.Teams(), learned);
        await _memory.RememberAsync(Move(Request, "it", "security"), None);
        await learned.RefreshAsync(None);

        var decision = router.Route("please reset my VPN password");

        Assert.Equal("it", decision.TeamId);
        Assert.DoesNotContain(decision.Reasons, r => r.Contains("#IT-1042", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Route_ConfidentialMove_MatchesOnHashesWithoutKeepingTheWords()
    {
        var learned = Learned();
        var router = new HintRouter(TestConfiguration.Teams(), learned);
        const string text = "the quarterly offsite karaoke voucher never arrived";
        var move = Move(text, "facilities", "hr", Confidentiality.Confidential, "FAC-1001");

        await _memory.RememberAsync(move, None);
        await learned.RefreshAsync(None);
        var decision = router.Route("my offsite karaoke voucher never arrived");

        Assert.DoesNotContain(move.Terms, t => text.Contains(t, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("hr", decision.TeamId);
        Assert.Contains(decision.Reasons, r => r.Contains("#FAC-1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Route_AfterTheAdminForgetsTheMove_RoutesAsBefore()
    {
        var learned = Learned();
        var router = new HintRouter(TestConfiguration.Teams(), learned);
        var before = router.Route(Similar).TeamId;
        var destination = before == "security" ? "facilities" : "security";
        await _memory.RememberAsync(Move(Request, before!, destination), None);
        await learned.RefreshAsync(None);

        await _memory.ForgetAsync("IT-1042@1", None);
        await learned.RefreshAsync(None);

        Assert.Equal(before, router.Route(Similar).TeamId);
    }

    [Fact]
    public async Task Current_OnceStale_ReloadsInTheBackground()
    {
        var learned = Learned();
        await learned.RefreshAsync(None);
        await _memory.RememberAsync(Move(Request, "it", "facilities"), None);

        var fresh = learned.Current;
        _time.Advance(new RoutingMemoryOptions().Refresh);
        _ = learned.Current;
        var reloaded = await WaitForAsync(() => learned.Current.Count == 1);

        Assert.Empty(fresh);
        Assert.True(reloaded, "the stale copy was never reloaded");
    }

    [Fact]
    public async Task MovingATicket_TeachesTheRouterTheDestination()
    {
        var h = new EngineHarness();
        var ticket = await h.FileAsync(text: "My VPN drops every call");

        await h.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.Move, EngineHarness.Alex, TargetTeam: h.Teams.Get("facilities")), None);
        await h.DrainOutboxAsync();

        var learned = Assert.Single(await h.Services.GetRequiredService<IRoutingMemory>().ListAsync(None));
        Assert.Equal(("facilities", "it", ticket.Number.ToString(), false), (learned.TeamId, learned.FromTeamId, learned.Ticket, learned.Hashed));
        Assert.Equal(["vpn", "drop", "call"], learned.Terms);
    }

    [Fact]
    public async Task MovingATicketToAConfidentialTeam_KeepsOnlyHashes()
    {
        var h = new EngineHarness();
        var ticket = await h.FileAsync(text: "My VPN drops every call");

        await h.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.Move, EngineHarness.Alex, TargetTeam: h.Teams.Get("hr")), None);
        await h.DrainOutboxAsync();
        await h.DrainOutboxAsync();

        var learned = Assert.Single(await h.Services.GetRequiredService<IRoutingMemory>().ListAsync(None));
        Assert.True(learned.Hashed);
        Assert.DoesNotContain("vpn", learned.Terms);
        Assert.Equal(LearnedRoutes.TermsOf("My VPN drops every call", Confidentiality.Confidential), learned.Terms);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) return false;
            await Task.Delay(10, CancellationToken.None);
        }

        return true;
    }
}

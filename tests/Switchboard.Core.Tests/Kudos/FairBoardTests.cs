using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>The fair board (thanks per resolved ticket, by agent and team) and the unsung helpers, from real ticket flows.</summary>
public sealed class FairBoardTests
{
    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new KudosOptions
    {
        Allowance = 10,
        FairBoard = new KudosFairBoardOptions { MinimumResolutions = 2 },
    }));

    private FairBoard Board => _h.Services.GetRequiredService<FairBoard>();

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private async Task<Ticket> ResolvedAsync(PersonRef agent, string text, PersonRef? requester = null)
    {
        var ticket = await _h.FileAsync(requester, text);
        var team = ticket.TeamCards.Single();
        await _h.ClickAsync(agent, team, "Assign to me");
        await _h.ClickAsync(agent, team, "Resolve", Inputs((Verbs.Keys.Note, "Sorted it out")));
        return await _h.ReloadAsync(ticket);
    }

    // The requester says it's fixed and clicks "Thank …" on the answered survey.
    private async Task ThankAsync(Ticket ticket)
    {
        var answer = await _h.ClickAsync(ticket.Requester, ticket.Survey!.Card!, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "5")));
        _h.Gateway.Current[ticket.Survey.Card!.MessageId] = new OutboundMessage(ticket.Survey.Card.Address, null, answer.ReplacementCard);
        var thanked = await _h.ClickAsync(ticket.Requester, ticket.Survey.Card, Assert.Single(answer.ReplacementCard!.Actions));
        Assert.Equal(TurnOutcome.Handled, thanked.Outcome);
        await _h.DrainQueueAsync(KudosService.QueueName);
    }

    private async Task<string> AskAsync(string text)
    {
        var before = _h.Gateway.TextsTo(Dm(Lena).ConversationId).Count();
        await _h.SayAsync(Lena, text);
        return _h.Gateway.TextsTo(Dm(Lena).ConversationId).Skip(before).Single();
    }

    [Fact]
    public async Task FairBoard_CountsThanksPerResolvedTicket_ByAgentAndTeam_RankingOnlyFromTheMinimum()
    {
        await ThankAsync(await ResolvedAsync(Alex, "My VPN drops every call"));
        await ThankAsync(await ResolvedAsync(Alex, "My laptop fan is loud", Tom));
        await ResolvedAsync(Priya, "VPN certificate expired");
        await ResolvedAsync(Priya, "Laptop charger broken", Tom);
        await ThankAsync(await ResolvedAsync(Priya, "VPN slow at home"));
        await ResolvedAsync(Jordan, "Please fix my payroll address");

        var board = await Board.ReadAsync(KudosBoards.Span.Week, null, CancellationToken.None);

        Assert.Equal(2, board.MinimumResolutions);
        Assert.Equal(
            [("Alex Kim", 2L, 2L, true), ("Priya Nair", 3L, 1L, true), ("Jordan Lee", 1L, 0L, false)],
            board.Agents.Select(a => (a.Name, a.Resolutions, a.Thanks, a.Ranked)));
        Assert.Equal([("IT Support", 5L, 3L, true), ("People & HR", 1L, 0L, false)], board.Teams.Select(t => (t.Name, t.Resolutions, t.Thanks, t.Ranked)));
        Assert.Equal(0.6, board.Teams[0].Ratio, 3);
        // Every period that holds the week counts it too; the team filter keeps that team's agents.
        var month = await Board.ReadAsync(KudosBoards.Span.Quarter, "it", CancellationToken.None);
        Assert.Equal(["Alex Kim", "Priya Nair"], month.Agents.Select(a => a.Name));
        Assert.Equal(["IT Support"], month.Teams.Select(t => t.Name));
    }

    [Fact]
    public async Task Unsung_AreRankedAgentsWithTheFewestThanksPerTicket()
    {
        await ThankAsync(await ResolvedAsync(Alex, "My VPN drops every call"));
        await ThankAsync(await ResolvedAsync(Alex, "My laptop fan is loud"));
        await ResolvedAsync(Priya, "VPN certificate expired");
        await ResolvedAsync(Priya, "Laptop charger broken", Tom);
        await ResolvedAsync(Priya, "VPN slow at home", Tom);
        await ResolvedAsync(Jordan, "Please fix my payroll address");

        var unsung = await Board.UnsungAsync(KudosBoards.Span.Month, null, 5, CancellationToken.None);
        var text = await AskAsync("unsung month");

        // Alex was thanked for every ticket; Jordan has too few tickets to be ranked.
        Assert.Equal([("Priya Nair", 3L, 0L)], unsung.Select(a => (a.Name, a.Resolutions, a.Thanks)));
        Assert.Equal("Unsung helpers, this month: many tickets resolved, few thanks. A word from you would be seen.\n1. Priya Nair: 0 of 3 resolved tickets thanked (0%)", text);
    }

    [Fact]
    public async Task LeaderboardFair_ShowsNamesWithoutMentions_AndTheUnrankedApart()
    {
        var empty = await AskAsync("leaderboard fair all");
        await ThankAsync(await ResolvedAsync(Alex, "My VPN drops every call"));
        await ResolvedAsync(Alex, "My laptop fan is loud", Tom);
        await ResolvedAsync(Priya, "VPN certificate expired");

        var text = await AskAsync("leaderboard fair week it");

        Assert.Equal("Fair board, all time: thanks per resolved ticket: no tickets resolved yet.", empty);
        Assert.Equal(
            "Fair board of IT Support, this week: thanks per resolved ticket (ranked from 2 resolved tickets).\n" +
            "Agents:\n1. Alex Kim: 1 of 2 resolved tickets thanked (50%)\n" +
            "Not ranked yet: Priya Nair: 0 of 1 resolved ticket thanked (0%)\n" +
            "Teams:\n1. IT Support: 1 of 3 resolved tickets thanked (33%)", text);
        Assert.DoesNotContain("@", text);
        Assert.StartsWith("I don't know \"nonsense\" here.", await AskAsync("leaderboard fair nonsense"));
    }

    [Fact]
    public async Task Resolution_ObservedAgainOrReopenedAndResolvedByAnother_CountsOnceForTheFirstResolver()
    {
        var ticket = await ResolvedAsync(Alex, "My VPN drops every call");
        var team = ticket.TeamCards.Single();

        // Every later change of the ticket is observed again; a reopen resolved by Priya is still Alex's one ticket.
        await Board.RecordResolutionAsync(ticket, CancellationToken.None);
        await _h.ClickAsync(Alex, team, "Reopen");
        await _h.ClickAsync(Priya, team, "Assign to me");
        await _h.ClickAsync(Priya, team, "Resolve", Inputs((Verbs.Keys.Note, "Really sorted now")));
        await ThankAsync(await _h.ReloadAsync(ticket));
        // A thank-you delivered twice counts once.
        Assert.False(await Board.RecordThanksAsync(ticket.Number.ToString(), CancellationToken.None));

        var board = await Board.ReadAsync(KudosBoards.Span.All, null, CancellationToken.None);
        Assert.Equal([("Alex Kim", 1L, 1L)], board.Agents.Select(a => (a.Name, a.Resolutions, a.Thanks)));
        Assert.Equal(1, board.Teams.Single().Resolutions);
    }

    [Fact]
    public async Task Resolution_ClosedBySwitchboardWithoutAnAgent_CountsForTheTeamOnly()
    {
        var ticket = await _h.FileAsync();
        var closed = ticket with
        {
            Status = TicketStatus.Resolved,
            ResolvedAt = _h.Clock.GetUtcNow(),
            History = [.. ticket.History, new TicketEvent(_h.Clock.GetUtcNow(), TicketTimers.Actor.Key, TicketTimers.Actor.Name, TicketEventKind.Resolved, "Closed automatically")],
        };

        Assert.True(await Board.RecordResolutionAsync(closed, CancellationToken.None));

        var board = await Board.ReadAsync(KudosBoards.Span.Week, null, CancellationToken.None);
        Assert.Empty(board.Agents);
        Assert.Equal(1, board.Teams.Single().Resolutions);
    }
}

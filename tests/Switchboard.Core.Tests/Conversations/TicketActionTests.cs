using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class TicketActionTests
{
    private readonly EngineHarness _h = new();

    private static Dictionary<string, string> Note(string text) => new() { [Verbs.Keys.Note] = text };

    [Fact]
    public async Task AssignToMe_ByAnAgent_UpdatesBothCardsAndTellsTheRequester()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();

        var result = await _h.ClickAsync(Alex, teamCard, "Assign to me");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal((TicketStatus.Assigned, "Alex Kim"), (ticket.Status, ticket.Assignee!.Name));
        Assert.NotNull(ticket.FirstRespondedAt);
        Assert.Contains(_h.CardOf(teamCard).Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
        Assert.Contains(_h.CardOf(ticket.RequesterCard!).Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t == "IT-1001: Alex Kim is on it.");
        Assert.Contains(result.ReplacementCard!.Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
    }

    [Fact]
    public async Task AgentAction_BySomeoneOutsideTheTeam_IsRefusedAndChangesNothing()
    {
        var ticket = await _h.FileAsync();

        var result = await _h.ClickAsync(Jordan, ticket.TeamCards.Single(), "Assign to me");

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal("Only IT Support agents can do that.", result.Notice);
        Assert.Equal(ticket.Version, (await _h.ReloadAsync(ticket)).Version);
    }

    [Fact]
    public async Task AssignToMe_WhenAlreadyAssigned_TellsWhoHasIt()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var assign = _h.CardOf(teamCard).Actions.Single(a => a.Title == "Assign to me");
        await _h.ClickAsync(Priya, teamCard, assign);

        var result = await _h.ClickAsync(Alex, teamCard, assign);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Contains("already assigned to Priya Nair", result.Notice);
        Assert.Contains(result.ReplacementCard!.Facts, f => f is { Label: "Assigned to", Value: "Priya Nair" });
    }

    [Fact]
    public async Task AssignToMe_ClickedByTwoAgentsAtOnce_HasExactlyOneWinner()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var assign = _h.CardOf(teamCard).Actions.Single(a => a.Title == "Assign to me");

        var results = await Task.WhenAll(_h.ClickAsync(Alex, teamCard, assign), _h.ClickAsync(Priya, teamCard, assign));

        Assert.Single(results, r => r.Outcome == TurnOutcome.Handled);
        var loser = Assert.Single(results, r => r.Outcome == TurnOutcome.Refused);
        var winner = (await _h.ReloadAsync(ticket)).Assignee!;
        Assert.Contains($"already assigned to {winner.Name}", loser.Notice);
    }

    [Fact]
    public async Task AssignToSomeone_AssignsTheChosenAgent()
    {
        var ticket = await _h.FileAsync();

        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to someone", new Dictionary<string, string> { [Verbs.Keys.Assignee] = "priya@contoso.example" });

        Assert.Equal("Priya Nair", (await _h.ReloadAsync(ticket)).Assignee!.Name);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t == "IT-1001: Priya Nair is on it.");
    }

    [Fact]
    public async Task AssignToSomeone_WithSomeoneNotInTheTeam_IsRefused()
    {
        var ticket = await _h.FileAsync();

        var result = await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to someone", new Dictionary<string, string> { [Verbs.Keys.Assignee] = "jordan@contoso.example" });

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Null((await _h.ReloadAsync(ticket)).Assignee);
    }

    [Fact]
    public async Task WaitingOnRequester_SendsTheQuestion_AndAddInfoResumesWork()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        await _h.ClickAsync(Alex, teamCard, "Assign to me");

        await _h.ClickAsync(Alex, teamCard, "Waiting on requester", Note("Which VPN client version do you have?"));
        Assert.Equal(TicketStatus.WaitingOnRequester, (await _h.ReloadAsync(ticket)).Status);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.Contains("Alex Kim asks: Which VPN client version do you have?"));

        await _h.SayAsync(Maya, "add info IT-1001 version 5.2 on Windows");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.Contains(_h.Gateway.Sent, s => s.Message.To.ThreadId == teamCard.Address.ThreadId && s.Message.Text!.Contains("version 5.2 on Windows"));
    }

    [Fact]
    public async Task InProgress_MarksTheTicketAndTellsTheRequester()
    {
        var ticket = await _h.FileAsync();

        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "In progress");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal((TicketStatus.InProgress, "Alex Kim"), (ticket.Status, ticket.Assignee!.Name));
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("IT-1001 is in progress"));
    }

    [Fact]
    public async Task Resolve_WithoutANote_IsRefused()
    {
        var ticket = await _h.FileAsync();

        var result = await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve");

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal(TicketStatus.New, (await _h.ReloadAsync(ticket)).Status);
    }

    [Fact]
    public async Task Resolve_WithANote_ClosesTheTicketAndTellsTheRequesterWhatWasDone()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        await _h.ClickAsync(Alex, teamCard, "Assign to me");

        await _h.ClickAsync(Alex, teamCard, "Resolve", Note("Reinstalled the VPN client"));

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        Assert.Equal("Reinstalled the VPN client", ticket.Resolution);
        var survey = _h.LastCardIn("dm:maya");
        Assert.Equal("IT-1001 is resolved. Did this fix it?", _h.Gateway.Current[survey.MessageId].Text);
        Assert.Contains("Alex Kim resolved it:\nReinstalled the VPN client", _h.CardOf(survey).Text);
        Assert.Equal(["Reopen", "Save as an answer"], _h.CardOf(teamCard).Actions.Select(a => a.Title));
        Assert.Equal(CardAccent.Good, _h.CardOf(ticket.RequesterCard!).Accent);
    }

    [Fact]
    public async Task Reopen_ByTheRequester_ReturnsTheTicketToTheAssignee()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        await _h.ClickAsync(Alex, teamCard, "Assign to me");
        await _h.ClickAsync(Alex, teamCard, "Resolve", Note("Reinstalled the VPN client"));

        await _h.SayAsync(Maya, "reopen IT-1001 still dropping");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal((TicketStatus.Assigned, null), (ticket.Status, ticket.Resolution));
        Assert.Contains(_h.Gateway.Sent, s => s.Message.To.ThreadId == teamCard.Address.ThreadId && s.Message.Text == "Maya Patel reopened IT-1001: still dropping");
    }

    [Fact]
    public async Task Move_PostsTheTicketToTheNewTeam_KeepsItsNumber_AndClosesTheOldCard()
    {
        var ticket = await _h.FileAsync();
        var oldCard = ticket.TeamCards.Single();
        await _h.ClickAsync(Alex, oldCard, "Assign to me");

        await _h.ClickAsync(Alex, oldCard, "Move to another team", new Dictionary<string, string> { [Verbs.Keys.Team] = "facilities" });

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(("facilities", TicketStatus.New, null, "IT-1001"), (ticket.TeamId, ticket.Status, ticket.Assignee, ticket.Number.ToString()));
        Assert.Equal("team:facilities", ticket.TeamCards.Single().Address.ConversationId);
        Assert.Empty(_h.CardOf(oldCard).Actions);
        Assert.Equal("Moved to Workplace & Facilities", _h.CardOf(oldCard).Subtitle);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.Contains("moved to Workplace & Facilities"));
        // The new team can work it; the old one no longer can.
        Assert.Equal(TurnOutcome.Refused, (await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me")).Outcome);
    }

    [Fact]
    public async Task StaleButton_AfterResolve_IsRefusedWithTheReason()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var start = _h.CardOf(teamCard).Actions.Single(a => a.Title == "In progress");
        await _h.ClickAsync(Alex, teamCard, "Resolve", Note("Done"));

        var result = await _h.ClickAsync(Alex, teamCard, start);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal("IT-1001 is resolved; reopen it first.", result.Notice);
    }

    [Fact]
    public async Task AgentMessage_InTheTicketThread_IsRelayedToTheRequester_NotFiledAsARequest()
    {
        var ticket = await _h.FileAsync();
        var thread = ticket.TeamCards.Single().Address;

        var result = await _h.SayAsync(Alex, "Can you try the wired network for a moment?", thread);

        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("IT-1001 · Alex Kim writes: Can you try the wired network for a moment?"));
        Assert.Contains(_h.Gateway.Sent, s => s.Message.To == thread && s.Message.Text == "Sent to Maya Patel.");
        Assert.DoesNotContain(_h.Gateway.SentTo("team:it"), m => m.Card?.Title == "Here's your request");
        ticket = await _h.ReloadAsync(ticket);
        Assert.NotNull(ticket.FirstRespondedAt);
        Assert.Equal(TicketEventKind.AgentReplied, ticket.History[^1].Kind);
    }

    [Fact]
    public async Task RequesterMessage_InTheTicketThread_AddsInformation()
    {
        var ticket = await _h.FileAsync();

        await _h.SayAsync(Maya, "It also happens at home", ticket.TeamCards.Single().Address);

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal((TicketEventKind.InfoAdded, "It also happens at home"), (ticket.History[^1].Kind, ticket.History[^1].Note));
    }

    [Fact]
    public async Task SomeoneElse_InTheTicketThread_IsToldWhoCanWriteThere()
    {
        var ticket = await _h.FileAsync();
        var thread = ticket.TeamCards.Single().Address;

        await _h.SayAsync(Tom, "Same problem here!", thread);

        Assert.Contains(_h.Gateway.Sent, s => s.Message.To == thread && s.Message.Text!.StartsWith("This is the thread of IT-1001.") && s.Message.VisibleTo == Tom);
        Assert.Equal(ticket.Version, (await _h.ReloadAsync(ticket)).Version);
    }

    [Fact]
    public async Task ThreadReply_RedeliveredAfterALateFailure_ReachesTheRequesterOnce()
    {
        var ticket = await _h.FileAsync();
        var thread = ticket.TeamCards.Single().Address;
        // The reply is stored and relayed, then the agent's acknowledgement fails: the turn fails late.
        _h.Gateway.FailOnce = m => m.Text == "Sent to Maya Patel.";

        await Assert.ThrowsAsync<HttpRequestException>(() => _h.SayAsync(Alex, "Can you try the wired network?", thread, deliveryId: "late"));
        var redelivered = await _h.SayAsync(Alex, "Can you try the wired network?", thread, deliveryId: "late");

        Assert.Equal(TurnOutcome.Handled, redelivered.Outcome);
        Assert.Single(_h.Gateway.TextsTo("dm:maya"), t => t.Contains("writes: Can you try the wired network?"));
        Assert.Single((await _h.ReloadAsync(ticket)).History, e => e.Kind == TicketEventKind.AgentReplied);
        Assert.Contains(_h.Gateway.Sent, s => s.Message.To == thread && s.Message.Text == "Sent to Maya Patel.");
    }
}

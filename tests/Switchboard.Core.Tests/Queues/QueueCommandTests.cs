using Switchboard.Core.Conversations;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Tests.Queues;

/// <summary>"queue", "mine" and "unassigned" through the engine on memory storage, and the buttons of their rows.</summary>
public sealed class QueueCommandTests
{
    private static readonly PersonRef Alex = EngineHarness.Alex;
    private static readonly PersonRef Priya = EngineHarness.Priya;
    private static readonly PersonRef Maya = EngineHarness.Maya;

    [Fact]
    public async Task Queue_ByAnAgent_ListsTheirTeamsOpenTicketsOverdueFirstWithRowButtons()
    {
        var h = new QueuesHarness();
        var first = await h.FileAsync("My VPN drops every call");
        h.Engine.Clock.Advance(TimeSpan.FromHours(1));
        var second = await h.FileAsync("My laptop is slow");
        await h.FileAsync("Payroll shows the wrong bank");
        h.Engine.Clock.Advance(TimeSpan.FromHours(3.5));

        await h.Engine.SayAsync(Alex, "queue");

        var card = h.LastCardTo(Alex);
        Assert.Equal("Your queue (2 open)", card.Title);
        Assert.Equal([$"{first.Number} · My VPN drops every call", $"{second.Number} · My laptop is slow"], card.Items.Select(i => i.Title));
        Assert.StartsWith("Overdue · New · IT Support · from Maya Patel · unassigned", card.Items[0].Detail);
        Assert.StartsWith("At risk · New", card.Items[1].Detail);
        Assert.Equal(CardAccent.Warning, card.Items[0].Accent);
        Assert.All(card.Items, item => Assert.Equal(["Assign to me", "Open"], item.Actions.Select(a => a.Title)));
    }

    [Fact]
    public async Task Queue_BySomeoneWhoIsNoAgent_GetsTheStandardRefusal()
    {
        var h = new QueuesHarness();

        await h.Engine.SayAsync(Maya, "queue");

        Assert.Equal(AudiencePolicy.Refusal(Audience.Agents), h.LastTextTo(Maya));
    }

    [Fact]
    public async Task MineAndUnassigned_ListOnlyTheirPart()
    {
        var h = new QueuesHarness();
        var taken = await h.FileAsync("My VPN drops every call");
        var open = await h.FileAsync("My laptop is slow");
        await h.Engine.Service.ChangeAsync(taken.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);

        await h.Engine.SayAsync(Alex, "mine");
        var mine = h.LastCardTo(Alex);
        await h.Engine.SayAsync(Alex, "unassigned");
        var unassigned = h.LastCardTo(Alex);
        await h.Engine.SayAsync(Priya, "mine");

        Assert.Equal($"{taken.Number} · My VPN drops every call", Assert.Single(mine.Items).Title);
        Assert.Equal(["Open"], mine.Items[0].Actions.Select(a => a.Title));
        Assert.Equal($"{open.Number} · My laptop is slow", Assert.Single(unassigned.Items).Title);
        Assert.Empty(h.LastCardTo(Priya).Items);
        Assert.Contains("Nothing is assigned to you", h.LastCardTo(Priya).Text);
    }

    [Fact]
    public async Task Queue_ForATeamTheAgentIsNotIn_SaysWhichTeamsAreTheirs()
    {
        var h = new QueuesHarness();

        await h.Engine.SayAsync(Alex, "queue hr");

        Assert.Equal("You're not an agent of People & HR. Your teams: IT Support (it).", h.LastTextTo(Alex));
    }

    [Fact]
    public async Task Queue_LongerThanAChatCardHolds_ShowsTheFirstRowsAndSaysHowManyMore()
    {
        var h = new QueuesHarness();
        for (var i = 0; i < 12; i++) await h.FileAsync($"My laptop number {i} is slow");

        await h.Engine.SayAsync(Alex, "queue it");

        var card = h.LastCardTo(Alex);
        Assert.Equal("Your queue (12 open)", card.Title);
        Assert.Equal(QueueCards.ChatRows, card.Items.Count);
        Assert.Contains("The first 10 of 12", card.Text);
    }

    [Fact]
    public async Task Queue_InASharedChannel_HidesConfidentialRequestText()
    {
        var h = new QueuesHarness();
        await h.FileAsync("Payroll shows the wrong bank");

        await h.Engine.SayAsync(EngineHarness.Jordan, "queue", EngineHarness.TeamChannel("it"));

        var sent = h.Engine.Gateway.SentTo("team:it").Last(m => m.Card is not null);
        Assert.Equal(EngineHarness.Jordan, sent.VisibleTo);
        Assert.EndsWith("· Confidential People & HR request", Assert.Single(sent.Card!.Items).Title);
        Assert.DoesNotContain("Payroll", sent.Card.Items[0].Detail);
    }

    [Fact]
    public async Task AssignToMeOnARow_AssignsTheTicketAndRefreshesTheListInPlace()
    {
        var h = new QueuesHarness();
        var ticket = await h.FileAsync("My VPN drops every call");
        await h.Engine.SayAsync(Alex, "unassigned");
        var list = h.Engine.LastCardIn(EngineHarness.Dm(Alex).ConversationId);
        var assign = h.Engine.CardOf(list).Items[0].Actions.Single(a => a.Title == "Assign to me");

        var result = await h.Engine.ClickAsync(Alex, list, assign);

        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal($"You took {ticket.Number}.", result.Notice);
        var stored = await h.Engine.ReloadAsync(ticket);
        Assert.True(stored.Assignee!.IsSamePerson(Alex));
        Assert.Empty(h.Engine.CardOf(list).Items);
        // The ticket's own cards follow from the outbox as for any assignment.
        Assert.Contains("Alex Kim is on it", h.LastTextTo(Maya));
    }

    [Fact]
    public async Task AssignToMeOnARow_AlreadyTakenBySomeoneElse_IsRefusedAndTheListShowsWhoHasIt()
    {
        var h = new QueuesHarness();
        var ticket = await h.FileAsync("My VPN drops every call");
        await h.Engine.SayAsync(Alex, "queue");
        var list = h.Engine.LastCardIn(EngineHarness.Dm(Alex).ConversationId);
        var assign = h.Engine.CardOf(list).Items[0].Actions.Single(a => a.Title == "Assign to me");
        await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, Priya), CancellationToken.None);

        var result = await h.Engine.ClickAsync(Alex, list, assign, refresh: ClickedCardRefresh.Answer);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Contains("already assigned to Priya Nair", result.Notice);
        Assert.Contains("with Priya Nair", Assert.Single(result.ReplacementCard!.Items).Detail);
    }

    [Fact]
    public async Task OpenOnARow_SendsTheTicketsTeamCardToTheAgentOnly()
    {
        var h = new QueuesHarness();
        var ticket = await h.FileAsync("My VPN drops every call");
        await h.Engine.SayAsync(Alex, "queue");
        var list = h.Engine.LastCardIn(EngineHarness.Dm(Alex).ConversationId);

        await h.Engine.ClickAsync(Alex, list, h.Engine.CardOf(list).Items[0].Actions.Single(a => a.Title == "Open"));

        var card = h.LastCardTo(Alex);
        Assert.Equal($"{ticket.Number} · My VPN drops every call", card.Title);
        Assert.Contains(card.Actions, a => a.Verb == Verbs.Resolve);
    }

    [Fact]
    public async Task OpenOnARow_ForATicketThePersonMayNotSee_IsAnsweredAsIfItDidNotExist()
    {
        var h = new QueuesHarness();
        var ticket = await h.FileAsync("Payroll shows the wrong bank");
        var open = new CardAction("Open", QueueVerbs.Open, new Dictionary<string, string> { [Verbs.Keys.Ticket] = ticket.Number.ToString() });
        await h.Engine.SayAsync(Alex, "queue");
        var list = h.Engine.LastCardIn(EngineHarness.Dm(Alex).ConversationId);

        var result = await h.Engine.ClickAsync(Alex, list, open);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal(TicketDisclosure.Unknown(ticket.Number), result.Notice);
    }

    [Fact]
    public async Task Help_ListsTheQueueCommandsForAgentsOnly()
    {
        var h = new QueuesHarness();

        await h.Engine.SayAsync(Alex, "help");
        await h.Engine.SayAsync(Maya, "help");

        Assert.Contains("• queue [team]: open tickets of your teams, overdue first (agents)", h.LastTextTo(Alex));
        Assert.Contains("• away [when]:", h.LastTextTo(Alex));
        Assert.DoesNotContain("queue", h.LastTextTo(Maya));
    }
}

using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Work;

namespace Switchboard.Core.Tests.Queues;

/// <summary>Auto-assignment per team, "away" and "back", and the flag to the leads, through the engine on memory storage.</summary>
public sealed class AutoAssignmentTests
{
    private static readonly PersonRef Alex = EngineHarness.Alex;
    private static readonly PersonRef Priya = EngineHarness.Priya;
    private static readonly PersonRef Maya = EngineHarness.Maya;

    [Fact]
    public async Task RoundRobin_GivesNewTicketsToEachAgentInTurn_AsAChangeRecordedInTheHistory()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);

        var tickets = new List<Ticket>();
        for (var i = 0; i < 3; i++) tickets.Add(await h.Engine.ReloadAsync(await h.FileAsync($"My laptop number {i} is slow")));

        Assert.Equal(["Alex Kim", "Priya Nair", "Alex Kim"], tickets.Select(t => t.Assignee?.Name));
        var assigned = tickets[0].History.Last();
        Assert.Equal(TicketEventKind.Assigned, assigned.Kind);
        Assert.Equal("Auto-assignment (round robin)", assigned.ActorName);
        Assert.Equal(TicketStatus.Assigned, tickets[0].Status);
        // Switchboard taking a decision is no response from the team: the first-response clock keeps running.
        Assert.Null(tickets[0].FirstRespondedAt);
        Assert.Contains($"{tickets[0].Number}: Alex Kim is on it.", h.Engine.Gateway.TextsTo(EngineHarness.Dm(Maya).ConversationId));
        // The team card shows the assignee and the thread says who decided.
        Assert.Contains(h.Engine.Gateway.TextsTo("team:it"), t => t == $"Auto-assignment (round robin) assigned {tickets[0].Number} to Alex Kim.");
    }

    [Fact]
    public async Task NoAutoAssign_LeavesNewTicketsForAgentsToPickUp()
    {
        var h = new QueuesHarness();

        var ticket = await h.Engine.ReloadAsync(await h.FileAsync());

        Assert.Null(ticket.Assignee);
        Assert.Equal(TicketStatus.New, ticket.Status);
    }

    [Fact]
    public async Task FewestOpen_GivesTheTicketToTheAgentWithFewestOpenTickets()
    {
        var h = new QueuesHarness(AutoAssignMode.FewestOpen);
        var first = await h.Engine.ReloadAsync(await h.FileAsync("My VPN drops every call"));
        var second = await h.Engine.ReloadAsync(await h.FileAsync("My laptop is slow"));
        // Alex had the first; he takes the second off Priya, so Priya has none.
        await h.Engine.Service.ChangeAsync(second.Number, new TicketChange(Verbs.Assign, Alex, Assignee: Alex), CancellationToken.None);

        var third = await h.Engine.ReloadAsync(await h.FileAsync("My laptop fan is loud"));

        Assert.Equal("Alex Kim", first.Assignee?.Name);
        Assert.Equal("Priya Nair", third.Assignee?.Name);
        Assert.Equal("Auto-assignment (fewest open)", third.History.Last().ActorName);
    }

    [Fact]
    public async Task AutoAssignment_RunAgainForTheSameArrival_AssignsOnce()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);
        var ticket = await h.Engine.ReloadAsync(await h.FileAsync());
        var assigner = h.Get<AutoAssigner>();

        // As after a retried delivery of the filing: the ticket as that delivery read it, before the assignment.
        var asFiled = ticket with { Assignee = null, Status = TicketStatus.New, History = ticket.History.Take(1).ToList() };
        await assigner.AssignIfDueAsync(asFiled, CancellationToken.None);
        await h.Engine.DrainOutboxAsync();

        var stored = await h.Engine.ReloadAsync(ticket);
        Assert.Single(stored.History, e => e.Kind == TicketEventKind.Assigned);
        Assert.Equal("Alex Kim", stored.Assignee?.Name);
    }

    [Fact]
    public async Task MovedToATeamThatAssignsAutomatically_IsAssignedThere()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);
        var ticket = await h.FileAsync("The air conditioning is broken");
        var it = h.Teams.Get("it");
        var chris = new PersonRef(TestPlatforms.Playground, "chris", "Chris Novak", "chris@contoso.example");

        await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.Move, chris, TargetTeam: it), CancellationToken.None);
        await h.Engine.DrainOutboxAsync();

        var moved = await h.Engine.ReloadAsync(ticket);
        Assert.Equal("it", moved.TeamId);
        Assert.Equal("Alex Kim", moved.Assignee?.Name);
    }

    [Fact]
    public async Task AwayAgent_IsSkipped_UntilTheySayBack()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);

        await h.Engine.SayAsync(Alex, "away");
        var whileAway = new List<Ticket>();
        for (var i = 0; i < 2; i++) whileAway.Add(await h.Engine.ReloadAsync(await h.FileAsync($"My laptop number {i} is slow")));
        await h.Engine.SayAsync(Alex, "back");
        var afterwards = await h.Engine.ReloadAsync(await h.FileAsync("My VPN drops every call"));

        Assert.All(whileAway, t => Assert.Equal("Priya Nair", t.Assignee?.Name));
        Assert.Equal("Alex Kim", afterwards.Assignee?.Name);
        Assert.Equal("Welcome back! New tickets can come your way again.", h.LastTextTo(Alex));
    }

    [Fact]
    public async Task AwayUntilAWeekday_InTheAgentsTimeZone_SaysTheDayAndEndsByItself()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);
        await h.People.ObserveAsync(new PersonSighting(Alex) { TimeZone = "America/New_York" }, CancellationToken.None);

        // Monday 23 November 2026, 09:00 UTC.
        await h.Engine.SayAsync(Alex, "away until Friday");

        Assert.StartsWith("You're away until Fri 27 Nov.", h.LastTextTo(Alex));
        var away = await h.Get<Availability>().GetAsync(h.Teams.Get("it").Agents[0], CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(-5)), away!.Until);
        h.Engine.Clock.Advance(TimeSpan.FromDays(4.3));
        Assert.Null(await h.Get<Availability>().GetAsync(h.Teams.Get("it").Agents[0], CancellationToken.None));
    }

    [Fact]
    public async Task Away_WithADateNobodyCanRead_AsksAgainAndChangesNothing()
    {
        var h = new QueuesHarness(AutoAssignMode.RoundRobin);

        await h.Engine.SayAsync(Alex, "away until the cows come home");

        Assert.StartsWith("I couldn't tell which day you mean by \"until the cows come home\".", h.LastTextTo(Alex));
        Assert.Null(await h.Get<Availability>().GetAsync(h.Teams.Get("it").Agents[0], CancellationToken.None));
    }

    [Fact]
    public async Task Back_WhenNotAway_SaysNothingChanges()
    {
        var h = new QueuesHarness();

        await h.Engine.SayAsync(Priya, "back");

        Assert.StartsWith("You weren't marked away", h.LastTextTo(Priya));
    }

    [Fact]
    public async Task Away_ByNoAgent_GetsTheStandardRefusal()
    {
        var h = new QueuesHarness();

        await h.Engine.SayAsync(Maya, "away until Friday");

        Assert.Equal(AudiencePolicy.Refusal(Audience.Agents), h.LastTextTo(Maya));
    }

    [Fact]
    public async Task EveryAgentAway_LeavesTheTicketUnassigned()
    {
        var h = new QueuesHarness(AutoAssignMode.FewestOpen);
        await h.Engine.SayAsync(Alex, "away");
        await h.Engine.SayAsync(Priya, "away");

        var ticket = await h.Engine.ReloadAsync(await h.FileAsync());

        Assert.Null(ticket.Assignee);
    }

    [Fact]
    public async Task GoingAway_FlagsTheirTicketsAtRiskOrOverdueToTheTeamsLeadsByDirectMessage()
    {
        var h = new QueuesHarness();
        await h.KnowAsync(QueuesHarness.Dana);
        var overdue = await h.FileAsync("My VPN drops every call");
        h.Engine.Clock.Advance(TimeSpan.FromHours(3));
        var onTrack = await h.FileAsync("My laptop is slow");
        foreach (var ticket in new[] { overdue, onTrack })
            await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);
        var atRisk = await h.FileAsync("My laptop fan is loud");
        await h.Engine.Service.ChangeAsync(atRisk.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);
        // Resolution is due three days after filing: the first is now due, the others a few hours later.
        h.Engine.Clock.Advance(TimeSpan.FromHours(69));

        await h.Engine.SayAsync(Alex, "away until 4 Dec");
        // Queued in the turn, sent by the queue's handler.
        Assert.Empty(h.Engine.Gateway.TextsTo(EngineHarness.Dm(QueuesHarness.Dana).ConversationId));
        await h.Engine.DrainQueueAsync(AwayLeadNotices.QueueName);

        var flag = Assert.Single(h.Engine.Gateway.TextsTo(EngineHarness.Dm(QueuesHarness.Dana).ConversationId));
        Assert.StartsWith("Alex Kim is away until Fri 4 Dec. 3 of their open IT Support tickets are at risk or overdue", flag);
        Assert.Contains($"• Overdue: {overdue.Number} · My VPN drops every call", flag);
        Assert.Contains($"• At risk: {onTrack.Number} · My laptop is slow", flag);
        Assert.Contains("I'm telling Dana Whitfield so someone can take them.", h.LastTextTo(Alex));
    }

    [Fact]
    public async Task GoingAway_WhenTheDirectMessageFailsAndTheTurnIsRedelivered_TellsTheLeadOnce()
    {
        var h = new QueuesHarness();
        await h.KnowAsync(QueuesHarness.Dana);
        var ticket = await h.FileAsync("My VPN drops every call");
        await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);
        h.Engine.Clock.Advance(TimeSpan.FromDays(4));
        // The reply to Alex fails: the turn fails after queueing the notice, and the platform delivers it again.
        h.Engine.Gateway.FailNextSends = 1;
        await Assert.ThrowsAnyAsync<Exception>(() => h.Engine.SayAsync(Alex, "away", deliveryId: "away-1"));
        await h.Engine.SayAsync(Alex, "away", deliveryId: "away-1");
        var queue = h.Engine.Outbox;
        var handler = h.Get<IEnumerable<IWorkHandler>>().Single(w => w.Queue == AwayLeadNotices.QueueName);

        // The platform fails the first send (a 500): the item is tried again after its back-off.
        h.Engine.Gateway.FailNextSends = 1;
        var first = Assert.Single(await queue.ReceiveAsync(AwayLeadNotices.QueueName, "test", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => handler.HandleAsync(first, CancellationToken.None));
        await queue.RetryAsync(AwayLeadNotices.QueueName, first, "500", CancellationToken.None);
        h.Engine.QueueClock.Advance(TimeSpan.FromSeconds(1));
        var retried = Assert.Single(await queue.ReceiveAsync(AwayLeadNotices.QueueName, "test", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        await handler.HandleAsync(retried, CancellationToken.None);
        // Its acknowledgement is lost and it runs once more.
        await handler.HandleAsync(retried, CancellationToken.None);
        await queue.AckAsync(AwayLeadNotices.QueueName, retried, CancellationToken.None);

        var flag = Assert.Single(h.Engine.Gateway.TextsTo(EngineHarness.Dm(QueuesHarness.Dana).ConversationId));
        Assert.Contains($"• Overdue: {ticket.Number} · My VPN drops every call", flag);
        Assert.Empty(await queue.ReceiveAsync(AwayLeadNotices.QueueName, "test", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task GoingAway_WithALeadWhoNeverUsedSwitchboard_SaysWhoCouldNotBeTold()
    {
        var h = new QueuesHarness();
        var ticket = await h.FileAsync("My VPN drops every call");
        await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);
        h.Engine.Clock.Advance(TimeSpan.FromDays(4));

        await h.Engine.SayAsync(Alex, "away");

        var reply = h.LastTextTo(Alex);
        Assert.Contains("1 of your open tickets is at risk or overdue.", reply);
        Assert.Contains("I don't know who dana@contoso.example is", reply);
    }

    [Fact]
    public async Task GoingAway_WithNothingPressing_TellsNoLead()
    {
        var h = new QueuesHarness();
        await h.KnowAsync(QueuesHarness.Dana);
        var ticket = await h.FileAsync();
        await h.Engine.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, Alex), CancellationToken.None);

        await h.Engine.SayAsync(Alex, "away");

        Assert.Empty(h.Engine.Gateway.TextsTo(EngineHarness.Dm(QueuesHarness.Dana).ConversationId));
        Assert.Equal("You're away. I won't give you new tickets; write \"back\" when you return.", h.LastTextTo(Alex));
    }
}

/// <summary>Auto-assignment racing an agent: the agent who took the ticket keeps it.</summary>
public sealed class AutoAssignmentRaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static Ticket Taken() =>
        new Ticket(new TicketNumber("IT", 1001), "it", EngineHarness.Maya, EngineHarness.Dm(EngineHarness.Maya), "Slow laptop", "Slow laptop",
            Priority.Normal, TicketStatus.Assigned, Confidentiality.Normal, Now, null, null) { Assignee = EngineHarness.Priya };

    [Fact]
    public void SystemAssignment_OfATicketSomeoneTookMeanwhile_IsRefused()
    {
        var robot = SystemActor.Named("auto-assign", "Auto-assignment (round robin)");

        var result = TicketWorkflow.Apply(Taken(), new TicketChange(Verbs.Assign, robot, Assignee: EngineHarness.Alex), Now);

        Assert.Equal("IT-1001 is already assigned to Priya Nair.", result.Error);
    }

    [Fact]
    public void AgentHandingOver_StillWorks()
    {
        var result = TicketWorkflow.Apply(Taken(), new TicketChange(Verbs.Assign, EngineHarness.Priya, Assignee: EngineHarness.Alex), Now);

        Assert.Equal(EngineHarness.Alex, result.Ticket!.Assignee);
    }
}

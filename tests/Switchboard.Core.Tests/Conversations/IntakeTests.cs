using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;
using Switchboard.Core.Tests.Fakes;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class IntakeTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Request_WhenRouterIsSure_ProposesTeamSummaryAndPriorityOnAConfirmationCard()
    {
        await _h.SayAsync(Maya, "My VPN drops every call. It started after the update, I can't work today.");

        var card = _h.CardOf(_h.LastCardIn("dm:maya"));
        Assert.Equal("Here's your request", card.Title);
        Assert.Contains(card.Facts, f => f is { Label: "Team", Value: "IT Support" });
        Assert.Equal("My VPN drops every call", card.Inputs.Single(i => i.Id == Verbs.Keys.Summary).Value);
        Assert.Equal("High", card.Inputs.Single(i => i.Id == Verbs.Keys.Priority).Value);
        Assert.Equal(["Submit", "Choose another team", "Cancel"], card.Actions.Select(a => a.Title));
        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Request_WhenRouterIsUnsure_AsksWhichTeamWithEveryTeamOffered()
    {
        await _h.SayAsync(Maya, "Something is wrong with the thing on the third floor");

        var card = _h.CardOf(_h.LastCardIn("dm:maya"));
        Assert.Equal("Which team should handle this?", card.Title);
        var choices = card.Inputs.Single(i => i.Id == Verbs.Keys.Team).Choices!;
        Assert.Equal(["facilities", "hr", "it"], choices.Select(c => c.Value).Order());
        Assert.Equal("it", choices[0].Value); // the router's best guess comes first
    }

    [Fact]
    public async Task Submit_FilesTicketsNumberedPerTeam_AndPostsTheTeamCard()
    {
        var first = await _h.FileAsync();
        var second = await _h.FileAsync(Tom, "My laptop won't charge");
        var hr = await _h.FileAsync(Tom, "Please update my bank details for payroll");

        Assert.Equal("IT-1001", first.Number.ToString());
        Assert.Equal("IT-1002", second.Number.ToString());
        Assert.Equal("HR-1001", hr.Number.ToString());
        var teamCard = _h.CardOf(first.TeamCards.Single());
        Assert.Equal("IT-1001 · My VPN drops every call", teamCard.Title);
        Assert.Equal("team:it", first.TeamCards.Single().Address.ConversationId);
        Assert.Contains(teamCard.Facts, f => f is { Label: "Requester", Value: "Maya Patel" });
        Assert.Contains("Assign to me", teamCard.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task Submit_TurnsTheConfirmationIntoTheTicketCard_AndConfirmsInChat()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = _h.LastCardIn("dm:maya");

        var result = await _h.ClickAsync(Maya, confirmation, "Submit", new Dictionary<string, string> { ["summary"] = "VPN drops on calls", ["priority"] = "Urgent" });

        var ticket = (await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single();
        Assert.Equal("VPN drops on calls", ticket.Summary);
        Assert.Equal(Priority.Urgent, ticket.Priority);
        Assert.Equal(confirmation.MessageId, ticket.RequesterCard!.MessageId);
        Assert.Equal("IT-1001 · VPN drops on calls", _h.CardOf(confirmation).Title);
        Assert.Equal("IT-1001 · VPN drops on calls", result.ReplacementCard!.Title);
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.Contains("Filed IT-1001 with IT Support"));
    }

    [Fact]
    public async Task Submit_ClickedTwice_FilesOneTicket()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = _h.LastCardIn("dm:maya");
        var submit = _h.CardOf(confirmation).Actions.Single(a => a.Title == "Submit");

        var results = await Task.WhenAll(_h.ClickAsync(Maya, confirmation, submit), _h.ClickAsync(Maya, confirmation, submit));

        var ticket = Assert.Single(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        // The click that lost the race is refused, or (once the ticket is filed) answered with the ticket.
        Assert.All(results, r => Assert.True(r.Outcome == TurnOutcome.Refused || r.ReplacementCard?.Title.Contains(ticket.Number.ToString()) == true, r.Notice));
        Assert.Single(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Filed IT-1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_ClickedAgainAfterFiling_AnswersWithTheFiledTicketInsteadOfARefusal()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = _h.LastCardIn("dm:maya");
        var submit = _h.CardOf(confirmation).Actions.Single(a => a.Title == "Submit");
        await _h.ClickAsync(Maya, confirmation, submit);

        var again = await _h.ClickAsync(Maya, confirmation, submit);

        Assert.Equal(TurnOutcome.Handled, again.Outcome);
        Assert.Equal("IT-1001 was already filed.", again.Notice);
        Assert.Contains("IT-1001", again.ReplacementCard!.Title);
        Assert.Single(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Single(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Filed IT-1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChooseAnotherTeam_ThenContinue_FilesWithTheChosenTeam()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var card = _h.LastCardIn("dm:maya");

        await _h.ClickAsync(Maya, card, "Choose another team");
        Assert.Equal("Which team should handle this?", _h.CardOf(card).Title);
        await _h.ClickAsync(Maya, card, "Continue", new Dictionary<string, string> { ["team"] = "facilities" });
        Assert.Contains(_h.CardOf(card).Facts, f => f is { Label: "Team", Value: "Workplace & Facilities" });
        await _h.ClickAsync(Maya, card, "Submit");

        Assert.Equal("FAC-1001", (await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single().Number.ToString());
    }

    [Fact]
    public async Task TypedTeamName_AnswersThePendingTeamChoice()
    {
        await _h.SayAsync(Maya, "Something is wrong with the thing on the third floor");
        var card = _h.LastCardIn("dm:maya");

        await _h.SayAsync(Maya, "facilities");

        Assert.Contains(_h.CardOf(card).Facts, f => f is { Label: "Team", Value: "Workplace & Facilities" });
        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_OnTheConfirmation_FilesNothing_AndClosesTheCard()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var card = _h.LastCardIn("dm:maya");
        var submit = _h.CardOf(card).Actions.Single(a => a.Title == "Submit");

        await _h.ClickAsync(Maya, card, "Cancel");
        var late = await _h.ClickAsync(Maya, card, submit);

        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal("Request not filed", _h.CardOf(card).Title);
        Assert.Equal(TurnOutcome.Refused, late.Outcome);
    }

    [Fact]
    public async Task NewRequest_WhileOneIsPending_ReplacesTheOlderDraft()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var older = _h.LastCardIn("dm:maya");
        var olderSubmit = _h.CardOf(older).Actions[0];

        await _h.SayAsync(Maya, "My laptop fan is very loud");
        var result = await _h.ClickAsync(Maya, older, olderSubmit);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal("Request not filed", _h.CardOf(older).Title);
    }

    [Fact]
    public async Task ConfidentialRequest_InAChannel_IsRedirectedToADirectMessage()
    {
        await _h.SayAsync(Maya, "I need to change my bank details for payroll", TeamChannel("facilities"));

        Assert.Contains(_h.Gateway.TextsTo("team:facilities"), t => t.Contains("confidential") && t.Contains("direct message"));
        Assert.DoesNotContain(_h.Gateway.SentTo("team:facilities"), m => m.Card is not null);
    }

    [Fact]
    public async Task FileFromForm_WithAnUnknownTeam_IsRefusedNamingTheField()
    {
        var result = await _h.Engine.HandleAsync(new Turn("f1", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction(Verbs.RequestFile, new Dictionary<string, string> { ["team"] = "nope", ["summary"] = "x" }), _h.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.StartsWith("team:", result.Notice);
    }

    [Fact]
    public async Task FileFromForm_WithValidFields_FilesTheTicket()
    {
        var result = await _h.HandleAsync(new Turn("f2", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction(Verbs.RequestFile, new Dictionary<string, string>
            {
                ["team"] = "facilities", ["summary"] = "AC broken in Everest", ["details"] = "It blows warm air", ["priority"] = "High",
            }), _h.Clock.GetUtcNow()));

        var ticket = (await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single();
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal(("FAC-1001", "AC broken in Everest", "It blows warm air", Priority.High),
            (ticket.Number.ToString(), ticket.Summary, ticket.Details, ticket.Priority));
        Assert.Single(ticket.TeamCards);
    }

    [Fact]
    public async Task RedeliveredTurn_HasItsEffectOnce()
    {
        var first = await _h.SayAsync(Maya, "My VPN drops every call", deliveryId: "same");
        var again = await _h.SayAsync(Maya, "My VPN drops every call", deliveryId: "same");

        Assert.Equal(TurnOutcome.Handled, first.Outcome);
        Assert.Equal(TurnOutcome.Duplicate, again.Outcome);
        Assert.Single(_h.Gateway.SentTo("dm:maya"));
    }

    [Fact]
    public async Task RequestText_NeverReachesTheLogs()
    {
        const string secret = "my bank account is 12345678 at Acme Bank";
        await _h.FileAsync(Maya, "Please update payroll: " + secret);

        Assert.NotEmpty(_h.Logs.Lines);
        Assert.DoesNotContain(_h.Logs.Lines, l => l.Contains("12345678") || l.Contains("Acme"));
    }

    [Fact]
    public async Task Submit_WhenTheNumberCounterFellBehind_SkipsTakenNumbers()
    {
        await _h.FileAsync();
        await _h.FileAsync();
        // As if Redis came back without its counter: the next two numbers are already taken.
        var counterReset = new MemoryTicketStore();
        foreach (var ticket in await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None))
            await counterReset.TryCreateAsync(ticket, CancellationToken.None);
        var h = new EngineHarness(tickets: counterReset);

        var filed = await h.FileAsync(Tom);

        Assert.Equal("IT-1003", filed.Number.ToString());
    }

    [Fact]
    public async Task FailedTurn_GivesItsDeliveryClaimBack_SoTheRedeliveryIsHandled()
    {
        var failing = new EngineHarness(failSends: 1);

        await Assert.ThrowsAnyAsync<Exception>(() => failing.SayAsync(Maya, "My VPN drops every call", deliveryId: "retry-me"));
        var redelivered = await failing.SayAsync(Maya, "My VPN drops every call", deliveryId: "retry-me");

        Assert.Equal(TurnOutcome.Handled, redelivered.Outcome);
        Assert.Equal("Here's your request", failing.CardOf(failing.LastCardIn("dm:maya")).Title);
    }

    [Fact]
    public async Task Submit_WhenStorageFails_FilesNothingAndTheRetriedClickFilesOnce()
    {
        var store = new FlakyTicketStore(new MemoryTicketStore());
        var h = new EngineHarness(tickets: store);
        await h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = h.LastCardIn("dm:maya");
        var submit = h.CardOf(confirmation).Actions.Single(a => a.Title == "Submit");
        store.FailNextCreates = 1;

        await Assert.ThrowsAsync<TimeoutException>(() => h.ClickAsync(Maya, confirmation, submit, deliveryId: "click-1"));
        var retried = await h.ClickAsync(Maya, confirmation, submit, deliveryId: "click-1");

        Assert.Equal(TurnOutcome.Handled, retried.Outcome);
        Assert.Single(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Submit_WhenTheRequesterCardCannotBeUpdated_StillKeepsTheTeamCardsSoTheyFollowChanges()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = _h.LastCardIn("dm:maya");
        _h.Gateway.FailNextUpdates = 1;

        await _h.ClickAsync(Maya, confirmation, "Submit");

        var ticket = (await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single();
        var teamCard = Assert.Single(ticket.TeamCards);
        await _h.ClickAsync(Alex, teamCard, "Assign to me");
        Assert.Contains(_h.CardOf(teamCard).Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
    }
}

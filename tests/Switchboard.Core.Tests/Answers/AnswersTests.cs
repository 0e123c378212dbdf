using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Answers;

/// <summary>Answers through the engine: offered before filing, solved or still needing help, saved from work, managed in chat.</summary>
public sealed class AnswersTests
{
    private const string VpnQuestion = "How do I connect to the VPN from home?";
    private const string VpnAnswer = "Open GlobalProtect, enter vpn.contoso.example as the portal and sign in with MFA.";

    private static readonly AnswersOptions Configured = new()
    {
        Configured =
        [
            new ConfiguredAnswerOptions
            {
                Team = "it", Key = "vpn-connect", Question = VpnQuestion, Answer = VpnAnswer,
                Keywords = ["vpn", "globalprotect", "remote access"], Author = "priya@contoso.example", AuthorName = "Priya Nair",
            },
            new ConfiguredAnswerOptions
            {
                Team = "hr", Key = "bank-details", Question = "How do I change the bank account my salary is paid into?",
                Answer = "Update it in Workday: Pay, Payment Elections, Edit.", Keywords = ["bank details", "payroll"], Author = "jordan@contoso.example",
            },
        ],
    };

    private readonly EngineHarness _h = new(addModules: services => services.AddSingleton(Configured));

    private AnswerService Answers => _h.Services.GetRequiredService<AnswerService>();

    [Fact]
    public async Task NewRequest_LikeAnAnswer_IsOfferedTheAnswerBeforeAnythingIsFiled()
    {
        await _h.SayAsync(Maya, "the vpn won't connect when I work from home");

        var offer = _h.CardOf(_h.LastCardIn(Dm(Maya).ConversationId));
        var item = Assert.Single(offer.Items);
        Assert.Equal(VpnQuestion, item.Title);
        Assert.Equal(VpnAnswer, item.Detail);
        Assert.Equal(["This solved it"], item.Actions.Select(a => a.Title));
        Assert.Equal(["I still need help"], offer.Actions.Select(a => a.Title));
        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task ThisSolvedIt_FilesNothingCountsOnceAndTellsTheAuthor()
    {
        // The author has used Switchboard (adapters report whom they see), so the directory knows where to reach her.
        await SeenAsync(Priya);
        await _h.SayAsync(Maya, "vpn keeps failing to connect from home");
        var offer = _h.LastCardIn(Dm(Maya).ConversationId);
        var solved = _h.CardOf(offer).Items[0].Actions[0];

        var first = await _h.ClickAsync(Maya, offer, solved);
        var second = await _h.ClickAsync(Maya, offer, solved);
        await _h.DrainQueueAsync(AnswerService.CreditQueue);

        Assert.Equal(TurnOutcome.Handled, first.Outcome);
        Assert.Equal("Glad that solved it", first.ReplacementCard!.Title);
        Assert.Equal(TurnOutcome.Refused, second.Outcome);
        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        var credit = Assert.Single(await Answers.DeflectionsAsync(_h.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(("it.vpn-connect", "priya@contoso.example", 1L), (credit.AnswerId, credit.Author.Value, credit.Solved));
        Assert.Contains(_h.Gateway.TextsTo("dm:priya"), t => t.StartsWith($"Your answer to \"{VpnQuestion}\" solved a request", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DeflectionFault.BeforeCounting)]
    [InlineData(DeflectionFault.AfterCounting)]
    public async Task ThisSolvedIt_WhenTheTurnFailsAndIsRedelivered_CountsOnceAndNothingCanBeFiled(DeflectionFault fault)
    {
        var store = new FaultyAnswerStore(new MemoryAnswerStore(TimeProvider.System));
        var h = new EngineHarness(addModules: services => services.AddSingleton(Configured).AddSingleton<IAnswerStore>(store));
        var answers = h.Services.GetRequiredService<AnswerService>();
        await h.SayAsync(Maya, "vpn keeps failing to connect from home");
        var offer = h.LastCardIn(Dm(Maya).ConversationId);
        var solved = h.CardOf(offer).Items[0].Actions[0];
        store.FailNextDeflections(fault);

        await Assert.ThrowsAsync<TimeoutException>(() => h.ClickAsync(Maya, offer, solved, deliveryId: "click-1"));
        // Before the platform redelivers the click, she tries the other button: the draft is closed already.
        var stillNeedHelp = await h.ClickAsync(Maya, offer, "I still need help");
        var redelivered = await h.ClickAsync(Maya, offer, solved, deliveryId: "click-1");
        var clickedAgain = await h.ClickAsync(Maya, offer, solved);

        Assert.Equal((TurnOutcome.Refused, TurnOutcome.Handled, TurnOutcome.Refused), (stillNeedHelp.Outcome, redelivered.Outcome, clickedAgain.Outcome));
        Assert.Equal("Glad that solved it", h.CardOf(offer).Title);
        Assert.Empty(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        var credit = Assert.Single(await answers.DeflectionsAsync(h.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(("it.vpn-connect", 1L), (credit.AnswerId, credit.Solved));
    }

    [Fact]
    public async Task Ask_ThisSolvedItOnAnAnswerFound_CreditsTheAuthorOncePerQuestion()
    {
        await SeenAsync(Priya);
        await _h.SayAsync(Maya, "ask how do I connect to the vpn from home");
        var found = _h.LastCardIn(Dm(Maya).ConversationId);
        Assert.Equal("Answers that may help", _h.CardOf(found).Title);
        var solved = _h.CardOf(found).Items[0].Actions.Single(a => a.Title == "This solved it");

        var first = await _h.ClickAsync(Maya, found, solved);
        var second = await _h.ClickAsync(Maya, found, solved);
        await _h.DrainQueueAsync(AnswerService.CreditQueue);

        Assert.Equal((TurnOutcome.Handled, TurnOutcome.Refused), (first.Outcome, second.Outcome));
        Assert.Equal("Glad that solved it", _h.CardOf(found).Title);
        var credit = Assert.Single(await Answers.DeflectionsAsync(_h.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(("it.vpn-connect", 1L), (credit.AnswerId, credit.Solved));
        Assert.Contains(_h.Gateway.TextsTo("dm:priya"), t => t.StartsWith($"Your answer to \"{VpnQuestion}\" solved a request", StringComparison.Ordinal));
        Assert.Empty(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task AuthorNote_ForTwoRequestsTheSameDay_IsSentOnce()
    {
        await SeenAsync(Priya);
        foreach (var person in new[] { Maya, Tom })
        {
            await _h.SayAsync(person, "how do I connect to the vpn from home");
            var offer = _h.LastCardIn(Dm(person).ConversationId);
            await _h.ClickAsync(person, offer, _h.CardOf(offer).Items[0].Actions[0]);
        }
        await _h.DrainQueueAsync(AnswerService.CreditQueue);

        Assert.Single(_h.Gateway.TextsTo("dm:priya"), t => t.Contains("solved a request", StringComparison.Ordinal));
        Assert.Equal(2, await Answers.SolvedByAsync(new PersonId("priya@contoso.example"), _h.Clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task StillNeedHelp_ShowsTheConfirmationAndTheTicketNotesTheAnswerTried()
    {
        await _h.SayAsync(Maya, "vpn won't connect from home, GlobalProtect error 12");
        var offer = _h.LastCardIn(Dm(Maya).ConversationId);

        await _h.ClickAsync(Maya, offer, "I still need help");
        Assert.Equal("Here's your request", _h.CardOf(offer).Title);
        await _h.ClickAsync(Maya, offer, "Submit");

        var ticket = Assert.Single(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal($"Offered \"{VpnQuestion}\" (it.vpn-connect); it didn't solve it.", ticket.History[0].Note);
        var teamCard = _h.CardOf(ticket.TeamCards.Single());
        Assert.Contains(teamCard.Facts, f => f.Label == "Tried first" && f.Value.Contains("it.vpn-connect", StringComparison.Ordinal));
        Assert.Empty(await Answers.DeflectionsAsync(_h.Clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task NewRequest_LikeNoAnswer_GoesStraightToTheConfirmation()
    {
        await _h.SayAsync(Maya, "my laptop fan is very loud");

        Assert.Equal("Here's your request", _h.CardOf(_h.LastCardIn(Dm(Maya).ConversationId)).Title);
    }

    [Fact]
    public async Task SaveAsAnAnswer_OnAResolvedTicket_IsPrefilledAndOfferedToTheNextPersonWhoAsks()
    {
        var ticket = await ResolvedAsync(Maya, "My laptop can't see the printer on floor 4", "Power-cycled it; it prints again.");
        var teamCard = ticket.TeamCards.Single();
        var save = _h.CardOf(teamCard).Actions.Single(a => a.Title == "Save as an answer");
        Assert.Equal("My laptop can't see the printer on floor 4", save.Form!.Inputs.Single(i => i.Id == AnswerVerbs.Keys.Question).Value);
        Assert.Equal("Power-cycled it; it prints again.", save.Form.Inputs.Single(i => i.Id == AnswerVerbs.Keys.Text).Value);

        var result = await _h.ClickAsync(Alex, teamCard, save, Inputs("My laptop can't see a printer. What can I do?", "Add it again from Settings, Printers; it appears within a minute."));
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal("Saved as answer it.1. I'll offer it to people who ask something similar.", result.Notice);

        await _h.SayAsync(Tom, "my laptop can't see the printer");
        var offer = _h.CardOf(_h.LastCardIn(Dm(Tom).ConversationId));
        Assert.Equal("My laptop can't see a printer. What can I do?", offer.Items[0].Title);
        var answer = await Answers.FindAsync("it.1", CancellationToken.None);
        Assert.Equal((AnswerOrigin.SavedFromTicket, "alex@contoso.example", ticket.Number.ToString()), (answer!.Origin, answer.Author.Value, answer.FromTicket));
    }

    [Fact]
    public async Task SaveAsAnAnswer_BySomeoneNotOnTheTeam_IsRefused()
    {
        var ticket = await ResolvedAsync(Maya, "My laptop can't see the printer on floor 4", "Power-cycled it.");
        var save = _h.CardOf(ticket.TeamCards.Single()).Actions.Single(a => a.Title == "Save as an answer");

        var result = await _h.ClickAsync(Jordan, ticket.TeamCards.Single(), save, Inputs("Printer offline?", "Power-cycle it."));

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal("Only IT Support agents can save its answers.", result.Notice);
    }

    [Fact]
    public async Task SaveAsAnAnswer_ForAConfidentialTeam_NeverPrefillsTheRequestAndRefusesAQuote()
    {
        var h = new EngineHarness(hrChannelPrivate: true);
        var ticket = await h.FileAsync(Maya, "my payroll bank account changed to Northbank 12345678");
        await h.ClickAsync(Jordan, ticket.TeamCards.Single(), "Resolve", new Dictionary<string, string> { [Verbs.Keys.Note] = "Updated it in Workday for you." });
        var teamCard = ticket.TeamCards.Single();
        var save = h.CardOf(teamCard).Actions.Single(a => a.Title == "Save as an answer");
        Assert.Null(save.Form!.Inputs.Single(i => i.Id == AnswerVerbs.Keys.Question).Value);
        Assert.Equal("Updated it in Workday for you.", save.Form.Inputs.Single(i => i.Id == AnswerVerbs.Keys.Text).Value);

        var quoting = await h.ClickAsync(Jordan, teamCard, save, Inputs("My payroll bank account changed to Northbank 12345678", "Update it in Workday."));
        var general = await h.ClickAsync(Jordan, teamCard, save, Inputs("How do I change the bank account for my payroll?", "Update it in Workday: Pay, Payment Elections."));

        Assert.Equal(TurnOutcome.Refused, quoting.Outcome);
        Assert.StartsWith("question: People & HR requests are confidential", quoting.Notice);
        Assert.Equal(TurnOutcome.Handled, general.Outcome);
        var saved = await h.Services.GetRequiredService<AnswerService>().FindAsync("hr.1", CancellationToken.None);
        Assert.Equal((AnswerWording.General, (string?)null), (saved!.Wording, saved.FromTicket));
        await h.SayAsync(Tom, "how can I change my bank account for payroll");
        Assert.Equal("How do I change the bank account for my payroll?", h.CardOf(h.LastCardIn(Dm(Tom).ConversationId)).Items[0].Title);
    }

    [Fact]
    public async Task SaveAsAnAnswer_OnAConfidentialTicketsRedactedCard_CarriesNoText()
    {
        var h = new EngineHarness(hrChannelPrivate: false);
        var ticket = await h.FileAsync(Maya, "my payroll bank account changed to Northbank 12345678");
        await h.SayAsync(Jordan, $"status {ticket.Number}");
        var resolved = ticket with { Status = TicketStatus.Resolved, Resolution = "Changed it to Northbank 12345678." };

        var save = h.Cards.ForTeam(resolved, ChannelPrivacy.Open).Actions.Single(a => a.Title == "Save as an answer");

        Assert.All(save.Form!.Inputs, i => Assert.Null(i.Value));
    }

    [Fact]
    public void Offerable_ConfidentialTeamsAnswerThatQuotesARequest_IsNeverOffered()
    {
        var teams = new TeamDirectory(new ServiceTeamsOptions
        {
            Teams = [new ServiceTeamOptions { Id = "hr", Name = "People & HR", TicketPrefix = "HR", Description = "HR", Confidential = true }],
        });
        var answer = new Answer
        {
            Id = "hr.1", TeamId = "hr", Question = "q", Text = "a", Author = new PersonId("jordan@contoso.example"), AuthorName = "Jordan",
            CreatedAt = TestTime.Start, Origin = AnswerOrigin.SavedFromTicket,
        };

        Assert.True(AnswerRules.IsOfferable(answer, teams.Get("hr")));
        Assert.False(AnswerRules.IsOfferable(answer with { Wording = AnswerWording.QuotesRequest }, teams.Get("hr")));
        Assert.False(AnswerRules.IsOfferable(answer with { State = AnswerState.Retired }, teams.Get("hr")));
    }

    [Fact]
    public async Task Ask_FindsTheAnswerForAnyone_AndSaysSoWhenNothingFits()
    {
        await _h.SayAsync(Tom, "ask how do I get on the vpn from home");
        await _h.SayAsync(Tom, "ask what's for lunch");

        var found = _h.CardOf(_h.LastCardIn(Dm(Tom).ConversationId));
        Assert.Equal(VpnQuestion, Assert.Single(found.Items).Title);
        Assert.Contains(_h.Gateway.TextsTo(Dm(Tom).ConversationId), t => t.StartsWith("I have no saved answer for that.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_ListsTheTeamsAnswersForItsAgentsOnly()
    {
        await _h.SayAsync(Alex, "answers");
        await _h.SayAsync(Tom, "answers");

        var list = _h.CardOf(_h.LastCardIn(Dm(Alex).ConversationId));
        Assert.Equal("IT Support answers", list.Title);
        Assert.StartsWith("it.vpn-connect · ", Assert.Single(list.Items).Title);
        Assert.DoesNotContain(_h.Gateway.SentTo(Dm(Tom).ConversationId), m => m.Card?.Title == "IT Support answers");
    }

    [Fact]
    public async Task AnswerEdit_ChangesTheConfiguredAnswerAndRetireStopsOfferingIt()
    {
        await _h.SayAsync(Priya, "answer edit it.vpn-connect");
        var card = _h.LastCardIn(Dm(Priya).ConversationId);
        var edit = _h.CardOf(card).Actions.Single(a => a.Title == "Edit");
        Assert.Equal(VpnAnswer, edit.Form!.Inputs.Single(i => i.Id == AnswerVerbs.Keys.Text).Value);

        var edited = await _h.ClickAsync(Priya, card, edit, Inputs(VpnQuestion, "Use the new Always-On VPN: it connects by itself."));
        Assert.Equal("Saved your changes to it.vpn-connect.", edited.Notice);
        await _h.SayAsync(Maya, "vpn from home isn't connecting");
        Assert.Equal("Use the new Always-On VPN: it connects by itself.", _h.CardOf(_h.LastCardIn(Dm(Maya).ConversationId)).Items[0].Detail);

        await _h.SayAsync(Alex, "answer retire it.vpn-connect");
        Assert.Contains("Retired it.vpn-connect: it is no longer offered.", _h.Gateway.TextsTo(Dm(Alex).ConversationId));
        await _h.SayAsync(Tom, "vpn from home isn't connecting");
        Assert.Equal("Here's your request", _h.CardOf(_h.LastCardIn(Dm(Tom).ConversationId)).Title);
    }

    [Fact]
    public async Task AnswerRetire_BySomeoneOfAnotherTeam_ChangesNothing()
    {
        await _h.SayAsync(Jordan, "answer retire it.vpn-connect");

        Assert.Contains(_h.Gateway.TextsTo(Dm(Jordan).ConversationId), t => t.StartsWith("There is no answer it.vpn-connect of a team you work for.", StringComparison.Ordinal));
        Assert.Equal(AnswerState.Active, (await Answers.FindAsync("it.vpn-connect", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task KudosStats_ShowTheRequestsTheAuthorsAnswersSolvedThisMonth()
    {
        await _h.SayAsync(Maya, "how do I connect to the vpn from home");
        var offer = _h.LastCardIn(Dm(Maya).ConversationId);
        await _h.ClickAsync(Maya, offer, _h.CardOf(offer).Items[0].Actions[0]);

        await _h.SayAsync(Priya, "kudos stats");

        Assert.Contains(_h.Gateway.TextsTo(Dm(Priya).ConversationId), t => t.EndsWith("Your answers solved 1 request this month.", StringComparison.Ordinal));
    }

    private async Task<Ticket> ResolvedAsync(PersonRef requester, string text, string resolution)
    {
        var ticket = await _h.FileAsync(requester, text);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", new Dictionary<string, string> { [Verbs.Keys.Note] = resolution });
        return await _h.ReloadAsync(ticket);
    }

    private Task SeenAsync(PersonRef person) =>
        _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(person), CancellationToken.None);

    private static Dictionary<string, string> Inputs(string question, string text) =>
        new() { [AnswerVerbs.Keys.Question] = question, [AnswerVerbs.Keys.Text] = text };
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class ConfidentialityTests
{
    private const string Request = "Please update my bank details for payroll, new IBAN DE89370400440532013000";

    [Fact]
    public async Task ConfidentialTicket_InAnOpenChannel_ShowsRequesterNumberAndStatusButNeverTheText()
    {
        var h = new EngineHarness();

        var ticket = await h.FileAsync(Maya, Request);

        Assert.Equal(Confidentiality.Confidential, ticket.Confidentiality);
        var card = h.CardOf(ticket.TeamCards.Single());
        Assert.Equal("HR-1001 · Confidential People & HR request", card.Title);
        Assert.Contains(card.Facts, f => f is { Label: "Requester", Value: "Maya Patel" });
        Assert.Contains(card.Facts, f => f is { Label: "Status", Value: "New" });
        var everythingInChannel = string.Join("\n", h.Gateway.SentTo("team:hr").Concat(h.Gateway.Updates.Where(u => u.Ref.Address.ConversationId == "team:hr").Select(u => u.Message))
            .Select(m => System.Text.Json.JsonSerializer.Serialize(m)));
        Assert.DoesNotContain("IBAN", everythingInChannel);
        Assert.DoesNotContain("bank details", everythingInChannel);
    }

    [Fact]
    public async Task ConfidentialTicket_AddedInfo_IsNotRelayedToAnOpenChannel()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Maya, "add info HR-1001 my old account closes Friday");

        Assert.DoesNotContain(h.Gateway.TextsTo("team:hr"), t => t.Contains("closes Friday"));
        Assert.Contains(h.Gateway.TextsTo("team:hr"), t => t.Contains("added information to HR-1001 (hidden here: confidential)"));
    }

    [Fact]
    public async Task ConfidentialTicket_InAPrivateChannel_ShowsTheText()
    {
        var h = new EngineHarness(hrChannelPrivate: true);

        var ticket = await h.FileAsync(Maya, Request);

        var card = h.CardOf(ticket.TeamCards.Single());
        Assert.Contains("IBAN", card.Text);
    }

    [Fact]
    public async Task ConfidentialTicket_AgentReadsDetailsInDirectChat()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Jordan, "status HR-1001");

        var card = h.CardOf(h.LastCardIn("dm:jordan"));
        Assert.Contains("IBAN", card.Text);
        Assert.Contains("Assign to me", card.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task MyRequests_InAChannel_HidesConfidentialSummaries()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Maya, "my requests", TeamChannel("it"));

        var answer = h.Gateway.SentTo("team:it").Single(m => m.Text is not null);
        Assert.Contains("HR-1001 · Confidential request", answer.Text);
        Assert.Equal(Maya, answer.VisibleTo);
    }

    [Fact]
    public async Task ConfidentialTeam_ChosenForARequestStartedInAChannel_IsRefusedAndNothingIsFiled()
    {
        var h = new EngineHarness();
        await h.SayAsync(Maya, "A question about my salary review", TeamChannel("it"));
        var choice = h.LastCardIn("team:it");

        var result = await h.ClickAsync(Maya, choice, "Continue", new Dictionary<string, string> { ["team"] = "hr" });

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Contains("confidential", result.Notice);
        Assert.Empty(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task ConfidentialTeam_TypedInAChannel_IsRefused()
    {
        var h = new EngineHarness();
        await h.SayAsync(Maya, "A question about my salary review", TeamChannel("it"));

        await h.SayAsync(Maya, "hr", TeamChannel("it"));

        var refusal = h.Gateway.SentTo("team:it").Single(m => m.Text?.Contains("People & HR requests are confidential") == true);
        Assert.Equal(Maya, refusal.VisibleTo);
        Assert.DoesNotContain(h.Gateway.SentTo("team:it"), m => m.Card?.Title == "Here's your request");
    }

    [Fact]
    public async Task ConfidentialTeam_FiledFromAFormInAChannel_IsRefused()
    {
        var h = new EngineHarness();

        var result = await h.Engine.HandleAsync(new Turn("f-hr", Maya, TeamChannel("it"), ConversationScope.Channel, null,
            new TurnAction(Verbs.RequestFile, new Dictionary<string, string> { ["team"] = "hr", ["summary"] = "Salary question" }), h.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.StartsWith("team:", result.Notice);
        Assert.Empty(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
    }

    [Fact]
    public async Task TicketMovedToAConfidentialTeam_FromAChannelRequest_TellsTheRequesterThereNoDetails()
    {
        var h = new EngineHarness();
        var channel = TeamChannel("facilities");
        await h.SayAsync(Maya, "My screen shows someone else's pay details", channel);
        var confirmation = h.LastCardIn("team:facilities");
        await h.ClickAsync(Maya, confirmation, "Continue", new Dictionary<string, string> { ["team"] = "it" });
        await h.ClickAsync(Maya, confirmation, "Submit");
        var ticket = (await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Single();
        await h.ClickAsync(Alex, ticket.TeamCards.Single(), "Move to another team", new Dictionary<string, string> { ["team"] = "hr" });
        ticket = await h.ReloadAsync(ticket);

        await h.ClickAsync(Jordan, ticket.TeamCards.Single(), "Resolve", new Dictionary<string, string> { ["note"] = "SECRET-RESOLUTION new IBAN on file" });

        var inChannel = string.Join("\n", h.Gateway.SentTo("team:facilities").Concat(h.Gateway.Updates.Where(u => u.Ref.Address.ConversationId == "team:facilities").Select(u => u.Message))
            .Select(m => System.Text.Json.JsonSerializer.Serialize(m)));
        Assert.DoesNotContain("SECRET-RESOLUTION", inChannel);
        // She hears it is resolved, with the resolution, where only she reads it: her direct chat.
        Assert.Contains("SECRET-RESOLUTION", h.CardOf(h.LastCardIn("dm:maya")).Text);
    }

    [Fact]
    public async Task PrivateChannelOfAnotherTeam_NeverShowsConfidentialText()
    {
        var h = new EngineHarness();
        var itPrivate = new ConversationAddress(TestPlatforms.Playground, "channel:it-private");
        await h.SayAsync(Alex, "link it private", itPrivate);
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Jordan, "status HR-1001", itPrivate);

        var card = h.Gateway.SentTo("channel:it-private").Single(m => m.Card is not null).Card!;
        Assert.Equal("HR-1001 · Confidential People & HR request", card.Title);
        Assert.DoesNotContain("IBAN", System.Text.Json.JsonSerializer.Serialize(h.Gateway.SentTo("channel:it-private").ToList()));
    }

    [Fact]
    public async Task Link_OfAChannelConfiguredForAnotherTeam_IsRefused_AndConfidentialCardsStayOut()
    {
        var h = new EngineHarness();

        await h.SayAsync(Alex, "link hr private", TeamChannel("it"));
        await h.FileAsync(Maya, Request);

        Assert.Contains(h.Gateway.TextsTo("team:it"), t => t.StartsWith("This channel is configured for IT Support"));
        Assert.DoesNotContain(h.Gateway.SentTo("team:it"), m => m.Card?.Title.StartsWith("HR-") == true);
    }

    [Theory]
    [InlineData("status HR-1001")]
    [InlineData("HR-1001")]
    [InlineData("cancel HR-1001")]
    [InlineData("add info HR-1001 please call me back")]
    [InlineData("reopen HR-1001")]
    public async Task Stranger_AskingAboutSomeonesHrTicket_GetsTheUnknownTicketAnswer_NamingNoOne(string command)
    {
        var h = new EngineHarness();
        var ticket = await h.FileAsync(Maya, Request);

        await h.SayAsync(Tom, command);
        await h.SayAsync(Tom, command.Replace("HR-1001", "HR-1999"));

        var answers = h.Gateway.TextsTo("dm:tom").ToList();
        Assert.Equal([TicketDisclosure.Unknown(ticket.Number), TicketDisclosure.Unknown(new TicketNumber("HR", 1999))], answers);
        Assert.Equal(answers[0], answers[1].Replace("HR-1999", "HR-1001"));
        Assert.DoesNotContain("Maya", answers[0]);
        Assert.Equal(ticket.Version, (await h.ReloadAsync(ticket)).Version);
    }

    [Fact]
    public async Task AgentOfAnotherTeam_AskingAboutAnHrTicket_GetsTheUnknownTicketAnswer()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Alex, "status HR-1001");

        Assert.Equal(["I can't find HR-1001. \"my requests\" lists yours."], h.Gateway.TextsTo("dm:alex"));
    }

    [Fact]
    public async Task Stranger_SendingATicketButtonFromElsewhere_IsRefusedAsIfTheTicketDidNotExist()
    {
        var h = new EngineHarness();
        var ticket = await h.FileAsync(Maya, Request);
        var elsewhere = new MessageRef(Dm(Tom), "msg-of-toms-own");

        var result = await h.Engine.HandleAsync(new Turn("forged", Tom, Dm(Tom), ConversationScope.Personal, null,
            new TurnAction(Verbs.Cancel, new Dictionary<string, string> { [Verbs.Keys.Ticket] = "HR-1001" }), h.Clock.GetUtcNow(), elsewhere), CancellationToken.None);

        Assert.Equal((TurnOutcome.Refused, TicketDisclosure.Unknown(ticket.Number)), (result.Outcome, result.Notice));
        Assert.Null(result.ReplacementCard);
        Assert.Equal(TicketStatus.New, (await h.ReloadAsync(ticket)).Status);
    }

    [Fact]
    public async Task SomeoneLookingAtTheTeamCard_IsToldWhoMayActOnIt()
    {
        var h = new EngineHarness();
        var ticket = await h.FileAsync(Maya, Request);

        var result = await h.ClickAsync(Tom, ticket.TeamCards.Single(), "Assign to me");

        Assert.Equal("Only People & HR agents can do that.", result.Notice);
    }
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Requests;

public sealed class ConversationContextTests
{
    private readonly EngineHarness _h = new();

    private static Dictionary<string, string> Note(string text) => new() { [Verbs.Keys.Note] = text };

    private async Task<Ticket> WaitingAsync(string text = "My VPN drops every call", string question = "Which VPN client version do you have?") =>
        await AskAsync(await _h.FileAsync(text: text), question);

    private async Task<Ticket> AskAsync(Ticket ticket, string question)
    {
        var agent = ticket.TeamId == "it" ? Alex : new PersonRef(TestPlatforms.Playground, "chris", "Chris Novak", "chris@contoso.example");
        await _h.ClickAsync(agent, ticket.TeamCards.Single(), "Assign to me");
        var card = ticket.TeamCards.Single();
        var wait = _h.CardOf(card).Actions.Single(a => a.Verb == Verbs.WaitOnRequester);
        await _h.ClickAsync(agent, card, wait, Note(question));
        return await _h.ReloadAsync(ticket);
    }

    private async Task<(Ticket Vpn, Ticket Ac)> TwoWaitingAsync()
    {
        var vpn = await _h.FileAsync();
        var ac = await _h.FileAsync(text: "The air conditioning is broken on floor 3");
        vpn = await AskAsync(vpn, "Which VPN client version do you have?");
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        return (vpn, await AskAsync(ac, "Which room?"));
    }

    private int DraftCards() => _h.Gateway.Sent.Count(s => s.Message.Card?.Title == "Here's your request");

    [Fact]
    public async Task AgentQuestion_ReachesTheRequesterWithAReplyButton_AndInTheTeamThread()
    {
        var ticket = await WaitingAsync();

        var question = _h.LastCardIn("dm:maya");
        var card = _h.CardOf(question);
        Assert.Contains("Alex Kim asks: Which VPN client version do you have?", card.Text);
        var reply = Assert.Single(card.Actions);
        Assert.Equal(("Reply", Verbs.AddInfo), (reply.Title, reply.Verb));
        Assert.Contains(_h.Gateway.TextsTo("team:it"), t => t == "Alex Kim asked Maya Patel: Which VPN client version do you have?");

        await _h.ClickAsync(Maya, question, reply, Note("5.2 on Windows"));
        Assert.Equal("5.2 on Windows", (await _h.ReloadAsync(ticket)).History[^1].Note);
    }

    [Fact]
    public async Task PlainAnswer_WhileOneRequestWaits_LandsOnThatRequest_NotANewOne()
    {
        var ticket = await WaitingAsync();
        var drafts = DraftCards();

        await _h.SayAsync(Maya, "Version 5.2, and it only happens on Wi-Fi");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.Equal((TicketEventKind.InfoAdded, "Version 5.2, and it only happens on Wi-Fi"), (ticket.History[^1].Kind, ticket.History[^1].Note));
        Assert.Equal(drafts, DraftCards());
        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t == "Added to IT-1001; the team has been told.");
        Assert.Contains(_h.Gateway.TextsTo("team:it"), t => t == "Maya Patel added information to IT-1001:\nVersion 5.2, and it only happens on Wi-Fi");
    }

    [Fact]
    public async Task PlainAnswer_WhileSeveralWait_AsksWhich_AndAddsItToTheOneChosen()
    {
        var (vpn, ac) = await TwoWaitingAsync();
        Assert.Equal("FAC-1001", ac.Number.ToString());
        var drafts = DraftCards();

        await _h.SayAsync(Maya, "Room 3.14, near the window");

        var which = _h.LastCardIn("dm:maya");
        var card = _h.CardOf(which);
        Assert.Equal("Which request is this about?", card.Title);
        Assert.Equal(["FAC-1001 · The air conditioning is broken on floor…", "IT-1001 · My VPN drops every call", "A new request"], card.Actions.Select(a => a.Title));
        Assert.Equal(drafts, DraftCards());

        var chosen = await _h.ClickAsync(Maya, which, "FAC-1001 · The air conditioning is broken on floor…");

        Assert.Equal("Room 3.14, near the window", (await _h.ReloadAsync(ac)).History[^1].Note);
        Assert.Equal(TicketStatus.WaitingOnRequester, (await _h.ReloadAsync(vpn)).Status);
        Assert.Equal("Added to FAC-1001.", chosen.ReplacementCard!.Subtitle);
        var again = await _h.ClickAsync(Maya, which, new CardAction("IT", Verbs.ReplyToTicket,
            new Dictionary<string, string> { [Verbs.Keys.Ticket] = "IT-1001", [Verbs.Keys.Reply] = card.Actions[0].Data[Verbs.Keys.Reply] }));
        Assert.Equal(TurnOutcome.Refused, again.Outcome);
    }

    [Fact]
    public async Task PlainMessage_WhileSeveralWait_CanStillBeANewRequest()
    {
        await TwoWaitingAsync();
        await _h.SayAsync(Maya, "my laptop won't start");
        var which = _h.LastCardIn("dm:maya");

        await _h.ClickAsync(Maya, which, "A new request");

        var confirmation = _h.CardOf(_h.LastCardIn("dm:maya"));
        Assert.Equal(("Here's your request", "my laptop won't start"), (confirmation.Title, confirmation.Text));
    }

    [Fact]
    public async Task NewRequestForAnotherTeam_WhileOneWaits_AsksWhetherItIsTheAnswer()
    {
        var vpn = await WaitingAsync();

        await _h.SayAsync(Maya, "The air conditioning is broken on floor 3");

        var which = _h.CardOf(_h.LastCardIn("dm:maya"));
        Assert.Equal(["IT-1001 · My VPN drops every call", "A new request"], which.Actions.Select(a => a.Title));
        Assert.Equal(TicketStatus.WaitingOnRequester, (await _h.ReloadAsync(vpn)).Status);
    }

    [Theory]
    [InlineData("thanks", "You're welcome!")]
    [InlineData("Thank you so much!", "You're welcome!")]
    [InlineData("🙏", "You're welcome!")]
    [InlineData("ok", "Great. I'm here if you need anything else.")]
    [InlineData("👍🏽", "Great. I'm here if you need anything else.")]
    [InlineData("Good morning", "Hi Maya! Tell me what you need in your own words, like \"my VPN drops every call\", or write \"help\".")]
    public async Task SmallTalk_GetsAShortFriendlyAnswer_NeverTheRequestForm(string text, string answer)
    {
        await _h.SayAsync(Maya, text);

        Assert.Equal([answer], _h.Gateway.TextsTo("dm:maya"));
        Assert.Equal(0, DraftCards());
    }

    [Fact]
    public async Task Thanks_WhileARequestWaits_RemindsWhichOneWaits()
    {
        await WaitingAsync();

        await _h.SayAsync(Maya, "thanks!");

        Assert.Equal("You're welcome! IT-1001 waits on your answer: just reply here when you have it.", _h.Gateway.TextsTo("dm:maya").Last());
    }

    [Theory]
    [InlineData("thanks", SmallTalkKind.Thanks)]
    [InlineData("ok thanks", SmallTalkKind.Thanks)]
    [InlineData("thx for the help!", SmallTalkKind.Thanks)]
    [InlineData("hello there", SmallTalkKind.Greeting)]
    [InlineData("hey team", SmallTalkKind.Greeting)]
    [InlineData("got it", SmallTalkKind.Acknowledgement)]
    [InlineData("sounds good 👌", SmallTalkKind.Acknowledgement)]
    [InlineData("👍", SmallTalkKind.Acknowledgement)]
    [InlineData("❤️", SmallTalkKind.Thanks)]
    [InlineData("hi, my laptop is broken", null)]
    [InlineData("thanks but the printer still jams", null)]
    [InlineData("ok so the VPN drops again", null)]
    [InlineData("🔥", null)]
    [InlineData("", null)]
    [InlineData("привет", null)]
    public void Classify_KnowsSmallTalkOnlyWhenEveryWordIsSmallTalk(string text, SmallTalkKind? kind) =>
        Assert.Equal(kind, SmallTalkText.Classify(text));

    [Fact]
    public async Task Start_IsPostedInTheTeamThread()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");

        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "In progress");

        Assert.Contains(_h.Gateway.TextsTo("team:it"), t => t == "Alex Kim started work on IT-1001.");
    }

    [Fact]
    public async Task Move_WithAReason_TellsTheOldTeamsThread_AndShowsOnTheNewTeamsCard()
    {
        var ticket = await _h.FileAsync(text: "The air conditioning in my laptop bag is broken");
        var card = ticket.TeamCards.Single();

        await _h.ClickAsync(Alex, card, "Move to another team", new Dictionary<string, string> { [Verbs.Keys.Team] = "facilities", [Verbs.Keys.Note] = "Building issue, not IT" });

        ticket = await _h.ReloadAsync(ticket);
        Assert.Contains(_h.Gateway.Sent, s => s.Message.To.ConversationId == "team:it" && s.Message.To.ThreadId == card.Address.ThreadId &&
                                              s.Message.Text == "Alex Kim moved IT-1001 to Workplace & Facilities: Building issue, not IT");
        var moved = _h.CardOf(ticket.TeamCards.Single()).Facts.Single(f => f.Label == "Moved from");
        Assert.Equal("IT Support by Alex Kim: Building issue, not IT", moved.Value);
    }

    [Fact]
    public async Task TakeOver_TellsThePreviousAssignee()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Assign to me");

        await _h.ClickAsync(Priya, ticket.TeamCards.Single(), "Assign to someone", new Dictionary<string, string> { [Verbs.Keys.Assignee] = "priya@contoso.example" });

        Assert.Contains(_h.Gateway.TextsTo("dm:alex"), t => t == "Priya Nair took over IT-1001 from you.");
    }

    [Fact]
    public async Task Reopen_FromTheRequestersCard_AsksWhy()
    {
        var ticket = await _h.FileAsync(Tom);
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Note("Done"));

        var reopen = _h.CardOf(ticket.RequesterCard!).Actions.Single(a => a.Title == "Reopen");

        Assert.Equal(InputRequirement.Required, Assert.Single(reopen.Form!.Inputs).Requirement);
    }
}

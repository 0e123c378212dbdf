using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class CommandTests
{
    private readonly EngineHarness _h = new();

    private CommandMatcher Matcher => _h.Services.GetRequiredService<CommandMatcher>();

    [Theory]
    [InlineData("help", HelpModule.ShowIntent, null, null)]
    [InlineData("  Hello! ", HelpModule.ShowIntent, null, null)]
    [InlineData("/help", HelpModule.ShowIntent, null, null)]
    [InlineData("my requests", RequestIntents.Mine, null, null)]
    [InlineData("status it-1001", RequestIntents.Status, "IT-1001", null)]
    [InlineData("IT-1001", RequestIntents.Status, "IT-1001", null)]
    [InlineData("what's the status of IT-1001?", RequestIntents.Status, "IT-1001", null)]
    [InlineData("cancel HR-1002", Verbs.Cancel, "HR-1002", null)]
    [InlineData("reopen FAC-1003 still broken", Verbs.Reopen, "FAC-1003", "still broken")]
    [InlineData("add info IT-1001: it happens on Wi-Fi only", Verbs.AddInfo, "IT-1001", "it happens on Wi-Fi only")]
    [InlineData("cancel", RequestIntents.DropDraft, null, null)]
    public void Match_RecognisesCommands(string text, string intent, string? ticket, string? note)
    {
        var command = Matcher.Match(text);

        Assert.NotNull(command);
        Assert.Equal(intent, command.Name);
        Assert.Equal(ticket, command.Get(Verbs.Keys.Ticket));
        Assert.Equal(note, command.Get(Verbs.Keys.Note));
    }

    [Theory]
    [InlineData("link it private", "it", "private")]
    [InlineData("link People & HR", "hr", null)]
    public void Match_Link_ReadsTheTeamAndThePrivateWord(string text, string team, string? isPrivate)
    {
        var command = Matcher.Match(text);

        Assert.Equal(RequestIntents.LinkChannel, command?.Name);
        Assert.Equal(team, command?.Get(Verbs.Keys.Team));
        Assert.Equal(isPrivate, command?.Get(LinkChannelHandler.PrivateWord));
    }

    [Theory]
    [InlineData("my VPN drops every call")]
    [InlineData("I need help with my laptop")]
    [InlineData("my laptop fails to install update KB-5034441")]
    [InlineData("KB-5034441")]
    [InlineData("HP-4050")]
    [InlineData("COVID-19")]
    [InlineData("status HP-4050")]
    [InlineData("cancel my meeting room booking for Friday")]
    [InlineData("link my calendar to Outlook")]
    [InlineData("help me reset my password")]
    public void Match_TextThatIsNoCommandAsAWhole_IsNoCommand(string text)
    {
        Assert.Null(Matcher.Match(text));
    }

    [Theory]
    [InlineData("my laptop fails to install update KB-5034441")]
    [InlineData("HP-4050")]
    [InlineData("COVID-19")]
    public async Task Request_WithATicketShapedWordOfNoTeam_IsFiled(string text)
    {
        await _h.SayAsync(Maya, text);
        var card = _h.LastCardIn("dm:maya");
        if (_h.CardOf(card).Title == "Which team should handle this?")
            await _h.ClickAsync(Maya, card, "Continue", new Dictionary<string, string> { [Verbs.Keys.Team] = "it" });
        await _h.ClickAsync(Maya, card, "Submit");

        var ticket = Assert.Single(await _h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal(text, ticket.Details);
        Assert.DoesNotContain(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("I can't find"));
    }

    [Fact]
    public async Task Help_ListsCommandsAndTeams()
    {
        await _h.SayAsync(Maya, "help");

        var help = _h.Gateway.TextsTo("dm:maya").Single();
        Assert.Contains("my requests", help);
        Assert.Contains("IT Support", help);
        Assert.Contains("People & HR", help);
    }

    [Fact]
    public async Task MyRequests_ListsOpenAndRecentlyClosed()
    {
        var vpn = await _h.FileAsync();
        await _h.FileAsync(Maya, "My laptop won't charge");
        await _h.ClickAsync(Alex, vpn.TeamCards.Single(), "Resolve", new Dictionary<string, string> { ["note"] = "Fixed" });

        await _h.SayAsync(Maya, "my requests");

        var list = _h.Gateway.TextsTo("dm:maya").Last();
        Assert.Contains("Your open requests (1):", list);
        Assert.Contains("IT-1002 · My laptop won't charge — New (IT Support)", list);
        Assert.Contains("Recently closed:", list);
        Assert.Contains("IT-1001 · My VPN drops every call — Resolved (IT Support, Alex Kim)", list);
    }

    [Fact]
    public async Task MyRequests_WithNone_SaysHowToStart()
    {
        await _h.SayAsync(Tom, "my requests");

        Assert.StartsWith("You have no requests yet.", _h.Gateway.TextsTo("dm:tom").Single());
    }

    [Fact]
    public async Task Status_ShowsTheRequesterTheirCard_AndRefusesStrangers()
    {
        await _h.FileAsync();

        await _h.SayAsync(Maya, "status IT-1001");
        await _h.SayAsync(Tom, "status IT-1001");

        Assert.Equal("IT-1001 · My VPN drops every call", _h.CardOf(_h.LastCardIn("dm:maya")).Title);
        Assert.Equal(["I can't find IT-1001. \"my requests\" lists yours."], _h.Gateway.TextsTo("dm:tom"));
    }

    [Fact]
    public async Task Status_OfAnUnknownNumber_SaysSo()
    {
        await _h.SayAsync(Maya, "status IT-9999");

        Assert.StartsWith("I can't find IT-9999.", _h.Gateway.TextsTo("dm:maya").Single());
    }

    [Fact]
    public async Task Cancel_ByTheRequester_CancelsAndUpdatesTheTeamCard()
    {
        var ticket = await _h.FileAsync();

        await _h.SayAsync(Maya, "cancel IT-1001");

        ticket = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.Cancelled, ticket.Status);
        Assert.Empty(_h.CardOf(ticket.TeamCards.Single()).Actions);
        Assert.Contains("IT-1001 is cancelled. Nothing more will happen with it.", _h.Gateway.TextsTo("dm:maya"));
    }

    [Fact]
    public async Task Cancel_BySomeoneElse_IsRefusedAsIfTheTicketDidNotExist()
    {
        var ticket = await _h.FileAsync();

        await _h.SayAsync(Tom, "cancel IT-1001");

        Assert.Equal(TicketStatus.New, (await _h.ReloadAsync(ticket)).Status);
        Assert.Equal(["I can't find IT-1001. \"my requests\" lists yours."], _h.Gateway.TextsTo("dm:tom"));
    }

    [Fact]
    public async Task Cancel_ByAnAgentOfTheTeam_IsRefusedNamingNoOne()
    {
        var ticket = await _h.FileAsync();

        await _h.SayAsync(Alex, "cancel IT-1001");

        Assert.Equal(TicketStatus.New, (await _h.ReloadAsync(ticket)).Status);
        Assert.Equal(["Only the person who filed IT-1001 can do that."], _h.Gateway.TextsTo("dm:alex"));
    }

    [Fact]
    public async Task AddInfo_WithoutText_ExplainsTheFormat()
    {
        await _h.FileAsync();

        await _h.SayAsync(Maya, "add info IT-1001");

        Assert.Contains(_h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Write what you want to add"));
    }

    [Fact]
    public async Task Link_ByAnAdmin_PostsTheTeamsNextTicketsInThatChannel()
    {
        var channel = new ConversationAddress(TestPlatforms.Playground, "channel:it-helpdesk");

        await _h.SayAsync(Alex, "link it", channel);
        var ticket = await _h.FileAsync();

        Assert.Contains(_h.Gateway.TextsTo("channel:it-helpdesk"), t => t.StartsWith("Linked this channel to IT Support."));
        Assert.Equal(["team:it", "channel:it-helpdesk"], ticket.TeamCards.Select(c => c.Address.ConversationId));
    }

    [Fact]
    public async Task Link_BySomeoneWhoIsNotAnAdmin_IsRefused()
    {
        var channel = new ConversationAddress(TestPlatforms.Playground, "channel:random");

        await _h.SayAsync(Maya, "link it", channel);
        var ticket = await _h.FileAsync();

        Assert.Contains(_h.Gateway.TextsTo("channel:random"), t => t.StartsWith("Only Switchboard admins can do that."));
        Assert.Equal(["team:it"], ticket.TeamCards.Select(c => c.Address.ConversationId));
    }

    [Fact]
    public async Task Status_WithArabicIndicDigits_ReadsTheNumber()
    {
        await _h.FileAsync();

        await _h.SayAsync(Maya, "status IT-١٠٠١");

        Assert.Equal("IT-1001 · My VPN drops every call", _h.CardOf(_h.LastCardIn("dm:maya")).Title);
    }

    [Theory]
    [InlineData("status IT-١٠٠٢")]
    [InlineData("status IT-१००२")]
    [InlineData("IT-１００２")]
    [InlineData("cancel IT-٠٠١٠٠٢")]
    public async Task Command_WithDigitsOfAnotherScript_GetsAFriendlyAnswer(string text)
    {
        await _h.SayAsync(Maya, text);

        Assert.Equal(["I can't find IT-1002. \"my requests\" lists yours."], _h.Gateway.TextsTo("dm:maya"));
    }

    [Fact]
    public async Task Button_CarryingDigitsOfAnotherScript_ActsOnTheTicket()
    {
        var ticket = await _h.FileAsync();
        var button = new CardAction("Assign to me", Verbs.AssignToMe, new Dictionary<string, string> { [Verbs.Keys.Ticket] = "IT-١٠٠١" });

        var result = await _h.ClickAsync(Alex, ticket.TeamCards.Single(), button);

        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal("Alex Kim", (await _h.ReloadAsync(ticket)).Assignee?.Name);
    }

    [Theory]
    [InlineData("IT-1001", "IT-1001")]
    [InlineData(" it-01001 ", "IT-1001")]
    [InlineData("HR-١٠٠١", "HR-1001")]
    [InlineData("FAC-９", "FAC-9")]
    [InlineData("IT-999999999999", "IT-999999999999")]
    [InlineData("IT-9999999999999", null)]
    [InlineData("IT-1001x", null)]
    [InlineData("see IT-1001", null)]
    [InlineData("IT-", null)]
    [InlineData("Ⅻ-12", null)]
    [InlineData("IT-Ⅻ", null)]
    public void TicketNumber_TryParse_ReadsAWholeNumberInAnyScriptWithoutThrowing(string text, string? expected)
    {
        Assert.Equal(expected, TicketNumber.TryParse(text, out var number) ? number.Value.ToString() : null);
    }
}

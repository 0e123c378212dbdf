using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Tests.Fakes;
using static Switchboard.Core.Tests.Fakes.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class CommandTests
{
    private readonly EngineHarness _h = new();

    [Theory]
    [InlineData("help", CommandKind.Help, null, null)]
    [InlineData("  Hello! ", CommandKind.Help, null, null)]
    [InlineData("my requests", CommandKind.MyRequests, null, null)]
    [InlineData("status it-1001", CommandKind.Status, "IT-1001", null)]
    [InlineData("IT-1001", CommandKind.Status, "IT-1001", null)]
    [InlineData("cancel HR-1002", CommandKind.Cancel, "HR-1002", null)]
    [InlineData("reopen FAC-1003 still broken", CommandKind.Reopen, "FAC-1003", "still broken")]
    [InlineData("add info IT-1001: it happens on Wi-Fi only", CommandKind.AddInfo, "IT-1001", "it happens on Wi-Fi only")]
    [InlineData("link it private", CommandKind.Link, null, "it private")]
    [InlineData("cancel", CommandKind.CancelDraft, null, null)]
    [InlineData("my VPN drops every call", CommandKind.None, null, null)]
    [InlineData("I need help with my laptop", CommandKind.None, null, null)]
    public void Parse_RecognisesCommands(string text, CommandKind kind, string? ticket, string? argument)
    {
        var command = Command.Parse(text);

        Assert.Equal(kind, command.Kind);
        Assert.Equal(ticket, command.Ticket?.ToString());
        Assert.Equal(argument, command.Argument);
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
        Assert.Contains("Only the person who filed IT-1001 and IT Support agents can see it.", _h.Gateway.TextsTo("dm:tom"));
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
    public async Task Cancel_BySomeoneElse_IsRefused()
    {
        var ticket = await _h.FileAsync();

        await _h.SayAsync(Tom, "cancel IT-1001");

        Assert.Equal(TicketStatus.New, (await _h.ReloadAsync(ticket)).Status);
        Assert.Contains("Only Maya Patel, who filed IT-1001, can do that.", _h.Gateway.TextsTo("dm:tom"));
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

        Assert.Contains(_h.Gateway.TextsTo("channel:random"), t => t.StartsWith("Only Switchboard admins can link channels."));
        Assert.Equal(["team:it"], ticket.TeamCards.Select(c => c.Address.ConversationId));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Host.Playground;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// A requester on one platform, a team on another: the team card goes to the team's platform and news goes
/// back to the requester's. Here the other platform is the playground (acting through the engine, as the
/// playground page does); <see cref="SlackTeamsCrossPlatformTests"/> does the same with Teams.
/// </summary>
public sealed class SlackCrossPlatformTests : IAsyncLifetime
{
    private static readonly PersonRef HrAgent = new(PlaygroundPlatform.Id, "jordan", "Jordan Lee", "jordan.lee@contoso.example");
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SlackRequester_TeamWorkingInThePlayground_IsToldInSlackWhenTheTeamActs()
    {
        await _app.CommandAsync("/request", "", "trigger.cross.1");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(view, "U0REQUESTER",
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", "Update my bank details")), "team", "hr"), "priority", "Normal"), "V0CROSS");
        var ticket = Assert.Single(await _app.WaitForTicketsAsync("slack:U0REQUESTER", t => t.Count == 1 && t[0].TeamCards.Count > 0 && t[0].RequesterCard is not null, "the ticket with its cards"));
        var teamCard = Assert.Single(ticket.TeamCards);
        Assert.Equal(PlaygroundPlatform.Id, teamCard.Address.Platform);
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.Str("channel")!.StartsWith('C'));

        var engine = _app.Services.GetRequiredService<IConversationEngine>();
        var data = new Dictionary<string, string> { ["ticket"] = ticket.Number.ToString() };
        var assign = await engine.HandleAsync(new Turn("pg-1", HrAgent, teamCard.Address, ConversationScope.Channel, null,
            new TurnAction("ticket.assign-me", data), DateTimeOffset.UtcNow, teamCard), CancellationToken.None);
        Assert.Equal(TurnOutcome.Handled, assign.Outcome);
        var resolve = await engine.HandleAsync(new Turn("pg-2", HrAgent, teamCard.Address, ConversationScope.Channel, null,
            new TurnAction("ticket.resolve", new Dictionary<string, string>(data) { ["note"] = "Updated for the next payroll run" }), DateTimeOffset.UtcNow, teamCard), CancellationToken.None);
        Assert.Equal(TurnOutcome.Handled, resolve.Outcome);

        var requesterCard = ticket.RequesterCard!;
        Assert.Equal(SlackPlatform.Id, requesterCard.Address.Platform);
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == "DU0REQUESTER" && c.Str("ts") == requesterCard.MessageId && c.AllText.Contains("Resolved"));
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "DU0REQUESTER" && c.AllText.Contains("Updated for the next payroll run"));
    }

    [Fact]
    public async Task PlaygroundRequester_TeamWorkingInSlack_IsServedFromTheSlackCard()
    {
        var maya = new PersonRef(PlaygroundPlatform.Id, "maya", "Maya Patel", "maya.patel@contoso.example");
        var engine = _app.Services.GetRequiredService<IConversationEngine>();
        var filed = await engine.HandleAsync(new Turn("pg-file", maya, new ConversationAddress(PlaygroundPlatform.Id, "dm:maya"), ConversationScope.Personal, null,
            new TurnAction("request.file", new Dictionary<string, string> { ["team"] = "it", ["summary"] = "Docking station is dead", ["priority"] = "High" }),
            DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(TurnOutcome.Handled, filed.Outcome);

        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync("playground:maya", t => t.Count == 1 && t[0].Status == TicketStatus.Assigned, "the assignment"));
        Assert.Equal("slack:UAGENT", ticket.Assignee!.Key);
        Assert.Equal(PlaygroundPlatform.Id, ticket.RequesterAddress.Platform);
        await _app.Api.WaitForCallAsync("chat.update", c => c.Str("channel") == SlackApp.ItChannel && c.Str("ts") == teamCard.Ts && c.AllText.Contains("Alex"));
        Assert.DoesNotContain(_app.Api.Calls, c => c.Str("channel") is { } channel && channel.StartsWith('D'));
    }
}

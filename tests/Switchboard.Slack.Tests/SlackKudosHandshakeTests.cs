using System.Net;
using Switchboard.Core.Requests;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The handshake thank-you end to end on Slack: a request resolved from Slack cards, "Yes, it's fixed", one click on
/// "Thank …" posts the kudos in the recognition channel and thanks the agent; a "+1" repaints that card in place; the
/// fair board counts it.
/// </summary>
public sealed class SlackKudosHandshakeTests : IAsyncLifetime
{
    private const string Requester = "slack:U0REQUESTER";
    private const string KudosChannel = "C0KUDOS";
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync(new Dictionary<string, string?>
    {
        ["Kudos:Channels:slack:ConversationId"] = KudosChannel,
        ["Kudos:FairBoard:MinimumResolutions"] = "1",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task YesFixed_ThankClick_PostsTheKudosAndThanksTheAgent_PlusOneRepaintsIt_AndTheFairBoardCountsIt()
    {
        await _app.DirectMessageAsync("My laptop won't boot after the update", "Ev0HAND01");
        var confirmation = await _app.WaitForConfirmationAsync(SlackApp.RequesterDm, "U0REQUESTER");
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER", SlackApp.TextState(("summary", "Laptop won't boot")).ToJsonString());
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");
        var assigned = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.resolve", c => c.Call.Method == "chat.update" && c.Ts == teamCard.Ts);
        await _app.ClickAsync(assigned, "ticket.resolve", "UAGENT");
        var modal = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(modal, "UAGENT", SlackApp.TextState(("note", "Rolled back the BIOS update")), "V0HAND");
        var survey = await _app.WaitForCardAsync(SlackApp.RequesterDm, "survey.fixed");
        await _app.ClickAsync(survey, "survey.fixed", "U0REQUESTER", SlackApp.WithSelect([], "rating", "5").ToJsonString());

        // The answered survey offers "Thank Alex Kim"; one click sends it.
        var answered = await _app.WaitForCardAsync(SlackApp.RequesterDm, "kudos.thank-ticket");
        Assert.Contains("Thank Alex Kim", answered.Text);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(answered, "kudos.thank-ticket", "U0REQUESTER")).StatusCode);

        var kudos = await _app.WaitForCardAsync(KudosChannel, "kudos.plus-one");
        Assert.Contains("Rolled back the BIOS update", kudos.Text);
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.AllText.Contains("Maya Patel thanks you for resolving their request")),
            "the agent's thank-you");
        var ticket = Assert.Single(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
        Assert.Equal(TicketStatus.Resolved, ticket.Status);

        // A colleague adds their thanks: the same message is updated with their name, nothing new is posted.
        await _app.ClickAsync(kudos, "kudos.plus-one", "ULENA");
        var repainted = await _app.WaitForCardAsync(KudosChannel, c => c.Call.Method == "chat.update" && c.Ts == kudos.Ts && c.Text.Contains("Thanks also from"),
            "the repainted kudos card");
        Assert.DoesNotContain("<@ULENA>", repainted.Text);
        Assert.Single(_app.Api.CallsTo("chat.postMessage"), c => c.Str("channel") == KudosChannel);

        // The agent's thanked ticket is on the fair board, by name.
        await _app.DirectMessageAsync("leaderboard fair week", "Ev0HAND02");
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.AllText.Contains("1. Alex Kim: 1 of 1 resolved ticket thanked (100%)")), "the fair board");
    }
}

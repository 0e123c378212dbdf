using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>Answers on Slack, through the whole host with the shipped answers (config/answers) and a fake Web API.</summary>
public sealed class SlackAnswersTests : IAsyncLifetime
{
    private const string Requester = "slack:U0REQUESTER";
    private readonly FaultyAnswerStore _store = new(new MemoryAnswerStore(TimeProvider.System));
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync(
        new Dictionary<string, string?> { ["Work:Queue:FirstRetryDelay"] = "00:00:00.050" },
        services: services => services.AddSingleton<IAnswerStore>(_store));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private AnswerService Answers => _app.Services.GetRequiredService<AnswerService>();

    [Fact]
    public async Task ThisSolvedIt_OnTheOfferedAnswer_FilesNothingAndCreditsTheAuthor()
    {
        await _app.DirectMessageAsync("Outlook keeps asking for my password", "Ev0ANS01");
        var offer = await _app.WaitForCardAsync(SlackApp.RequesterDm, AnswerVerbs.Solved);
        Assert.Contains("Outlook is stuck on \\u0022Loading profile\\u0022", offer.Text);

        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(offer, AnswerVerbs.Solved, "U0REQUESTER")).StatusCode);

        await _app.WaitForCardAsync(SlackApp.RequesterDm, c => c.Ts == offer.Ts && c.Text.Contains("Glad that solved it"), "the solved card");
        Assert.Empty(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
        var credit = Assert.Single(await Answers.DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("it.outlook-profile", "alex.kim@contoso.example", 1L), (credit.AnswerId, credit.Author.Value, credit.Solved));
    }

    [Fact]
    public async Task ThisSolvedIt_WhenTheTurnFailsAndTheQueueRunsItAgain_CountsOnceAndFilesNothing()
    {
        await _app.DirectMessageAsync("Outlook keeps asking for my password", "Ev0ANS06");
        var offer = await _app.WaitForCardAsync(SlackApp.RequesterDm, AnswerVerbs.Solved);
        _store.FailNextDeflections(DeflectionFault.BeforeCounting);

        Assert.Equal(HttpStatusCode.OK, (await _app.ClickAsync(offer, AnswerVerbs.Solved, "U0REQUESTER")).StatusCode);
        // Queued behind the failed click (one person's turns run in order), so it runs after the retry.
        await _app.ClickAsync(offer, AnswerVerbs.NeedHelp, "U0REQUESTER");

        await _app.WaitForCardAsync(SlackApp.RequesterDm, c => c.Ts == offer.Ts && c.Text.Contains("Glad that solved it"), "the solved card");
        await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.AllText.Contains("no longer pending"));
        await _app.Services.WaitForQueueAsync(SlackInboundQueue.Name);
        Assert.Empty(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
        var credit = Assert.Single(await Answers.DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("it.outlook-profile", 1L), (credit.AnswerId, credit.Solved));
    }

    [Fact]
    public async Task StillNeedHelp_FilesTheRequestWithTheAnswerNoted()
    {
        await _app.DirectMessageAsync("GlobalProtect VPN won't connect from home", "Ev0ANS02");
        var offer = await _app.WaitForCardAsync(SlackApp.RequesterDm, AnswerVerbs.NeedHelp);

        await _app.ClickAsync(offer, AnswerVerbs.NeedHelp, "U0REQUESTER");
        var confirmation = await _app.WaitForCardAsync(SlackApp.RequesterDm, "intake.submit", c => c.Ts == offer.Ts);
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER");

        var ticket = Assert.Single(await _app.WaitForTicketsAsync(Requester, t => t.Count == 1, "the ticket"));
        Assert.Contains("(it.vpn-connect); it didn't solve it.", ticket.History[0].Note);
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.assign-me");
        Assert.Contains("Tried first", teamCard.Text);
    }

    [Fact]
    public async Task SaveAsAnAnswer_FromTheResolvedTeamCard_OpensAPrefilledModalAndIsOfferedNext()
    {
        await _app.DirectMessageAsync("The label printer software on my laptop jams on every sheet", "Ev0ANS03");
        var first = await _app.WaitForCardAsync(SlackApp.RequesterDm, c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team") || c.HasVerb(AnswerVerbs.NeedHelp), "the first card");
        // Whatever answers are offered first, this one needs the team.
        if (first.HasVerb(AnswerVerbs.NeedHelp)) await _app.ClickAsync(first, AnswerVerbs.NeedHelp, "U0REQUESTER");
        var confirmation = await _app.WaitForCardAsync(SlackApp.RequesterDm, "intake.submit", c => c.Ts == first.Ts);
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER");
        var teamCard = await _app.WaitForCardAsync(SlackApp.ItChannel, "ticket.resolve");
        await _app.ClickAsync(teamCard, "ticket.resolve", "UAGENT");
        var resolveModal = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        await _app.SubmitViewAsync(resolveModal, "UAGENT", SlackApp.TextState(("note", "Cleaned the rollers with the kit in the drawer.")), "V0ANSRES");
        var resolved = await _app.WaitForCardAsync(SlackApp.ItChannel, AnswerVerbs.Save, c => c.Ts == teamCard.Ts);

        await _app.ClickAsync(resolved, AnswerVerbs.Save, "UAGENT");
        var modal = (await _app.Api.WaitForCallAsync("views.open", c => c.AllText.Contains("Save as an answer"))).Body["view"]!;
        Assert.Contains("The label printer software on my laptop jams on every sheet", modal.ToJsonString());
        Assert.Contains("Cleaned the rollers with the kit in the drawer.", modal.ToJsonString());
        var saved = await _app.SubmitViewAsync(modal, "UAGENT", SlackApp.TextState(
            ("question", "The label printer jams. What do I do?"), ("answer-text", "Clean the rollers with the cleaning kit in the top drawer.")), "V0ANSSAVE");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var answer = await Answers.FindAsync("it.1", CancellationToken.None);
        Assert.Equal("The label printer jams. What do I do?", answer!.Question);
        await _app.DirectMessageAsync("label printer jams again", "Ev0ANS04");
        var offer = await _app.WaitForCardAsync(SlackApp.RequesterDm, AnswerVerbs.Solved, c => c.Text.Contains("cleaning kit"));
        Assert.Contains("The label printer jams. What do I do?", offer.Text);
    }

    [Fact]
    public async Task AskCommand_SendsTheAnswersToTheDmAndThisSolvedItCreditsTheAuthorOnce()
    {
        var response = await _app.CommandAsync("/ask", "how do I book a meeting room", "trigger.ask.1");

        Assert.Equal("ephemeral", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_type"]!.GetValue<string>());
        var found = await _app.WaitForCardAsync("DU0REQUESTER", AnswerVerbs.Solved, c => c.Text.Contains("Room Finder"));
        Assert.Contains("Answers that may help", found.Text);
        await _app.ClickAsync(found, AnswerVerbs.Solved, "U0REQUESTER");
        await _app.WaitForCardAsync("DU0REQUESTER", c => c.Ts == found.Ts && c.Text.Contains("Glad that solved it"), "the solved card");
        await _app.ClickAsync(found, AnswerVerbs.Solved, "U0REQUESTER");
        await _app.Services.WaitForQueueAsync(SlackInboundQueue.Name);
        await _app.Services.WaitForQueueAsync(AnswerService.CreditQueue);

        var credit = Assert.Single(await Answers.DeflectionsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(("facilities.room-booking", 1L), (credit.AnswerId, credit.Solved));
        Assert.Empty(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
    }

    [Fact]
    public async Task AskCommand_WithoutAQuestion_SaysHowToAsk()
    {
        await _app.CommandAsync("/ask", "", "trigger.ask.2");

        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == "DU0REQUESTER" && c.AllText.Contains("Ask your question after"));
    }

    [Fact]
    public async Task Ask_RepliesWithTheAnswersThatFit()
    {
        await _app.DirectMessageAsync("ask how do I book a meeting room", "Ev0ANS05");

        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.RequesterDm && c.AllText.Contains("Room Finder"));
        Assert.Empty(await _app.Tickets.ListByRequesterAsync(Requester, CancellationToken.None));
    }
}

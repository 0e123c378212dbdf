using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>The signature loop: "Yes, it's fixed" offers a one-click thank-you to everyone who worked the ticket.</summary>
public sealed class TicketThanksTests
{
    private const string KudosChannel = "team:kudos";

    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new KudosOptions
    {
        Allowance = 3,
        Channels = new() { ["playground"] = new KudosChannelOptions { ConversationId = KudosChannel } },
    }));

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private async Task<(Ticket Ticket, TurnResult Answer)> FixedAsync(string text = "My VPN drops every call")
    {
        var ticket = await _h.FileAsync(text: text);
        var team = ticket.TeamCards.Single();
        var agent = ticket.TeamId == "hr" ? Jordan : Alex;
        await _h.ClickAsync(agent, team, "Assign to me");
        if (ticket.TeamId == "it")
        {
            // Priya writes to Maya from the card's thread: she worked the ticket too.
            await _h.SayAsync(Priya, "Have you tried the wired network?", team.Address);
        }
        await _h.ClickAsync(agent, team, "Resolve", Inputs((Verbs.Keys.Note, "Reinstalled the VPN client")));
        ticket = await _h.ReloadAsync(ticket);
        var answer = await _h.ClickAsync(Maya, ticket.Survey!.Card!, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "5")));
        return (await _h.ReloadAsync(ticket), answer);
    }

    private Task DeliverAsync() => _h.DrainQueueAsync(KudosService.QueueName);

    [Fact]
    public async Task YesFixed_OffersToThankEveryoneWhoWorkedIt_OneClickSendsItOnce_WithoutSpendingHerAllowance()
    {
        var (ticket, answer) = await FixedAsync();

        var thank = Assert.Single(answer.ReplacementCard!.Actions);
        Assert.Equal("Thank Alex Kim and Priya Nair", thank.Title);
        _h.Gateway.Current[ticket.Survey!.Card!.MessageId] = new OutboundMessage(ticket.Survey.Card.Address, null, answer.ReplacementCard);

        var sent = await _h.ClickAsync(Maya, ticket.Survey.Card, thank);
        await DeliverAsync();
        var again = await _h.ClickAsync(Maya, ticket.Survey.Card, thank);
        await DeliverAsync();

        Assert.Equal("Thanks sent to Alex Kim and Priya Nair.", sent.Notice);
        Assert.Empty(sent.ReplacementCard!.Actions);
        Assert.EndsWith("Thanks sent to Alex Kim and Priya Nair.", sent.ReplacementCard.Subtitle);
        // Where the bot updates clicked cards itself (Slack, the playground), her copy loses the button too.
        Assert.Empty(_h.Gateway.Current[ticket.Survey.Card.MessageId].Card!.Actions);
        // An old copy of the card clicked again sends nothing more.
        Assert.Equal("That kudos to Alex Kim and Priya Nair was sent already.", again.Notice);
        var entry = await _h.Services.GetRequiredService<IKudosStore>().GetAsync(TicketThanks.KudosId(ticket.Number), CancellationToken.None);
        Assert.Equal(KudosKind.ServiceThanks, entry!.Kind);
        Assert.Equal("for resolving IT-1001 (My VPN drops every call): Reinstalled the VPN client", entry.Reason);
        var card = Assert.Single(_h.Gateway.SentTo(KudosChannel)).Card!;
        Assert.Equal("🎉 Kudos to Alex Kim and Priya Nair", card.Title);
        Assert.Single(_h.Gateway.TextsTo("dm:alex"), t => t.StartsWith("Maya Patel thanks you for resolving their request", StringComparison.Ordinal));
        var stats = await _h.Services.GetRequiredService<KudosService>().StatsAsync(Maya, CancellationToken.None);
        Assert.Equal(3, stats.Left);
    }

    [Fact]
    public async Task ConfidentialTicket_ThanksWithoutItsSubjectInPublic()
    {
        var (ticket, answer) = await FixedAsync("Please update my bank details for payroll");
        _h.Gateway.Current[ticket.Survey!.Card!.MessageId] = new OutboundMessage(ticket.Survey.Card.Address, null, answer.ReplacementCard);

        await _h.ClickAsync(Maya, ticket.Survey.Card, "Thank Jordan Lee");
        await DeliverAsync();

        var card = Assert.Single(_h.Gateway.SentTo(KudosChannel)).Card!;
        Assert.Equal("for resolving a confidential request", card.Text);
        Assert.DoesNotContain("bank", System.Text.Json.JsonSerializer.Serialize(card), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ThankButton_FromSomeoneElse_IsRefused()
    {
        var (ticket, answer) = await FixedAsync();
        var thank = Assert.Single(answer.ReplacementCard!.Actions);

        var result = await _h.ClickAsync(Tom, ticket.Survey!.Card!, thank);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Null(await _h.Services.GetRequiredService<IKudosStore>().GetAsync(TicketThanks.KudosId(ticket.Number), CancellationToken.None));
    }

    [Fact]
    public async Task NotFixed_OffersNoThanks()
    {
        var ticket = await _h.FileAsync();
        await _h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Done")));
        ticket = await _h.ReloadAsync(ticket);

        var answer = await _h.ClickAsync(Maya, ticket.Survey!.Card!, "No, still broken", Inputs((Verbs.Keys.Note, "Still drops")));

        Assert.Empty(answer.ReplacementCard!.Actions);
    }
}

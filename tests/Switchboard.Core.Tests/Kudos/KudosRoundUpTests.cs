using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>
/// The weekly round-up: Friday 15:00 in the requester's time zone (Berlin here, so 14:00 UTC on Friday 27 November),
/// once per person and week, with one-click thanks for each ticket not thanked yet.
/// </summary>
public sealed class KudosRoundUpTests
{
    private const string Title = "Your week's resolved requests";
    private static readonly DateTimeOffset FridayRoundUp = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new KudosOptions
    {
        RoundUp = new KudosRoundUpOptions { Enabled = true, Day = DayOfWeek.Friday, At = new TimeOnly(15, 0) },
    }));

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private Task InBerlinAsync(PersonRef person) =>
        _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(person) { TimeZone = "Europe/Berlin" }, CancellationToken.None);

    private async Task<Ticket> ResolvedAsync(PersonRef agent, string text, PersonRef? requester = null)
    {
        var ticket = await _h.FileAsync(requester, text);
        var team = ticket.TeamCards.Single();
        await _h.ClickAsync(agent, team, "Assign to me");
        await _h.ClickAsync(agent, team, "Resolve", Inputs((Verbs.Keys.Note, "Sorted it out")));
        return await _h.ReloadAsync(ticket);
    }

    private IReadOnlyList<MessageRef> RoundUpsTo(PersonRef person) =>
        _h.Gateway.Sent.Where(s => s.Message.To.ConversationId == Dm(person).ConversationId && s.Message.Card?.Title == Title).Select(s => s.Ref).ToList();

    private async Task AtFridayAsync()
    {
        _h.Clock.Advance(FridayRoundUp - _h.Clock.GetUtcNow());
        await _h.RunDueJobsAsync();
    }

    [Fact]
    public async Task RoundUp_AtTheRequestersLocalTime_ListsTheWeeksResolvedTickets_SkippingOnesAlreadyThanked()
    {
        await InBerlinAsync(Maya);
        var vpn = await ResolvedAsync(Alex, "My VPN drops every call");
        var laptop = await ResolvedAsync(Priya, "My laptop fan is loud");
        var thanked = await ResolvedAsync(Alex, "VPN certificate expired");
        var answer = await _h.ClickAsync(Maya, thanked.Survey!.Card!, "Yes, it's fixed", Inputs((Verbs.Keys.Rating, "5")));
        _h.Gateway.Current[thanked.Survey.Card!.MessageId] = new OutboundMessage(thanked.Survey.Card.Address, null, answer.ReplacementCard);
        await _h.ClickAsync(Maya, thanked.Survey.Card, Assert.Single(answer.ReplacementCard!.Actions));
        var notFixed = await ResolvedAsync(Priya, "VPN slow at home");
        await _h.ClickAsync(Maya, notFixed.Survey!.Card!, "No, still broken", Inputs((Verbs.Keys.Note, "Still slow")));

        _h.Clock.Advance(FridayRoundUp - _h.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await _h.RunDueJobsAsync();
        Assert.Empty(RoundUpsTo(Maya));
        await AtFridayAsync();

        var card = _h.CardOf(Assert.Single(RoundUpsTo(Maya)));
        Assert.Equal("2 of your requests were resolved this week by Alex Kim and Priya Nair — thank them?", card.Text);
        Assert.Equal([$"{vpn.Number} My VPN drops every call", $"{laptop.Number} My laptop fan is loud"], card.Items.Select(i => i.Title));
        Assert.Equal(["Thank Alex Kim", "Thank Priya Nair"], card.Items.Select(i => Assert.Single(i.Actions).Title));
    }

    [Fact]
    public async Task RoundUp_JobRunTwiceOrOnTwoInstancesAtOnce_IsSentOnce()
    {
        await InBerlinAsync(Maya);
        var ticket = await ResolvedAsync(Alex, "My VPN drops every call");
        var job = await RoundUpJobAsync(_h, Maya, new DateOnly(2026, 11, 27));
        Assert.NotNull(job);
        Assert.Equal(FridayRoundUp, job.DueAt);
        _h.Clock.Advance(FridayRoundUp - _h.Clock.GetUtcNow());
        var handler = _h.Services.GetServices<IJobHandler>().Single(h => h.Kind == KudosNudgeNames.RoundUpJob);

        // Two instances whose claims overlapped (a lease that ran out), then a run whose completion was lost.
        await Task.WhenAll(handler.RunAsync(new JobLease(job, 1, "a"), CancellationToken.None), handler.RunAsync(new JobLease(job, 2, "b"), CancellationToken.None));
        await handler.RunAsync(new JobLease(job, 3, "c"), CancellationToken.None);
        await _h.RunDueJobsAsync();
        // More changes of the resolved ticket are observed again: they schedule nothing new for a week that has passed.
        await _h.Services.GetServices<ITicketChangeObserver>().Single(o => o.GetType().Name == "KudosTicketObserver")
            .TicketChangedAsync(await _h.ReloadAsync(ticket), CancellationToken.None);
        await _h.RunDueJobsAsync();

        Assert.Single(RoundUpsTo(Maya));
    }

    [Fact]
    public async Task RoundUp_ThankClick_SendsTheTicketsThankYouOnce_AndRepaintsTheRow()
    {
        await InBerlinAsync(Maya);
        var vpn = await ResolvedAsync(Alex, "My VPN drops every call");
        await ResolvedAsync(Priya, "My laptop fan is loud");
        await AtFridayAsync();
        var roundUp = Assert.Single(RoundUpsTo(Maya));
        var thank = _h.CardOf(roundUp).Items[0].Actions.Single();

        var sent = await _h.ClickAsync(Maya, roundUp, thank);
        var again = await _h.ClickAsync(Maya, roundUp, thank);
        var byTom = await _h.ClickAsync(Tom, roundUp, thank);
        await _h.DrainQueueAsync(KudosService.QueueName);

        Assert.Equal("Thanks sent to Alex Kim.", sent.Notice);
        Assert.Equal(["Thanked Alex Kim ✓", "Resolved by Priya Nair"], sent.ReplacementCard!.Items.Select(i => i.Detail));
        Assert.Empty(sent.ReplacementCard.Items[0].Actions);
        Assert.Single(sent.ReplacementCard.Items[1].Actions);
        Assert.Equal("That kudos to Alex Kim was sent already.", again.Notice);
        Assert.Equal(TurnOutcome.Refused, byTom.Outcome);
        var entry = await _h.Services.GetRequiredService<IKudosStore>().GetAsync(TicketThanks.KudosId(vpn.Number), CancellationToken.None);
        Assert.Equal((KudosKind.ServiceThanks, "Maya Patel"), (entry!.Kind, entry.Giver.Name));
        Assert.Single(_h.Gateway.TextsTo(Dm(Alex).ConversationId), t => t.StartsWith("Maya Patel thanks you for resolving their request", StringComparison.Ordinal));
        // Counted on the fair board, once.
        var board = await _h.Services.GetRequiredService<FairBoard>().ReadAsync(KudosBoards.Span.Week, null, CancellationToken.None);
        Assert.Equal([("Alex Kim", 1L, 1L), ("Priya Nair", 1L, 0L)], board.Agents.Select(a => (a.Name, a.Resolutions, a.Thanks)));
    }

    [Fact]
    public async Task RoundUp_WithRemindersOff_IsNotSent_AndOnAgainItIs()
    {
        await InBerlinAsync(Maya);
        await InBerlinAsync(Tom);
        await ResolvedAsync(Alex, "My VPN drops every call");
        await ResolvedAsync(Alex, "My laptop fan is loud", Tom);

        await _h.SayAsync(Maya, "kudos reminders off");
        await _h.SayAsync(Tom, "kudos reminders off");
        await _h.SayAsync(Tom, "kudos reminders on");
        await AtFridayAsync();

        Assert.StartsWith("Kudos reminders are off", _h.Gateway.TextsTo(Dm(Maya).ConversationId).Last());
        Assert.Empty(RoundUpsTo(Maya));
        Assert.Single(RoundUpsTo(Tom));
    }

    [Fact]
    public async Task RoundUp_NextWeek_OffersOnlyThatWeeksTickets()
    {
        await InBerlinAsync(Maya);
        var first = await ResolvedAsync(Alex, "My VPN drops every call");
        await AtFridayAsync();
        var team = first.TeamCards.Single();
        // Reopened and resolved again the next week (at the very moment of the first round-up: it belongs to the next): it was offered once already.
        await _h.ClickAsync(Maya, first.RequesterCard!, "Reopen");
        await _h.ClickAsync(Alex, team, "Resolve", Inputs((Verbs.Keys.Note, "Really sorted now")));
        var second = await ResolvedAsync(Priya, "My laptop fan is loud");

        _h.Clock.Advance(TimeSpan.FromDays(7));
        await _h.RunDueJobsAsync();

        var roundUps = RoundUpsTo(Maya);
        Assert.Equal(2, roundUps.Count);
        Assert.Equal([$"{second.Number} My laptop fan is loud"], _h.CardOf(roundUps[1]).Items.Select(i => i.Title));
    }

    [Fact]
    public async Task RoundUp_WhenDisabled_SchedulesNothing()
    {
        var h = new EngineHarness(addModules: s => s.AddSingleton(new KudosOptions()));
        var ticket = await h.FileAsync();
        await h.ClickAsync(Alex, ticket.TeamCards.Single(), "Resolve", Inputs((Verbs.Keys.Note, "Done")));

        Assert.Equal(TicketStatus.Resolved, (await h.ReloadAsync(ticket)).Status);
        Assert.Null(await RoundUpJobAsync(h, Maya, new DateOnly(2026, 11, 27)));
    }

    [Theory]
    [InlineData("2026-11-23T09:00:00Z", "2026-11-27T14:00:00Z")]
    [InlineData("2026-11-27T13:59:00Z", "2026-11-27T14:00:00Z")]
    [InlineData("2026-11-27T14:00:00Z", "2026-12-04T14:00:00Z")]
    [InlineData("2026-11-28T10:00:00Z", "2026-12-04T14:00:00Z")]
    public void Next_IsTheFirstRoundUpAfterTheResolution(string resolved, string expected)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var next = KudosRoundUps.Next(new KudosRoundUpOptions { Day = DayOfWeek.Friday, At = new TimeOnly(15, 0) }, berlin, DateTimeOffset.Parse(resolved, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    private static async Task<ScheduledJob?> RoundUpJobAsync(EngineHarness h, PersonRef person, DateOnly day)
    {
        var (who, _) = await h.Services.GetRequiredService<KudosService>().ResolveAsync(person, CancellationToken.None);
        return await h.Scheduler.GetAsync(KudosRoundUps.JobId(who.Id, day), CancellationToken.None);
    }
}

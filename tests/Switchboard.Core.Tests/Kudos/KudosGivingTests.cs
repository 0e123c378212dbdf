using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

public sealed class KudosGivingTests
{
    private const string KudosChannel = "team:kudos";
    private static readonly PersonRef Bot = new(TestPlatforms.Playground, "helperbot", "Helper Bot");

    private readonly EngineHarness _h;
    private int _delivery;

    public KudosGivingTests() : this(new KudosOptions
    {
        Values = [new KudosValueOptions { Name = "ownership", Emoji = "🚀" }],
        Allowance = 3,
        PairCap = 2,
        ResetAt = new TimeOnly(9, 0),
        Channels = new() { ["playground"] = new KudosChannelOptions { ConversationId = KudosChannel } },
    })
    { }

    private KudosGivingTests(KudosOptions options) => _h = new EngineHarness(addModules: s => s.AddSingleton(options));

    private static KudosGivingTests With(KudosOptions options) => new(options);

    private async Task<string> GiveAsync(PersonRef from, string text, string? deliveryId = null, params PersonRef[] mentioned)
    {
        var mentions = mentioned.Select(p => new Mention(p, "@" + p.Name, p == Bot ? MentionKind.Bot : MentionKind.Person)).ToList();
        var before = _h.Gateway.Sent.Count;
        await _h.HandleAsync(new Turn(deliveryId ?? $"kudos-{++_delivery}", from, Dm(from), ConversationScope.Personal, text, null, _h.Clock.GetUtcNow())
        {
            Mentions = mentions,
        });
        await DeliverAsync();
        return _h.Gateway.Sent.Skip(before).Select(s => s.Message).First(m => m.To.ConversationId == Dm(from).ConversationId).Text!;
    }

    private Task DeliverAsync() => _h.DrainQueueAsync(KudosService.QueueName);

    [Fact]
    public async Task Give_TwoPeople_PostsOneCardAndMessagesEachOfThem()
    {
        var answer = await GiveAsync(Maya, "kudos @Alex Kim @Priya Nair for fixing my laptop in ten minutes #ownership", null, Alex, Priya);

        Assert.StartsWith("Kudos sent to Alex Kim and Priya Nair. You have 1 of 3 kudos left this week", answer);
        var card = Assert.Single(_h.Gateway.SentTo(KudosChannel)).Card!;
        Assert.Equal("fixing my laptop in ten minutes", card.Text);
        Assert.Equal("from Maya Patel", card.Subtitle);
        Assert.Contains(card.Facts, f => f is { Label: "Value", Value: "🚀 #ownership" });
        Assert.Contains("Maya Patel gave you kudos for 🚀 #ownership: \"fixing my laptop in ten minutes\" (together with Priya Nair)", _h.Gateway.TextsTo(Dm(Alex).ConversationId));
        Assert.Single(_h.Gateway.TextsTo(Dm(Priya).ConversationId));
    }

    [Fact]
    public async Task Give_RedeliveredTurn_IsStoredAndDeliveredOnce()
    {
        await GiveAsync(Maya, "kudos @Alex Kim for fixing my laptop quickly", "same-delivery", Alex);
        await _h.Engine.HandleAsync(new Turn("same-delivery", Maya, Dm(Maya), ConversationScope.Personal, "kudos @Alex Kim for fixing my laptop quickly", null, _h.Clock.GetUtcNow())
        {
            Mentions = [new Mention(Alex, "@Alex Kim")],
        }, CancellationToken.None);
        await DeliverAsync();

        Assert.Single(_h.Gateway.SentTo(KudosChannel));
        var stats = await _h.Services.GetRequiredService<KudosService>().StatsAsync(Maya, CancellationToken.None);
        Assert.Equal(1, stats.Given);
        Assert.Equal(2, stats.Left);
    }

    [Fact]
    public async Task Give_SameIdGivenAgain_IsAlreadySentAndChargedOnce()
    {
        var service = _h.Services.GetRequiredService<KudosService>();
        var draft = new KudosDraft([new Mention(Alex, "@Alex Kim")], [], "fixing my laptop quickly");

        var first = await service.GiveAsync("playground:click-1", Maya, draft, CancellationToken.None);
        var second = await service.GiveAsync("playground:click-1", Maya, draft, CancellationToken.None);

        Assert.Equal(KudosGiveOutcome.Sent, first.Outcome);
        Assert.Equal(KudosGiveOutcome.AlreadySent, second.Outcome);
        Assert.Equal(2, (await service.StatsAsync(Maya, CancellationToken.None)).Left);
    }

    [Fact]
    public async Task Give_ToYourself_IsRefused()
    {
        var answer = await GiveAsync(Maya, "kudos @Maya Patel for being great all week", null, Maya);

        Assert.Equal("You can't give kudos to yourself. Thank someone who helped you instead.", answer);
        Assert.Empty(_h.Gateway.SentTo(KudosChannel));
    }

    [Fact]
    public async Task Give_ToYourselfOnAnotherPlatform_IsRefused()
    {
        var slackMaya = new PersonRef(new Platform("slack"), "U1MAYA", "Maya Patel", Maya.Email);

        var answer = await GiveAsync(Maya, "kudos @Maya Patel for being great all week", null, slackMaya);

        Assert.StartsWith("You can't give kudos to yourself", answer);
    }

    [Fact]
    public async Task Give_ToABot_IsRefused()
    {
        var answer = await GiveAsync(Maya, "kudos @Helper Bot for answering at night", null, Bot);

        Assert.Equal("Helper Bot is a bot; kudos are for people.", answer);
    }

    [Fact]
    public async Task Give_ShortReason_ExplainsTheMinimum()
    {
        var answer = await GiveAsync(Maya, "kudos @Alex Kim for thx", null, Alex);

        Assert.StartsWith("Say a little more about what they did (at least 10 characters)", answer);
    }

    [Fact]
    public async Task Give_WithoutValueWhenRequired_NamesTheValues()
    {
        var test = With(new KudosOptions { Values = [new KudosValueOptions { Name = "ownership" }], ValueRequirement = ValueRequirement.Required });

        var answer = await test.GiveAsync(Maya, "kudos @Alex Kim for fixing my laptop quickly", null, Alex);

        Assert.StartsWith("Name the company value it shows: #ownership.", answer);
    }

    [Fact]
    public async Task Give_GroupOverTheAllowance_ChargesPerPersonAndSaysWhatIsLeft()
    {
        await GiveAsync(Maya, "kudos @Alex Kim @Priya Nair for fixing my laptop quickly", null, Alex, Priya);

        var answer = await GiveAsync(Maya, "kudos @Jordan Lee @Tom Becker for sorting my payroll out", null, Jordan, Tom);

        Assert.StartsWith("That's 2 kudos (one per person) and you have 1 left this week.", answer);
        Assert.Single(_h.Gateway.SentTo(KudosChannel));
    }

    [Fact]
    public async Task Give_AllowanceSpent_RefusesWithTheResetInTheGiversTimeZone_ThenAllowsAfterIt()
    {
        await _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(Maya) { TimeZone = "America/New_York" }, CancellationToken.None);
        await GiveAsync(Maya, "kudos @Alex Kim @Priya Nair for fixing my laptop quickly", null, Alex, Priya);
        await GiveAsync(Maya, "kudos @Jordan Lee for sorting my payroll out", null, Jordan);

        var refused = await GiveAsync(Maya, "kudos @Tom Becker for the desk move today", null, Tom);

        // The clock starts on Monday 23 November 2026 09:00 UTC, 04:00 in New York: the week started on the 16th.
        Assert.Equal("You've given all 3 kudos you have this week. Your allowance resets Monday 23 November at 09:00 (America/New_York).", refused);
        _h.Clock.Advance(TimeSpan.FromHours(5));
        Assert.StartsWith("Kudos sent to Tom Becker. You have 2 of 3 kudos left this week; it resets Monday 30 November at 09:00 (America/New_York).",
            await GiveAsync(Maya, "kudos @Tom Becker for the desk move today", null, Tom));
    }

    [Fact]
    public async Task Give_SamePairOverTheCap_IsRefused()
    {
        var test = With(new KudosOptions { Allowance = 10, PairCap = 2 });
        await test.GiveAsync(Maya, "kudos @Alex Kim for fixing my laptop quickly", null, Alex);
        await test.GiveAsync(Maya, "kudos @Alex Kim for fixing my printer quickly", null, Alex);

        var answer = await test.GiveAsync(Maya, "kudos @Alex Kim for fixing my phone quickly", null, Alex);

        Assert.StartsWith("You've given Alex Kim 2 kudos this week already, the most one person gives another", answer);
    }

    [Fact]
    public async Task TopUp_ByAnAdmin_AddsToTheAllowance()
    {
        await GiveAsync(Maya, "kudos @Alex Kim @Priya Nair @Jordan Lee for the office move weekend", null, Alex, Priya, Jordan);

        var toppedUp = await GiveAsync(Alex, "kudos topup @Maya Patel 2", null, Maya);

        Assert.StartsWith("Added 2 to Maya Patel's allowance: they have 2 kudos left this week", toppedUp);
        Assert.StartsWith("Kudos sent to Tom Becker. You have 1 of 5 kudos left",
            await GiveAsync(Maya, "kudos @Tom Becker for the desk move today", null, Tom));
    }

    [Fact]
    public async Task TopUp_BySomeoneElse_IsRefused()
    {
        var answer = await GiveAsync(Maya, "kudos topup @Maya Patel 50", null, Maya);

        Assert.Equal(AudiencePolicy.Refusal(Audience.Admins), answer);
    }

    [Fact]
    public async Task PlusOne_ByAnother_ChargesThemOnceAndTellsTheReceiver()
    {
        await GiveAsync(Maya, "kudos @Alex Kim for fixing my laptop quickly", null, Alex);
        var card = _h.Gateway.Sent.Single(s => s.Message.To.ConversationId == KudosChannel).Ref;

        var first = await _h.ClickAsync(Tom, card, "+1, add my thanks");
        var again = await _h.ClickAsync(Tom, card, "+1, add my thanks");
        await DeliverAsync();

        Assert.StartsWith("Added your thanks for Alex Kim. You have 2 of 3 kudos left", first.Notice);
        Assert.Equal("You've added your thanks to this kudos already.", again.Notice);
        Assert.Contains("Tom Becker added their thanks to your kudos: \"fixing my laptop quickly\"", _h.Gateway.TextsTo(Dm(Alex).ConversationId));
    }

    [Fact]
    public async Task PlusOne_ByTheReceiver_IsRefused()
    {
        await GiveAsync(Maya, "kudos @Alex Kim for fixing my laptop quickly", null, Alex);
        var card = _h.Gateway.Sent.Single(s => s.Message.To.ConversationId == KudosChannel).Ref;

        var result = await _h.ClickAsync(Alex, card, "+1, add my thanks");

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Contains("This kudos is for you", result.Notice);
    }

    [Fact]
    public async Task StatsAndLeaderboard_ShowWhatWasGiven_WithNamesOnly()
    {
        await GiveAsync(Maya, "kudos @Alex Kim @Priya Nair for fixing my laptop quickly", null, Alex, Priya);
        await GiveAsync(Tom, "kudos @Alex Kim for the VPN fix before my demo", null, Alex);
        await _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(Alex), CancellationToken.None);
        await _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(Priya), CancellationToken.None);

        var stats = await GiveAsync(Maya, "kudos stats");
        var board = await GiveAsync(Maya, "leaderboard week");

        Assert.StartsWith("You've given 2 kudos and received 0. You have 1 of 3 left this week", stats);
        Assert.Equal("Kudos receivers, this week:\n1. Alex Kim (2)\n2. Priya Nair (1)", board);
    }
}

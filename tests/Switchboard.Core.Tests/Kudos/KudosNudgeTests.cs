using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Work;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>The reminder to give, "+1" repainting the channel card, and the leaderboards across two time zones' resets.</summary>
public sealed class KudosNudgeTests
{
    private const string KudosChannel = "team:kudos";
    private const string Reminder = "It's been 7 days since you last thanked anyone with kudos.";
    private static readonly PersonRef Aroha = new(TestPlatforms.Playground, "aroha", "Aroha Ngata", "aroha@contoso.example");
    private static readonly PersonRef Luis = new(TestPlatforms.Playground, "luis", "Luis Ortega", "luis@contoso.example");

    private readonly EngineHarness _h;
    private int _delivery;

    public KudosNudgeTests() : this(new KudosOptions
    {
        Allowance = 5,
        ResetAt = new TimeOnly(9, 0),
        RoundUp = new KudosRoundUpOptions { At = new TimeOnly(10, 0) },
        Reminders = new KudosReminderOptions { AfterDays = 7 },
        Channels = new() { ["playground"] = new KudosChannelOptions { ConversationId = KudosChannel } },
    })
    { }

    private KudosNudgeTests(KudosOptions options) => _h = new EngineHarness(addModules: s => s.AddSingleton(options));

    private async Task<string> GiveAsync(PersonRef from, string reason, params PersonRef[] to)
    {
        var before = _h.Gateway.TextsTo(Dm(from).ConversationId).Count();
        await _h.HandleAsync(new Turn($"kudos-{++_delivery}", from, Dm(from), ConversationScope.Personal,
            $"kudos {string.Join(' ', to.Select(p => "@" + p.Name))} {reason}", null, _h.Clock.GetUtcNow())
        {
            Mentions = to.Select(p => new Mention(p, "@" + p.Name)).ToList(),
        });
        await _h.DrainQueueAsync(KudosService.QueueName);
        return _h.Gateway.TextsTo(Dm(from).ConversationId).Skip(before).First();
    }

    private async Task<string> SayAsync(PersonRef who, string text)
    {
        var before = _h.Gateway.TextsTo(Dm(who).ConversationId).Count();
        await _h.SayAsync(who, text);
        return _h.Gateway.TextsTo(Dm(who).ConversationId).Skip(before).Single();
    }

    private int RemindersTo(PersonRef person) => _h.Gateway.TextsTo(Dm(person).ConversationId).Count(t => t.StartsWith(Reminder, StringComparison.Ordinal));

    private Task SeenAsync(PersonRef person, string? zone = null) =>
        _h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(person) { TimeZone = zone }, CancellationToken.None);

    [Fact]
    public async Task Reminder_AfterNDaysWithoutGiving_IsSentOnceAtTheLocalTime_AndNeverToWhoTurnedItOff()
    {
        await GiveAsync(Maya, "for fixing my laptop in ten minutes", Alex, Priya);
        await SayAsync(Priya, "kudos reminders off");

        // Monday 23 November 09:00 + 7 days is Monday 30 November; reminders go at 10:00 (UTC here).
        _h.Clock.Advance(TimeSpan.FromDays(7));
        await _h.RunDueJobsAsync();
        Assert.Equal((0, 0), (RemindersTo(Maya), RemindersTo(Alex)));
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.RunDueJobsAsync();
        // A reminder job that runs again (its completion lost) sends nothing more.
        var handler = _h.Services.GetServices<IJobHandler>().Single(h => h.Kind == KudosNudgeNames.ReminderJob);
        var (alex, _) = await _h.Services.GetRequiredService<KudosService>().ResolveAsync(Alex, CancellationToken.None);
        var job = await _h.Scheduler.GetAsync(KudosGiveReminders.JobId(alex.Id), CancellationToken.None);
        await handler.RunAsync(new JobLease(job! with { DueAt = _h.Clock.GetUtcNow() }, 2, "again"), CancellationToken.None);

        Assert.Equal((1, 1, 0), (RemindersTo(Maya), RemindersTo(Alex), RemindersTo(Priya)));
        Assert.EndsWith("Say \"kudos reminders off\" to stop these reminders and the weekly round-up.", _h.Gateway.TextsTo(Dm(Alex).ConversationId).Last());
        // The next one comes a period later, not before.
        _h.Clock.Advance(TimeSpan.FromDays(6));
        await _h.RunDueJobsAsync();
        Assert.Equal(1, RemindersTo(Maya));
        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.RunDueJobsAsync();
        Assert.Equal(2, RemindersTo(Maya));
    }

    [Fact]
    public async Task Reminder_AGiveInBetween_MovesItAPeriodAfterThatGive()
    {
        await GiveAsync(Maya, "for fixing my laptop in ten minutes", Alex);
        _h.Clock.Advance(TimeSpan.FromDays(3));
        await GiveAsync(Maya, "for the quick VPN fix this morning", Priya);

        _h.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromHours(2));
        await _h.RunDueJobsAsync();
        Assert.Equal(0, RemindersTo(Maya));
        _h.Clock.Advance(TimeSpan.FromDays(3));
        await _h.RunDueJobsAsync();
        Assert.Equal(1, RemindersTo(Maya));
    }

    [Fact]
    public async Task PlusOne_RepaintsTheChannelCardInPlaceWithEveryoneWhoJoined_NeverPostingAgain()
    {
        await GiveAsync(Maya, "for fixing my laptop in ten minutes", Alex);
        var card = _h.LastCardIn(KudosChannel);
        var tom = new PersonRef(TestPlatforms.Playground, "tom", "Tom <!here>", "tom@contoso.example");

        await _h.ClickAsync(tom, card, "+1, add my thanks");
        await _h.DrainQueueAsync(KudosService.QueueName);
        var afterTom = _h.CardOf(card);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.ClickAsync(Lena, card, "+1, add my thanks");
        await _h.ClickAsync(tom, card, "+1, add my thanks");
        await _h.DrainQueueAsync(KudosService.QueueName);

        Assert.Single(_h.Gateway.SentTo(KudosChannel));
        Assert.Contains(afterTom.Facts, f => f is { Label: "Thanks also from", Value: "Tom <!here>" });
        var repainted = _h.CardOf(card);
        Assert.Contains(repainted.Facts, f => f is { Label: "Thanks also from", Value: "Tom <!here> and Lena Fischer" });
        Assert.Equal("🎉 Kudos to Alex Kim", repainted.Title);
        Assert.Equal(2, _h.Gateway.Updates.Count(u => u.Ref.MessageId == card.MessageId));
    }

    [Fact]
    public async Task Leaderboards_AcrossTheResetsOfGiversInAucklandAndLosAngeles_CountEachGiveInItsUtcPeriod()
    {
        var h = new KudosNudgeTests(new KudosOptions { Allowance = 1, ResetAt = new TimeOnly(9, 0) });
        await h.SeenAsync(Aroha, "Pacific/Auckland");
        await h.SeenAsync(Luis, "America/Los_Angeles");
        await h.SeenAsync(Alex);
        await h.SeenAsync(Priya);

        // Sunday 29 November 19:00 UTC: Monday 08:00 in Auckland (before its 09:00 reset), Sunday 11:00 in Los Angeles.
        h._h.Clock.Advance(new DateTimeOffset(2026, 11, 29, 19, 0, 0, TimeSpan.Zero) - h._h.Clock.GetUtcNow());
        await h.GiveAsync(Aroha, "for the late-night server rescue", Alex);
        await h.GiveAsync(Luis, "for onboarding me so patiently", Priya);
        // 20:30 UTC: Monday 09:30 in Auckland, so Aroha's allowance is new; Luis's resets Monday 09:00 in Los Angeles (17:00 UTC).
        h._h.Clock.Advance(TimeSpan.FromMinutes(90));
        var arohaAgain = await h.GiveAsync(Aroha, "for reviewing my change within minutes", Priya);
        var luisRefused = await h.GiveAsync(Luis, "for the quick answer on expenses", Alex);
        var lastWeek = await h.SayAsync(Lena, "leaderboard week");
        var lastWeekGivers = await h.SayAsync(Lena, "leaderboard week givers");
        // Monday 30 November 17:30 UTC: a new UTC week, and Luis's new period.
        h._h.Clock.Advance(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero) - h._h.Clock.GetUtcNow());
        var luisAgain = await h.GiveAsync(Luis, "for the quick answer on expenses", Alex);

        Assert.StartsWith("Kudos sent to Priya Nair. You have 0 of 1 kudos left this week; it resets Monday 7 December at 09:00 (Pacific/Auckland).", arohaAgain);
        Assert.StartsWith("You've given all 1 kudos you have this week. Your allowance resets Monday 30 November at 09:00 (America/Los_Angeles).", luisRefused);
        Assert.StartsWith("Kudos sent to Alex Kim.", luisAgain);
        Assert.Equal("Kudos receivers, this week:\n1. Priya Nair (2)\n2. Alex Kim (1)", lastWeek);
        Assert.Equal("Kudos givers, this week:\n1. Aroha Ngata (2)\n2. Luis Ortega (1)", lastWeekGivers);
        Assert.Equal("Kudos receivers, this week:\n1. Alex Kim (1)", await h.SayAsync(Lena, "leaderboard week"));
        Assert.Equal("Kudos receivers, this month:\n1. Alex Kim (2)\n2. Priya Nair (2)", await h.SayAsync(Lena, "leaderboard month"));
        Assert.Equal("Kudos givers, this quarter:\n1. Aroha Ngata (2)\n2. Luis Ortega (2)", await h.SayAsync(Lena, "leaderboard quarter givers"));
    }
}

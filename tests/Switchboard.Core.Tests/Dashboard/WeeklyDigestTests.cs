using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Dashboard;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Dashboard;

public sealed class WeeklyDigestTests
{
    private static readonly Uri Page = new("https://switchboard.contoso.example/dashboard");
    private const string LowComment = "Took days and <!here> it *still* drops";

    // TestTime.Start is Monday 23 November 2026, 09:00 UTC; the harness's teams count UTC.
    private readonly EngineHarness _h = new(addModules: s => s
        .AddSingleton(new DashboardOptions { PublicUrl = Page, SigningKey = "a-signing-key-of-at-least-32-characters!" })
        .AddSingleton(new KudosOptions { Allowance = 5 }));

    private static Dictionary<string, string> Inputs(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private WeeklyDigests Digests => _h.Services.GetRequiredService<WeeklyDigests>();

    [Theory]
    [InlineData("2026-11-22T12:00:00Z", "2026-11-23", "2026-11-23T09:00:00Z")] // Sunday: the next day
    [InlineData("2026-11-23T09:00:00Z", "2026-11-30", "2026-11-30T09:00:00Z")] // the very moment: next week
    [InlineData("2026-11-23T08:59:00Z", "2026-11-23", "2026-11-23T09:00:00Z")]
    [InlineData("2026-03-24T10:00:00Z", "2026-03-30", "2026-03-30T08:00:00Z")] // London has gone to summer time: 09:00 BST
    [InlineData("2026-10-20T10:00:00Z", "2026-10-26", "2026-10-26T09:00:00Z")] // and back to GMT
    public void Next_IsTheConfiguredDayAndLocalTimeInTheTeamsTimeZone(string after, string date, string at)
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        var next = DigestSchedule.Next(new DigestOptions(), london, DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), next.Date);
        Assert.Equal(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), next.At);
    }

    [Fact]
    public async Task Digest_AfterAWeekOfWork_ReachesTheLeadOnce_WithTheWeeksNumbersQuotesAndTheLink()
    {
                await Digests.EnsureScheduledAsync(CancellationToken.None);
        // A second instance starting (or a restart) schedules nothing more.
        await Digests.EnsureScheduledAsync(CancellationToken.None);
        Assert.Equal(3, (await _h.Scheduler.GetStatsAsync(CancellationToken.None)).Scheduled);

        // The week: one request resolved and thanked, one resolved and rated low with a comment, one still open.
        var thanked = await ResolvedAsync("My VPN drops every call", "Reinstalled the VPN client", fixedIt: true, rating: "5");
        await _h.ClickAsync(Maya, thanked.Survey!.Card!, $"Thank {Alex.Name}");
        await _h.DrainQueueAsync(KudosService.QueueName);
        await ResolvedAsync("My laptop will not boot", "Replaced the disk", fixedIt: true, rating: "1", comment: LowComment);
        await _h.FileAsync(Tom, "The VPN asks for my password again");
        _h.Gateway.Sent.Clear();

        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await _h.RunDueJobsAsync();

        var digest = Assert.Single(_h.Gateway.Sent, s => s.Message.Card?.Title == "Weekly digest: IT Support").Message;
        Assert.Equal(Dm(Lena), digest.To);
        var card = digest.Card!;
        Assert.Equal("3 opened, 2 resolved", Fact(card, "Requests"));
        Assert.Equal("3.0 average of 2 ratings, 1 low with a comment", Fact(card, "Satisfaction"));
        Assert.Equal("first response 100%, resolution 100%", Fact(card, "SLA met"));
        Assert.Equal("0 this week, 1 open and overdue now", Fact(card, "Breaches"));
        Assert.Equal("1", Fact(card, "Thanks received"));
        Assert.Equal("1", Fact(card, "Resolved, not thanked"));
        Assert.Contains("Low ratings to follow up:", card.Text, StringComparison.Ordinal);
        // The requester's words as she wrote them, markup and all: the card is plain text on every platform.
        Assert.Contains($"\"{LowComment}\"", card.Text, StringComparison.Ordinal);
        Assert.Contains("Thanks received:", card.Text, StringComparison.Ordinal);
        Assert.Contains("Maya Patel to Alex Kim: \"for resolving IT-1001 (My VPN drops every call): Reinstalled the VPN client\"", card.Text, StringComparison.Ordinal);
        var link = Assert.Single(card.Links);
        Assert.StartsWith(Page.AbsoluteUri + "?t=", link.Url.AbsoluteUri, StringComparison.Ordinal);
        // Other teams' leads get theirs; the harness's other teams have none.
        Assert.Single(_h.Gateway.Sent, s => s.Message.Card?.Title.StartsWith("Weekly digest", StringComparison.Ordinal) == true);

        // Next week's digest is scheduled, and nothing runs again this week.
        Assert.NotNull(await _h.Scheduler.GetAsync(DigestSchedule.JobId("it", new DateOnly(2026, 12, 7)), CancellationToken.None));
        Assert.Equal(0, await _h.RunDueJobsAsync());
    }

    [Fact]
    public async Task Digest_JobRunTwice_AsByTwoInstancesAfterALostLease_SendsEachLeadOneDigest()
    {
                await Digests.EnsureScheduledAsync(CancellationToken.None);
        _h.Gateway.Sent.Clear();
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

        var first = (await _h.Scheduler.ClaimDueAsync(16, TimeSpan.FromMinutes(1), CancellationToken.None)).Single(l => l.Job.Id == DigestSchedule.JobId("it", new DateOnly(2026, 11, 30)));
        // The first instance stalls past its lease; a second claims the same job and runs it too.
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = (await _h.Scheduler.ClaimDueAsync(16, TimeSpan.FromMinutes(1), CancellationToken.None)).Single(l => l.Job.Id == first.Job.Id);
        var job = _h.Services.GetServices<IJobHandler>().Single(j => j.Kind == DigestSchedule.JobKind);
        await Task.WhenAll(job.RunAsync(first, CancellationToken.None), job.RunAsync(second, CancellationToken.None));

        Assert.Single(_h.Gateway.Sent, s => s.Message.Card?.Title == "Weekly digest: IT Support");
    }

    [Fact]
    public async Task Digest_Disabled_SchedulesNothing()
    {
        var h = new EngineHarness(addModules: s => s.AddSingleton(new DashboardOptions { Digest = new DigestOptions { Enabled = false } }));

        await h.Services.GetRequiredService<WeeklyDigests>().EnsureScheduledAsync(CancellationToken.None);

        Assert.Equal(0, (await h.Scheduler.GetStatsAsync(CancellationToken.None)).Scheduled);
    }

    private async Task<Ticket> ResolvedAsync(string text, string note, bool fixedIt, string rating, string? comment = null)
    {
        var ticket = await _h.FileAsync(text: text);
        var team = ticket.TeamCards.Single();
        await _h.ClickAsync(Alex, team, "Assign to me");
        await _h.ClickAsync(Alex, team, "Resolve", Inputs((Verbs.Keys.Note, note)));
        ticket = await _h.ReloadAsync(ticket);
        var inputs = comment is null ? Inputs((Verbs.Keys.Rating, rating)) : Inputs((Verbs.Keys.Rating, rating), (Verbs.Keys.Comment, comment));
        await _h.ClickAsync(Maya, ticket.Survey!.Card!, fixedIt ? "Yes, it's fixed" : "No, still broken", inputs);
        return await _h.ReloadAsync(ticket);
    }

    private static string Fact(Card card, string label) => card.Facts.Single(f => f.Label == label).Value;
}

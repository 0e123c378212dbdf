using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Reports;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Dashboard;

/// <summary>One team's digest for the week that ended before <see cref="SendDate"/>: what each of its leads is sent.</summary>
/// <param name="Team">The team.</param>
/// <param name="SendDate">The local date it is sent on, in the team's calendar time zone.</param>
/// <param name="Period">The seven days it covers (the reports' UTC days, the last one the day before sending).</param>
/// <param name="Opened">Requests opened in the period.</param>
/// <param name="Resolved">Requests resolved in the period.</param>
/// <param name="FirstResponseMetPercent">First responses within the SLA target, in percent; null when none had a target.</param>
/// <param name="ResolutionMetPercent">Resolutions within the SLA target, in percent; null when none had a target.</param>
/// <param name="Breaches">First responses and resolutions over their SLA target in the period.</param>
/// <param name="Overdue">Open requests past their resolution target now.</param>
/// <param name="Ratings">Ratings answered in the period.</param>
/// <param name="AverageRating">Their average; null without any.</param>
/// <param name="LowRatings">The low ratings with a comment, to follow up (newest first).</param>
/// <param name="ThanksReceived">Kudos and thank-yous the team's agents received in the period.</param>
/// <param name="Quotes">Some of what they were thanked for, as the givers wrote it.</param>
/// <param name="ResolvedUnthanked">Requests the team resolved in the period that nobody thanked it for.</param>
public sealed record TeamDigest(
    ServiceTeam Team,
    DateOnly SendDate,
    ReportPeriod Period,
    long Opened,
    long Resolved,
    double? FirstResponseMetPercent,
    double? ResolutionMetPercent,
    long Breaches,
    long Overdue,
    long Ratings,
    double? AverageRating,
    IReadOnlyList<CommentRow> LowRatings,
    long ThanksReceived,
    IReadOnlyList<DigestQuote> Quotes,
    int ResolvedUnthanked);

/// <summary>A thank-you's words in a digest.</summary>
/// <param name="From">Who gave it (plain text).</param>
/// <param name="To">Who received it (plain text).</param>
/// <param name="Reason">What for, as written.</param>
public sealed record DigestQuote(string From, string To, string Reason);

/// <summary>When each team's weekly digest is due and under which job id, in the team's calendar time zone.</summary>
public static class DigestSchedule
{
    /// <summary>The job kind that sends a digest.</summary>
    public const string JobKind = "dashboard.digest";

    /// <summary>The job id of <paramref name="teamId"/>'s digest sent on <paramref name="sendDate"/>: one per team and week.</summary>
    public static string JobId(string teamId, DateOnly sendDate) => $"digest:{teamId}:{sendDate:yyyy-MM-dd}";

    /// <summary>The first send instant strictly after <paramref name="after"/>, with its local date.</summary>
    public static (DateOnly Date, DateTimeOffset At) Next(DigestOptions options, TimeZoneInfo zone, DateTimeOffset after)
    {
        var today = DateOnly.FromDateTime(LocalTimes.WallClock(zone, after));
        for (var day = today; ; day = day.AddDays(1))
        {
            if (day.DayOfWeek != options.Day) continue;
            var at = LocalTimes.ToInstant(zone, day.ToDateTime(options.Time));
            if (at > after) return (day, at);
        }
    }
}

/// <summary>
/// Schedules each team's next digest (<see cref="DigestSchedule"/>) and builds and sends a digest when its job runs:
/// to every lead of the team, in their direct chat, once per lead and week across any number of instances (the
/// scheduler's claim, then a claim per lead so a retried job skips the leads already sent to).
/// </summary>
public sealed partial class WeeklyDigests(
    DashboardOptions options,
    TeamDirectory teams,
    IScheduler scheduler,
    ReportReader reports,
    IKudosStore kudos,
    ITicketStore tickets,
    IIdempotencyStore sent,
    DirectMessenger messenger,
    DashboardLinks links,
    TimeProvider time,
    ILogger<WeeklyDigests> logger)
{
    /// <summary>How many recent kudos are read to find the week's thank-yous: the ledger's tail, never all of it.</summary>
    public const int RecentKudosRead = 500;

    /// <summary>The most quotes a digest shows.</summary>
    public const int MaxQuotes = 3;

    /// <summary>The most low ratings a digest lists.</summary>
    public const int MaxLowRatings = 5;

    private static readonly TimeSpan SentMemory = TimeSpan.FromDays(30);

    /// <summary>Schedules every team's next digest that is not scheduled yet (at start-up, on every instance).</summary>
    public async Task EnsureScheduledAsync(CancellationToken cancellationToken)
    {
        if (!options.Digest.Enabled) return;
        foreach (var team in teams.All) await ScheduleNextAsync(team, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Sends the digest the job names, then schedules the team's next one.</summary>
    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize(job.Job.Payload, DigestJsonContext.Default.DigestJob)
                      ?? throw new FormatException($"Job {job.Job.Id} names no digest.");
        if (!options.Digest.Enabled || teams.Find(payload.Team) is not { } team) return;
        var digest = await BuildAsync(team, payload.SendDate, cancellationToken);
        var reached = 0;
        foreach (var lead in team.Leads)
        {
            var leadId = lead.Email is { } email ? PersonId.ForEmail(email) : PersonId.ForPlatformKey(lead.Ids.FirstOrDefault() ?? lead.Name);
            var key = $"digest:{team.Id}:{payload.SendDate:yyyy-MM-dd}:{leadId}";
            await sent.SendOnceAsync(key, SentMemory, async ct =>
            {
                // The link shows every team the lead leads, like the one "dashboard" gives them; it lasts until the next digest and a day.
                var led = teams.All.Where(t => t.Leads.Any(l => SameEntry(l, lead))).Select(t => t.Id);
                var link = links.For(leadId, led.Prepend(team.Id), TimeSpan.FromDays(8));
                var card = DigestCard(digest, link);
                // The directory knows the lead by e-mail once they have used Switchboard; before that, a configured account still reaches them.
                var result = lead.Email is { } address ? await messenger.SendAsync(PersonId.ForEmail(address), null, card, ct) : null;
                if (result is null or { Outcome: DirectMessageOutcome.UnknownPerson } && lead.Ids.Count > 0)
                    result = await messenger.SendAsync(AccountOf(lead), null, card, ct);
                if (result is { Sent: true }) reached++;
                else LogLeadUnreachable(team.Id, result?.Outcome ?? DirectMessageOutcome.UnknownPerson);
            }, cancellationToken);
        }
        LogSent(team.Id, payload.SendDate, reached);
        await ScheduleNextAsync(team, job.Job.DueAt, cancellationToken);
    }

    private static PersonRef AccountOf(AgentOptions lead)
    {
        var id = lead.Ids[0];
        var at = id.IndexOf(':');
        return new PersonRef(new Platform(id[..at]), id[(at + 1)..], lead.Name, lead.Email);
    }

    private static bool SameEntry(AgentOptions a, AgentOptions b) =>
        (a.Email is not null && string.Equals(a.Email, b.Email, StringComparison.OrdinalIgnoreCase)) ||
        a.Ids.Intersect(b.Ids, StringComparer.OrdinalIgnoreCase).Any();

    /// <summary>The digest of <paramref name="team"/> for the seven days before <paramref name="sendDate"/>.</summary>
    public async Task<TeamDigest> BuildAsync(ServiceTeam team, DateOnly sendDate, CancellationToken cancellationToken)
    {
        var query = new ReportQuery(sendDate.AddDays(-7), sendDate.AddDays(-1), [team.Id]);
        var summary = await reports.SummaryAsync(query, cancellationToken);
        var totals = summary.Requests.Totals.FirstOrDefault(t => t.Team == team.Id);
        var levels = summary.ServiceLevels.Rows.Where(r => r.Team == team.Id).ToList();
        var rating = summary.Satisfaction.Rows.FirstOrDefault(r => r.Team == team.Id && r.Agent is null);
        var kudosReceived = summary.Kudos.Rows.FirstOrDefault(r => r.Dimension == "team" && r.Team == team.Id && r.Value is null)?.Received ?? 0;
        var lowRatings = await reports.CommentsAsync(query, MaxLowRatings, cancellationToken);
        var (quotes, thanked) = await ThanksAsync(team, query, cancellationToken);
        var resolved = (await tickets.ListByTeamAsync(team.Id, cancellationToken))
            .Where(t => t.TeamId == team.Id && t.Status == TicketStatus.Resolved && t.ResolvedAt is { } at && InPeriod(at, query))
            .ToList();
        return new TeamDigest(team, sendDate, query.Period,
            totals?.Opened ?? 0, totals?.Resolved ?? 0,
            levels.FirstOrDefault(r => r.Measure == "firstResponse")?.MetPercent,
            levels.FirstOrDefault(r => r.Measure == "resolution")?.MetPercent,
            levels.Sum(r => r.Breached),
            summary.Backlog.Rows.FirstOrDefault(r => r.Team == team.Id)?.Overdue ?? 0,
            rating?.Count ?? 0, rating?.Average,
            lowRatings.Rows,
            kudosReceived,
            quotes,
            resolved.Count(t => !thanked.Contains(TicketThanks.KudosId(t.Number))));
    }

    /// <summary>The week's thank-yous to the team's agents (newest first) and the ids of the service thanks among them.</summary>
    private async Task<(IReadOnlyList<DigestQuote> Quotes, HashSet<string> Thanked)> ThanksAsync(ServiceTeam team, ReportQuery query, CancellationToken cancellationToken)
    {
        var recent = await kudos.RecentAsync(RecentKudosRead, cancellationToken);
        var theirs = recent
            .Where(e => InPeriod(e.At, query))
            .Where(e => e.Kind == KudosKind.ServiceThanks
                ? e.Ticket is { } number && TicketNumber.TryParse(number, out var parsed) && teams.FindByPrefix(parsed.Value.Prefix)?.Id == team.Id
                : e.Receivers.Any(r => team.IsAgent(r.Account)))
            .ToList();
        var quotes = theirs.Where(e => e.Kind != KudosKind.PlusOne)
            .Take(MaxQuotes)
            .Select(e => new DigestQuote(e.Giver.Name, KudosService.Names(e.Receivers.Select(r => r.Name)), e.Reason))
            .ToList();
        return (quotes, theirs.Where(e => e.Kind == KudosKind.ServiceThanks).Select(e => e.Id).ToHashSet(StringComparer.Ordinal));
    }

    private static bool InPeriod(DateTimeOffset at, ReportQuery query)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day >= query.From && day <= query.To;
    }

    /// <summary>The digest as a card: numbers as facts, people's words as plain text, the dashboard as a link button.</summary>
    public static Card DigestCard(TeamDigest digest, DashboardLink? link)
    {
        var lines = new List<string>
        {
            $"Your week in {digest.Team.Name}, {Day(digest.Period.From)} to {Day(digest.Period.To)} (UTC days).",
        };
        if (digest.LowRatings.Count > 0)
        {
            lines.Add("");
            lines.Add("Low ratings to follow up:");
            // Requesters' words, quoted as written: the card is plain text on every platform, so nothing in them formats or pings.
            lines.AddRange(digest.LowRatings.Select(r => $"• {r.Ticket}, {r.Rating}/5 for {r.AgentName}: " +
                (r.Withheld ? "(comment withheld: confidential team)" : $"\"{r.Comment}\"")));
        }
        if (digest.Quotes.Count > 0)
        {
            lines.Add("");
            lines.Add("Thanks received:");
            lines.AddRange(digest.Quotes.Select(q => $"• {q.From} to {q.To}: \"{q.Reason}\""));
        }
        if (link is null) lines.Add("\nThe dashboard's address isn't configured (Dashboard:PublicUrl), so there is no link this week.");
        return new Card($"Weekly digest: {digest.Team.Name}", string.Join('\n', lines),
            [
                new CardFact("Requests", $"{digest.Opened} opened, {digest.Resolved} resolved"),
                new CardFact("SLA met", $"first response {Percent(digest.FirstResponseMetPercent)}, resolution {Percent(digest.ResolutionMetPercent)}"),
                new CardFact("Breaches", $"{digest.Breaches} this week, {digest.Overdue} open and overdue now"),
                new CardFact("Satisfaction", digest.AverageRating is { } average
                    ? $"{average.ToString("0.0#", CultureInfo.InvariantCulture)} average of {digest.Ratings} rating{(digest.Ratings == 1 ? "" : "s")}, {digest.LowRatings.Count} low with a comment"
                    : "no ratings this week"),
                new CardFact("Thanks received", digest.ThanksReceived.ToString(CultureInfo.InvariantCulture)),
                new CardFact("Resolved, not thanked", digest.ResolvedUnthanked.ToString(CultureInfo.InvariantCulture)),
            ],
            [], [],
            Subtitle: link is null ? null : $"Dashboard link works until {DashboardCards.Expiry(link.Access.ExpiresAt)}")
        {
            Links = link is null ? [] : [new CardLink(DashboardCards.OpenTitle, link.Url)],
        };
    }

    private static string Percent(double? value) => value is { } v ? $"{v.ToString("0.#", CultureInfo.InvariantCulture)}%" : "n/a";

    private static string Day(DateOnly date) => date.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    private async Task ScheduleNextAsync(ServiceTeam team, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var (date, at) = DigestSchedule.Next(options.Digest, team.Calendar.TimeZone, after);
        var id = DigestSchedule.JobId(team.Id, date);
        // Scheduling an id again would take it from an instance that has claimed it; one already there is left alone.
        if (await scheduler.GetAsync(id, cancellationToken) is not null) return;
        var payload = JsonSerializer.Serialize(new DigestJob(team.Id, date), DigestJsonContext.Default.DigestJob);
        await scheduler.ScheduleAsync(new ScheduledJob(id, DigestSchedule.JobKind, payload, at), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest of team {Team} for {SendDate} reached {Leads} leads")]
    private partial void LogSent(string team, DateOnly sendDate, int leads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A lead of team {Team} could not be sent the weekly digest ({Outcome})")]
    private partial void LogLeadUnreachable(string team, DirectMessageOutcome outcome);

    internal sealed record DigestJob(string Team, DateOnly SendDate);
}

/// <summary>Runs the <see cref="DigestSchedule.JobKind"/> jobs.</summary>
public sealed class WeeklyDigestJob(WeeklyDigests digests) : IModuleJob
{
    /// <inheritdoc />
    public Task RunAsync(JobLease job, CancellationToken cancellationToken) => digests.RunAsync(job, cancellationToken);
}

[JsonSerializable(typeof(WeeklyDigests.DigestJob))]
internal sealed partial class DigestJsonContext : JsonSerializerContext;

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Kudos;

/// <summary>The scheduled job kinds and card verbs of the kudos nudges.</summary>
public static class KudosNudgeNames
{
    /// <summary>The weekly round-up of one requester.</summary>
    public const string RoundUpJob = "kudos.round-up";

    /// <summary>The reminder to give, one per person.</summary>
    public const string ReminderJob = "kudos.reminder";

    /// <summary>"Thank …" on a row of the round-up.</summary>
    public const string RoundUpThankVerb = "kudos.round-up-thank";

    /// <summary>The data key listing every ticket of the round-up, so a click repaints the whole card.</summary>
    public const string TicketsKey = "tickets";
}

/// <summary>
/// The weekly round-up: at <see cref="KudosRoundUpOptions.At"/> on <see cref="KudosRoundUpOptions.Day"/> in her time
/// zone, a requester whose tickets were resolved that week gets "3 of your requests were resolved this week by A, B
/// and C — thank them?" with one "Thank …" per ticket (paid from the ticket's service budget, like
/// <see cref="TicketThanks"/>, and the same thank-you: sending one sends the other).
/// </summary>
/// <remarks>
/// Nothing scans tickets: as a ticket resolves (<see cref="NoteResolvedAsync"/>), it is added to its requester's list
/// and her round-up job for that week is scheduled (scheduling it again only replaces it), so the scheduler holds
/// exactly the people who have a round-up coming. The job runs once across instances; the message is claimed under
/// the job's id (one per person and week) before it is sent, so a job that runs twice never sends it twice. Tickets
/// already thanked, answered "not fixed", reopened, or offered in an earlier round-up are left out, and a round-up
/// with nothing left is not sent.
/// </remarks>
public sealed partial class KudosRoundUps(
    IKudosActivityStore activity,
    IKudosStore store,
    ITicketStore tickets,
    IScheduler scheduler,
    IIdempotencyStore claims,
    DirectMessenger messenger,
    KudosService kudos,
    KudosOptions options,
    TimeProvider time,
    ILogger<KudosRoundUps> logger)
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    // Long enough that no later run of a round-up job finds its claim gone (jobs are retried for hours at most).
    private static readonly TimeSpan SentMemory = TimeSpan.FromDays(60);

    /// <summary>The job id of a person's round-up on one local day: one per person and week.</summary>
    public static string JobId(string personId, DateOnly day) => $"kudos-round-up:{personId}:{day:yyyy-MM-dd}";

    /// <summary>The first round-up time strictly after <paramref name="after"/>, at <paramref name="roundUp"/>'s day and local time in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Next(KudosRoundUpOptions roundUp, TimeZoneInfo zone, DateTimeOffset after)
    {
        var day = DateOnly.FromDateTime(LocalTimes.WallClock(zone, after));
        day = day.AddDays(((int)roundUp.Day - (int)day.DayOfWeek + 7) % 7);
        var at = LocalTimes.ToInstant(zone, day.ToDateTime(roundUp.At));
        return at > after ? at : LocalTimes.ToInstant(zone, day.AddDays(7).ToDateTime(roundUp.At));
    }

    /// <summary>Adds a resolved ticket to its requester's list and schedules her round-up for that week (safe to repeat).</summary>
    public async Task NoteResolvedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (!options.RoundUp.Enabled || ticket.Status != TicketStatus.Resolved || ticket.ResolvedAt is not { } resolvedAt) return;
        if (TicketHelpers.Of(ticket).Count == 0) return;
        var (requester, zone) = await kudos.ResolveAsync(ticket.Requester, cancellationToken);
        var now = time.GetUtcNow();
        var due = Next(options.RoundUp, zone, resolvedAt);
        var changed = await activity.AddRequesterResolutionAsync(requester.Id, ticket.Number.ToString(), resolvedAt, now - 2 * Week, cancellationToken);
        // A round-up still to come is scheduled again on every repeat (the same job: a no-op), so a failure after the
        // list was written can't leave it unscheduled; a past one only when the ticket is new to it (a late observer).
        if (!changed && due <= now) return;
        var day = DateOnly.FromDateTime(LocalTimes.WallClock(zone, due));
        var payload = JsonSerializer.Serialize(requester, KudosActivityJsonContext.Default.KudosPerson);
        await scheduler.ScheduleAsync(new ScheduledJob(JobId(requester.Id, day), KudosNudgeNames.RoundUpJob, payload, due), cancellationToken);
    }

    /// <summary>Sends the round-up of the fired job, once (see the remarks).</summary>
    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var person = JsonSerializer.Deserialize(job.Job.Payload, KudosActivityJsonContext.Default.KudosPerson)
                     ?? throw new FormatException($"Job {job.Job.Id} names nobody.");
        if (await activity.GetRemindersAsync(person.Id, cancellationToken) == KudosReminders.Off)
        {
            LogSkipped(logger, job.Job.Id, "reminders are off");
            return;
        }
        // The week before the round-up, as Next assigns tickets to it: one resolved at the round-up's moment belongs to the next.
        var candidates = await activity.RequesterResolutionsAsync(person.Id, job.Job.DueAt - Week, job.Job.DueAt, cancellationToken);
        var offered = await activity.OfferedAsync(person.Id, candidates, cancellationToken);
        var rows = new List<Ticket>();
        foreach (var number in candidates.Where(c => !offered.Contains(c)))
        {
            if (!TicketNumber.TryParse(number, out var parsed)) continue;
            if (await tickets.GetAsync(parsed.Value, cancellationToken) is { } ticket && await IsOfferableAsync(ticket, cancellationToken)) rows.Add(ticket);
        }
        if (rows.Count == 0)
        {
            LogSkipped(logger, job.Job.Id, "nothing left to thank for");
            return;
        }

        var card = KudosRoundUpCard.Build(rows, thanked: new HashSet<string>());
        var ran = await claims.SendOnceAsync($"kudos-round-up-sent:{job.Job.Id}", SentMemory, async ct =>
        {
            var sent = await messenger.SendAsync(person.Account, card.Text, card, ct);
            if (!sent.Sent) LogUnreachable(logger, job.Job.Id, sent.Outcome);
        }, cancellationToken);
        if (!ran) return;
        await activity.MarkOfferedAsync(person.Id, rows.Select(t => t.Number.ToString()).ToList(), cancellationToken);
        LogSent(logger, job.Job.Id, rows.Count);
    }

    /// <summary>Whether a round-up still offers thanks for <paramref name="ticket"/>: resolved, not "not fixed", someone to thank, not thanked yet.</summary>
    public async Task<bool> IsOfferableAsync(Ticket ticket, CancellationToken cancellationToken) =>
        ticket.Status == TicketStatus.Resolved
        && ticket.Survey?.Fixed != false
        && TicketHelpers.Of(ticket).Count > 0
        && await store.GetAsync(TicketThanks.KudosId(ticket.Number), cancellationToken) is null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Kudos round-up {JobId} sent with {Tickets} tickets")]
    private static partial void LogSent(ILogger logger, string jobId, int tickets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kudos round-up {JobId} not sent: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kudos round-up {JobId} could not reach its requester ({Outcome})")]
    private static partial void LogUnreachable(ILogger logger, string jobId, DirectMessageOutcome outcome);
}

/// <summary>Runs a fired round-up job.</summary>
public sealed class KudosRoundUpJob(KudosRoundUps roundUps) : IModuleJob
{
    /// <inheritdoc />
    public Task RunAsync(JobLease job, CancellationToken cancellationToken) => roundUps.RunAsync(job, cancellationToken);
}

/// <summary>The round-up card: one row per resolved ticket, each with its own "Thank …" until it is thanked.</summary>
public static class KudosRoundUpCard
{
    /// <summary>The card for <paramref name="tickets"/>, the ones in <paramref name="thanked"/> shown as thanked.</summary>
    public static Card Build(IReadOnlyList<Ticket> tickets, IReadOnlySet<string> thanked)
    {
        var all = string.Join(',', tickets.Select(t => t.Number.ToString()));
        var helpers = tickets.SelectMany(TicketHelpers.Of).Aggregate(new List<PersonRef>(), (list, h) =>
        {
            if (!list.Any(p => p.IsSamePerson(h))) list.Add(h);
            return list;
        });
        var rows = tickets.Select(ticket =>
        {
            var number = ticket.Number.ToString();
            var names = KudosService.Names(TicketHelpers.Of(ticket).Select(h => h.Name));
            var done = thanked.Contains(number);
            IReadOnlyList<CardAction> actions = done
                ? []
                : [new CardAction($"Thank {names}", KudosNudgeNames.RoundUpThankVerb,
                    new Dictionary<string, string> { [KudosVerbs.TicketKey] = number, [KudosNudgeNames.TicketsKey] = all }, ActionStyle.Positive)];
            return new CardItem($"{number} {ticket.Summary}", done ? $"Thanked {names} ✓" : $"Resolved by {names}", actions, done ? CardAccent.Good : CardAccent.Default);
        }).ToList();
        var count = tickets.Count == 1 ? "1 of your requests was" : $"{tickets.Count} of your requests were";
        return new Card("Your week's resolved requests",
            $"{count} resolved this week by {KudosService.Names(helpers.Select(h => h.Name))} — thank them?",
            [], [], [], Subtitle: "One click thanks them; it costs you nothing.") { Items = rows };
    }
}

/// <summary>"Thank …" on a round-up row: the ticket's thank-you (the same one the survey offers), then the card repainted.</summary>
public sealed class KudosRoundUpThanks(ITicketStore tickets, IKudosStore store, TicketDisclosure disclosure, KudosRoundUps roundUps, KudosService kudos, PlatformGateways gateways) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(action.Get(KudosVerbs.TicketKey), out var number)) return TurnResult.Refused("That button names no request.");
        var ticket = await tickets.GetAsync(number.Value, cancellationToken);
        if (ticket is null || !disclosure.MaySee(ticket, turn.From)) return TurnResult.Refused(TicketDisclosure.Unknown(number.Value));
        if (!ticket.Requester.IsSamePerson(turn.From)) return TurnResult.Refused($"Only the person who filed {number} can thank its team from here.");
        if (ticket.Status != TicketStatus.Resolved) return TurnResult.Refused($"{number} is open again, so there is no thank-you to send yet.");
        if (ticket.Survey?.Fixed == false) return TurnResult.Refused($"You said {number} isn't fixed, so there is no thank-you to send.");
        var helpers = TicketHelpers.Of(ticket);
        if (helpers.Count == 0) return TurnResult.Refused($"Nobody but you worked on {number}.");

        var result = await kudos.ThankForTicketAsync(TicketThanks.KudosId(number.Value), ticket, turn.From, helpers, TicketThanks.Reason(ticket), cancellationToken);
        if (result.Outcome == KudosGiveOutcome.Refused) return TurnResult.Refused(result.Message);
        return await RepaintAsync(action, turn.From, cancellationToken) is { } card
            ? await gateways.HandledWithCardAsync(turn, card, result.Message, cancellationToken)
            : TurnResult.Handled(null, result.Message);
    }

    private async Task<Card?> RepaintAsync(TurnAction action, PersonRef requester, CancellationToken cancellationToken)
    {
        var rows = new List<Ticket>();
        var thanked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in (action.Get(KudosNudgeNames.TicketsKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TicketNumber.TryParse(listed, out var parsed) || await tickets.GetAsync(parsed.Value, cancellationToken) is not { } ticket) continue;
            if (!ticket.Requester.IsSamePerson(requester)) continue;
            // Thanked rows stay, marked; a row with nothing left to offer (reopened since) goes.
            if (await store.GetAsync(TicketThanks.KudosId(ticket.Number), cancellationToken) is not null) thanked.Add(ticket.Number.ToString());
            else if (!await roundUps.IsOfferableAsync(ticket, cancellationToken)) continue;
            rows.Add(ticket);
        }
        return rows.Count == 0 ? null : KudosRoundUpCard.Build(rows, thanked);
    }
}

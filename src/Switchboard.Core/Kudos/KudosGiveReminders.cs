using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Service;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Kudos;

/// <summary>
/// The reminder for people who haven't given kudos in <see cref="KudosReminderOptions.AfterDays"/> days, at most once
/// per that many days, and never to someone who said <c>kudos reminders off</c>.
/// </summary>
/// <remarks>
/// One job per person (<see cref="JobId"/>), scheduled when they give (and pushed back by every give) or first
/// receive, so the scheduler holds only people who take part. When it fires it checks their last give again: a give
/// since then moves it on; otherwise the reminder is claimed for the period (so a job run twice, or two instances,
/// send it once) and the job is scheduled again a period later.
/// </remarks>
public sealed partial class KudosGiveReminders(
    IKudosActivityStore activity,
    IScheduler scheduler,
    IIdempotencyStore claims,
    DirectMessenger messenger,
    KudosService kudos,
    KudosOptions options,
    TimeProvider time,
    ILogger<KudosGiveReminders> logger)
{
    private TimeSpan Period => TimeSpan.FromDays(options.Reminders.AfterDays);

    /// <summary>The reminder job of a person.</summary>
    public static string JobId(string personId) => $"kudos-reminder:{personId}";

    /// <summary>Notes a give by <paramref name="giver"/> and moves their reminder to a period after it.</summary>
    public async Task GaveAsync(KudosPerson giver, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await activity.RecordGivenAsync(giver.Id, at, cancellationToken);
        var last = await activity.LastGivenAsync(giver.Id, cancellationToken) ?? at;
        await ScheduleAsync(giver, last + Period, cancellationToken);
    }

    /// <summary>Starts the reminder of someone who received kudos and has never given (or had no reminder yet).</summary>
    public async Task ReceivedAsync(KudosPerson receiver, CancellationToken cancellationToken)
    {
        if (options.Reminders.AfterDays <= 0 || await scheduler.GetAsync(JobId(receiver.Id), cancellationToken) is not null) return;
        var last = await activity.LastGivenAsync(receiver.Id, cancellationToken);
        await ScheduleAsync(receiver, (last ?? time.GetUtcNow()) + Period, cancellationToken);
    }

    /// <summary>Turns a person's nudges on or off; on again, their reminder is scheduled afresh.</summary>
    public async Task SetAsync(KudosPerson person, KudosReminders setting, CancellationToken cancellationToken)
    {
        await activity.SetRemindersAsync(person.Id, setting, cancellationToken);
        if (setting == KudosReminders.Off) await scheduler.CancelAsync(JobId(person.Id), cancellationToken);
        else await ScheduleAsync(person, time.GetUtcNow() + Period, cancellationToken);
    }

    /// <summary>Runs a fired reminder job (see the remarks).</summary>
    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var person = JsonSerializer.Deserialize(job.Job.Payload, KudosActivityJsonContext.Default.KudosPerson)
                     ?? throw new FormatException($"Job {job.Job.Id} names nobody.");
        if (options.Reminders.AfterDays <= 0 || await activity.GetRemindersAsync(person.Id, cancellationToken) == KudosReminders.Off) return;
        var now = time.GetUtcNow();
        if (await activity.LastGivenAsync(person.Id, cancellationToken) is { } last && last + Period > now)
        {
            await ScheduleAsync(person, last + Period, cancellationToken);
            return;
        }

        // Remembered for a period less a little, so the next reminder, due a period from now at the same local time, isn't refused.
        await claims.SendOnceAsync($"kudos-reminder-sent:{person.Id}", Period - TimeSpan.FromHours(1), async ct =>
        {
            var stats = await kudos.StatsAsync(person.Account, ct);
            var sent = await messenger.SendAsync(person.Account, Text(stats), null, ct);
            if (sent.Sent) LogReminded(logger, person.Id);
        }, cancellationToken);
        await ScheduleAsync(person, now + Period, cancellationToken);
    }

    private string Text(KudosStats stats) =>
        $"It's been {options.Reminders.AfterDays} days since you last thanked anyone with kudos. Who made your work easier lately? " +
        $"Try: kudos @name for what they did. You have {stats.Left} of {stats.Limit} left this {KudosRules.PeriodName(options.Period)}. " +
        "Say \"kudos reminders off\" to stop these reminders and the weekly round-up.";

    private async Task ScheduleAsync(KudosPerson person, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (options.Reminders.AfterDays <= 0 || await activity.GetRemindersAsync(person.Id, cancellationToken) == KudosReminders.Off) return;
        var (_, zone) = await kudos.ResolveAsync(person.Account, cancellationToken);
        // At the round-up's local time, so a reminder arrives in working hours rather than at the minute of the last give.
        var day = DateOnly.FromDateTime(LocalTimes.WallClock(zone, notBefore));
        var due = LocalTimes.ToInstant(zone, day.ToDateTime(options.RoundUp.At));
        if (due < notBefore) due = LocalTimes.ToInstant(zone, day.AddDays(1).ToDateTime(options.RoundUp.At));
        var payload = JsonSerializer.Serialize(person, KudosActivityJsonContext.Default.KudosPerson);
        await scheduler.ScheduleAsync(new ScheduledJob(JobId(person.Id), KudosNudgeNames.ReminderJob, payload, due), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminded {PersonId} to give kudos")]
    private static partial void LogReminded(ILogger logger, string personId);
}

/// <summary>Runs a fired reminder job.</summary>
public sealed class KudosReminderJob(KudosGiveReminders reminders) : IModuleJob
{
    /// <inheritdoc />
    public Task RunAsync(JobLease job, CancellationToken cancellationToken) => reminders.RunAsync(job, cancellationToken);
}

/// <summary>"kudos reminders off" / "kudos reminders on": the weekly round-up and the reminder to give, both.</summary>
public sealed class KudosRemindersHandler(KudosGiveReminders reminders, KudosService kudos, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var setting = (intent.Get("setting") ?? "").Trim().ToLowerInvariant() switch
        {
            "off" or "stop" => KudosReminders.Off,
            "on" or "start" => KudosReminders.On,
            _ => (KudosReminders?)null,
        };
        if (setting is not { } chosen) return await gateways.ReplyAsync(turn, "Say \"kudos reminders off\" or \"kudos reminders on\".", cancellationToken);
        var (person, _) = await kudos.ResolveAsync(turn.From, cancellationToken);
        await reminders.SetAsync(person, chosen, cancellationToken);
        return await gateways.ReplyAsync(turn, chosen == KudosReminders.Off
            ? "Kudos reminders are off: no weekly round-up of your resolved requests and no reminders to give. Say \"kudos reminders on\" to have them back."
            : "Kudos reminders are on: you'll get the weekly round-up of your resolved requests and, now and then, a reminder to give.", cancellationToken);
    }
}

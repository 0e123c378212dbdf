using System.Globalization;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Work;

namespace Switchboard.Core.Requests;

/// <summary>How the ticket outbox recovers from a crash (section <c>Work:Outbox</c>).</summary>
public sealed record TicketOutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Work:Outbox";

    /// <summary>
    /// How long after a change its safety check runs: if the process died between storing the change and
    /// queueing its dispatch, the check queues it then. Longer than storing and queueing ever take.
    /// </summary>
    public TimeSpan RecoveryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long one delivery run may keep starting sends; past it the run leaves the rest to a new queue item.
    /// Keep it well under the work queue's lease (<c>Work:Processor:Lease</c>), so no other instance takes a
    /// ticket over while a run is still sending for it.
    /// </summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Hands ticket changes to <see cref="TicketOutboxDispatcher"/> through the <see cref="QueueName"/> work queue.
/// A change's effects are stored on the ticket with the change itself (<see cref="Ticket.Outbox"/>); the queue
/// item only says "this ticket has effects to deliver", so delivering it twice is harmless.
/// </summary>
/// <remarks>
/// A process can die between storing a change and queueing it. So before the change is stored a delayed
/// guard item is queued on <see cref="GuardQueueName"/> (<see cref="GuardAsync"/>); when it comes due,
/// <see cref="TicketOutboxGuard"/> queues the dispatch under the id the change would have used, which the
/// queue ignores as a duplicate when the change was queued after all. Guards wait on a queue of their own,
/// so the outbox queue is empty exactly when nothing is left to deliver.
/// </remarks>
public sealed partial class TicketOutbox(IWorkQueue queue, TicketOutboxOptions options, TimeProvider time, ILogger<TicketOutbox> logger)
{
    /// <summary>The work queue of ticket deliveries.</summary>
    public const string QueueName = "ticket-outbox";

    /// <summary>The work queue of crash guards, each due <see cref="TicketOutboxOptions.RecoveryDelay"/> after its change.</summary>
    public const string GuardQueueName = "ticket-outbox-guard";

    /// <summary>
    /// Queues, before a change is stored at <paramref name="version"/>, the check that its dispatch gets queued.
    /// Throws when the queue is unreachable; the change must then not be stored.
    /// </summary>
    public Task GuardAsync(TicketNumber number, long version, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(GuardQueueName,
            new WorkItem($"{number}:{Format(version)}", $"guard:{number}", Payload(number, version)),
            time.GetUtcNow() + options.RecoveryDelay, cancellationToken);

    /// <summary>
    /// Queues the delivery of <paramref name="stored"/>'s effects. A failure is logged, not thrown: the change is
    /// stored and acknowledged, and its guard queues the delivery later.
    /// </summary>
    public async Task DispatchAsync(Ticket stored, CancellationToken cancellationToken)
    {
        try
        {
            await EnqueueAsync(stored.Number, stored.Version, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDispatchNotQueued(stored.Number.ToString(), e.GetType().Name);
        }
    }

    internal Task<bool> EnqueueAsync(TicketNumber number, long version, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(QueueName, new WorkItem($"{number}:{Format(version)}", $"ticket:{number}", Payload(number, version)), null, cancellationToken);

    /// <summary>Queues a delivery of the ticket's outbox for <paramref name="notBefore"/> under a fresh id.</summary>
    internal Task<bool> EnqueueLaterAsync(TicketNumber number, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(QueueName, new WorkItem($"{number}:later:{Guid.NewGuid():N}", $"ticket:{number}", Payload(number, 0)), notBefore, cancellationToken);

    /// <summary>Reads a queue item: the ticket and the version whose change queued it.</summary>
    internal static bool TryParse(string payload, out TicketNumber number, out long version)
    {
        var parts = payload.Split(' ');
        version = 0;
        number = default;
        if (parts.Length != 2 || !TicketNumber.TryParse(parts[0], out var parsed) ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return false;
        number = parsed.Value;
        return true;
    }

    /// <summary>The effects of filing <paramref name="ticket"/>, stored with it at version 1.</summary>
    internal static IReadOnlyList<TicketEffect> ForFiling(Ticket ticket, MessageRef? answered)
    {
        var effects = new EffectList(1);
        effects.Add(TicketEffectKind.PostTeamCards, e => e with { TeamId = ticket.TeamId });
        // The draft's card becomes the requester's card; a form filing has none, so one is sent.
        if (ticket.RequesterCard is null) effects.Add(TicketEffectKind.RequesterCard);
        else effects.Add(TicketEffectKind.Repaint, e => e with { Answered = answered });
        effects.Add(TicketEffectKind.Receipt);
        effects.Add(TicketEffectKind.Timers);
        return effects.Items;
    }

    /// <summary>The effects of a change from <paramref name="before"/> to <paramref name="after"/>, stored with it.</summary>
    internal static IReadOnlyList<TicketEffect> ForChange(Ticket before, Ticket after, TicketChangeResult result, string? notice, MessageRef? answered,
        IReadOnlyList<PersonNote>? notes = null)
    {
        var effects = new EffectList(before.Version + 1);
        if (before.TeamId != after.TeamId)
        {
            // The old team's cards become a closed record of the move; the new team gets fresh cards.
            if (before.TeamCards.Count > 0)
                effects.Add(TicketEffectKind.CloseTeamCards, e => e with { TeamId = before.TeamId, MovedTo = after.TeamId, Cards = before.TeamCards, Text = result.TeamThreadMessage, Redacted = result.TeamThreadRedacted });
            effects.Add(TicketEffectKind.PostTeamCards, e => e with { TeamId = after.TeamId });
        }
        effects.Add(TicketEffectKind.Repaint, e => e with { Answered = answered });
        if (before.TeamId == after.TeamId && result.TeamThreadMessage is { } note)
            effects.Add(TicketEffectKind.ThreadNote, e => e with { TeamId = after.TeamId, Text = note, Redacted = result.TeamThreadRedacted, About = after.History[^1].Kind });
        // The requester's card never reached them (a platform failure when it was filed): send one with the news.
        if (after.RequesterCard is null && result.RequesterMessage is not null) effects.Add(TicketEffectKind.RequesterCard);
        if (notice is not null)
            effects.Add(TicketEffectKind.Notice, e => e with
            {
                Text = notice,
                // A question, a message from the team or a reminder of the question: she can answer from it.
                ReplyButton = after.IsOpen && (after.History[^1].Kind is TicketEventKind.WaitingOnRequester or TicketEventKind.AgentReplied ||
                                               after.Status == TicketStatus.WaitingOnRequester),
            });
        if (after.Survey is { State: SurveyState.Pending } && before.Survey?.State != SurveyState.Pending)
            effects.Add(TicketEffectKind.Survey);
        else if (before.Survey is { State: SurveyState.Pending } && after.Survey?.State is not SurveyState.Pending)
            effects.Add(TicketEffectKind.SurveyUpdate);
        foreach (var person in notes ?? [])
            effects.Add(TicketEffectKind.PersonNote, e => e with { To = person.To, Text = person.Text, FollowUp = person.FollowUp });
        effects.Add(TicketEffectKind.Timers);
        return effects.Items;
    }

    /// <summary>A direct message a change sends to someone other than the requester.</summary>
    internal sealed record PersonNote(PersonRef To, string Text, bool FollowUp = false);

    private static string Payload(TicketNumber number, long version) => $"{number} {Format(version)}";

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery of {Ticket}'s change could not be queued ({ErrorType}); its guard queues it later")]
    private partial void LogDispatchNotQueued(string ticket, string errorType);

    private sealed class EffectList(long version)
    {
        public List<TicketEffect> Items { get; } = [];

        public void Add(TicketEffectKind kind, Func<TicketEffect, TicketEffect>? details = null)
        {
            var effect = new TicketEffect(string.Create(CultureInfo.InvariantCulture, $"{version}.{Items.Count + 1}"), kind);
            Items.Add(details is null ? effect : details(effect));
        }
    }
}

/// <summary>Runs the crash guards of <see cref="TicketOutbox"/>: each queues its change's delivery (a duplicate, and ignored, when it was queued).</summary>
public sealed class TicketOutboxGuard(TicketOutbox outbox) : IWorkHandler
{
    /// <inheritdoc />
    public string Queue => TicketOutbox.GuardQueueName;

    /// <inheritdoc />
    public Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken) =>
        TicketOutbox.TryParse(delivery.Item.Payload, out var number, out var version)
            ? outbox.EnqueueAsync(number, version, cancellationToken)
            : throw new FormatException($"Guard {delivery.Item.Id} does not name a ticket and version.");
}

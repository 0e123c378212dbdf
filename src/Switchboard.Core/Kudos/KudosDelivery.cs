using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Kudos;

/// <summary>
/// Delivers a stored kudos from the <see cref="KudosService.QueueName"/> work queue: the card in each platform's
/// recognition channel, a direct message to each receiver (on whichever platform they use, so a Slack user can
/// thank a Teams user), and the optional note to their managers. Each step is claimed once, so a retry after a
/// failed step repeats only what did not happen.
/// </summary>
public sealed partial class KudosDelivery(
    IKudosStore store,
    IIdempotencyStore steps,
    PlatformGateways gateways,
    DirectMessenger messenger,
    PeopleDirectory people,
    KudosOptions options,
    IKudosActivityStore activity,
    IEnumerable<IKudosFollowUp> followUps,
    ILogger<KudosDelivery> logger,
    IEnumerable<IKudosObserver> observers) : IWorkHandler
{
    private static readonly TimeSpan StepMemory = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public string Queue => KudosService.QueueName;

    /// <inheritdoc />
    public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(delivery.Item.Payload, cancellationToken);
        if (entry is null)
        {
            LogMissing(logger, delivery.Item.Payload);
            return;
        }

        // Counted first (once per id by each observer), so a delivery step that keeps failing doesn't keep it out of the reports.
        foreach (var observer in observers) await observer.KudosStoredAsync(entry, cancellationToken);

        if (entry.Kind != KudosKind.PlusOne)
        {
            foreach (var (platform, channel) in options.Channels)
            {
                var address = new ConversationAddress(new Platform(platform), channel.ConversationId, null, channel.Endpoint, channel.OrganizationId);
                if (string.IsNullOrWhiteSpace(channel.ConversationId) || !gateways.Has(address.Platform)) continue;
                await StepAsync($"{entry.Id}:channel:{platform}",
                    () => PostAsync(entry, address, cancellationToken),
                    cancellationToken);
            }
        }

        foreach (var receiver in entry.Receivers)
        {
            await StepAsync($"{entry.Id}:dm:{receiver.Id}", async () =>
            {
                var sent = await messenger.SendAsync(receiver.Account, KudosCards.ToReceiver(entry, receiver, options), null, cancellationToken);
                if (!sent.Sent) LogUnreachable(logger, entry.Id, sent.Outcome);
            }, cancellationToken);

            if (options.ManagerNotes == ManagerNotes.On && entry.Kind != KudosKind.PlusOne)
                await StepAsync($"{entry.Id}:manager:{receiver.Id}", () => NoteManagerAsync(entry, receiver, cancellationToken), cancellationToken);
        }

        foreach (var followUp in followUps) await followUp.DeliveredAsync(entry, cancellationToken);
    }

    // The card names who joined already (a "+1" on another platform's copy may come first), and is kept so later
    // "+1"s repaint it in place.
    private async Task PostAsync(KudosEntry entry, ConversationAddress address, CancellationToken cancellationToken)
    {
        var card = KudosChannelCard.Build(entry, await activity.JoinersAsync(entry.Id, cancellationToken), options);
        var posted = await gateways.SendAsync(new OutboundMessage(address, null, card), cancellationToken);
        try
        {
            await activity.AddCardAsync(entry.Id, posted, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Posted: failing the step now would post it again. Without the record, "+1"s can't repaint this copy.
            LogCardNotKept(logger, entry.Id, e.GetType().Name);
        }
    }

    private async Task NoteManagerAsync(KudosEntry entry, KudosPerson receiver, CancellationToken cancellationToken)
    {
        var person = await people.GetAsync(new PersonId(receiver.Id), cancellationToken);
        if (person?.Manager is not { Length: > 0 } manager) return;
        var found = await people.GetAsync(new PersonId(manager), cancellationToken) ?? await people.FindByEmailAsync(manager, cancellationToken);
        if (found is null || found.Id.Value == entry.Giver.Id) return;
        await messenger.SendAsync(found.Id, KudosCards.ToManager(entry, receiver, options), null, cancellationToken);
    }

    private async Task StepAsync(string step, Func<Task> send, CancellationToken cancellationToken)
    {
        var key = $"kudos-step:{step}";
        if (!await steps.TryClaimAsync(key, StepMemory, cancellationToken)) return;
        try
        {
            await send();
        }
        catch
        {
            // Not done: the queue retries the item, and this step with it.
            await steps.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The channel card of kudos {KudosId} was posted but not kept ({Error}): a +1 won't repaint it")]
    private static partial void LogCardNotKept(ILogger logger, string kudosId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kudos {KudosId} to deliver is not in the ledger")]
    private static partial void LogMissing(ILogger logger, string kudosId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A receiver of kudos {KudosId} could not be messaged directly ({Outcome})")]
    private static partial void LogUnreachable(ILogger logger, string kudosId, DirectMessageOutcome outcome);
}

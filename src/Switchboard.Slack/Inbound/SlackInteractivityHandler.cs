using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Processing;

namespace Switchboard.Slack.Inbound;

/// <summary>
/// Interactivity payloads (<c>POST /api/slack/interactivity</c>, or a Socket Mode <c>interactive</c> envelope): card
/// buttons (<c>block_actions</c>), modal submissions (<c>view_submission</c>), and global and message shortcuts, which are <see cref="EntrySurface.Shortcut"/> and
/// <see cref="EntrySurface.MessageAction"/> entry points in the module registry, named by their callback id.
/// </summary>
internal sealed partial class SlackInteractivityHandler(
    SlackInboundQueue queue,
    SlackSubmissionWaiters waiters,
    SlackApiClient api,
    SlackActionCodec codec,
    ModuleRegistry modules,
    IntentForms forms,
    IOptions<SlackOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SlackInteractivityHandler> logger)
{
    // Slack closes the connection after 3 s; what is not done by then finishes in the background, from the queue.
    private static readonly TimeSpan SynchronousBudget = TimeSpan.FromMilliseconds(2500);
    private const int MaxPrivateMetadata = 3000;

    public async Task<SlackReply> HandleAsync(string payload, CancellationToken cancellationToken)
    {
        SlackInteraction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize(payload, SlackJsonContext.Default.SlackInteraction);
        }
        catch (JsonException)
        {
            return SlackReply.Invalid("The payload is not valid JSON.");
        }
        if (interaction?.User?.Id is null) return SlackReply.Invalid("The payload names no user.");

        return interaction.Type switch
        {
            "block_actions" => await BlockActionsAsync(interaction, cancellationToken),
            "view_submission" when interaction.View?.CallbackId == SlackModals.FormCallbackId =>
                await FormSubmittedAsync(interaction, interaction.View),
            "message_action" => await EntryPointAsync(interaction, EntrySurface.MessageAction,
                BlockKit.Unescape(interaction.Message?.Text ?? ""), Permalink(interaction), Author(interaction), cancellationToken),
            "shortcut" => await EntryPointAsync(interaction, EntrySurface.Shortcut, null, null, null, cancellationToken),
            _ => SlackReply.Ok,
        };
    }

    private async Task<SlackReply> BlockActionsAsync(SlackInteraction interaction, CancellationToken cancellationToken)
    {
        var clicked = interaction.Actions?.FirstOrDefault(a => a.ActionId?.StartsWith(BlockKit.ActionIdPrefix, StringComparison.Ordinal) == true);
        if (clicked is null) return SlackReply.Ok;
        // A button carries its value; an entry of the "More" menu arrives as the selected option.
        var decoded = await codec.DecodeAsync(clicked.Value ?? clicked.SelectedOption?.Value, cancellationToken);
        if (decoded is not { } action) return SlackReply.Ok;

        var channel = interaction.Container?.ChannelId ?? interaction.Channel?.Id;
        var messageTs = interaction.Container?.MessageTs ?? interaction.Message?.Ts;
        // A button on the App Home tab belongs to no conversation: its turn is answered in the person's DM.
        if (channel is null && interaction is not { Container.Type: "view", View.Type: "home" }) return SlackReply.Ok;
        var threadTs = interaction.Message?.ThreadTs ?? interaction.Container?.ThreadTs;

        // Card inputs come from state.values; the button's own data wins over an input of the same name.
        var values = SlackWire.Values(interaction.State);
        foreach (var (key, value) in action.Data) values[key] = value;

        if (action.Form is { } form)
        {
            if (interaction.TriggerId is null || channel is null) return SlackReply.Ok;
            var metadata = new SlackFormMetadata(action.Verb, values, channel, messageTs, threadTs, interaction.Team?.Id, SlackModals.Required(form));
            if (JsonSerializer.Serialize(metadata, SlackJsonContext.Default.SlackFormMetadata).Length > MaxPrivateMetadata)
            {
                // Long text typed into the card does not fit Slack's private_metadata; the button's own data always does.
                metadata = metadata with { Values = new Dictionary<string, string>(action.Data, StringComparer.Ordinal) };
            }
            if (!await TryOpenViewAsync(interaction.TriggerId, SlackModals.FormModal(form, metadata, CardTitle(interaction)), cancellationToken))
            {
                try
                {
                    await api.PostEphemeralAsync(channel, interaction.User!.Id, "I couldn't open that form; please click the button again.",
                        null, SlackIds.IsDirectMessage(channel) ? threadTs : threadTs ?? messageTs, cancellationToken);
                }
                catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
                {
                    LogModalFailed(logger, ex.GetType().Name);
                }
            }
            return SlackReply.Ok;
        }

        var pending = CardTurn(
            interaction.User!.Id, interaction.Team?.Id, channel, messageTs, threadTs,
            new TurnAction(action.Verb, values),
            $"slack-action:{clicked.ActionTs ?? interaction.ActionTs ?? messageTs}:{interaction.User.Id}:{clicked.ActionId}");
        return await queue.EnqueueAsync(pending, cancellationToken) == SlackEnqueueOutcome.NotStored
            ? SlackReply.NotStored
            : SlackReply.Ok;
    }

    /// <summary>
    /// A shortcut: the intent its entry point asks for, with the message acted on as arguments. A form opens
    /// at once (the trigger expires in 3 s); anything else is answered in the person's DM.
    /// </summary>
    private async Task<SlackReply> EntryPointAsync(SlackInteraction interaction, EntrySurface surface, string? text, string? link,
        MessageAuthor? author, CancellationToken cancellationToken)
    {
        if (interaction.CallbackId is not { } callbackId || modules.FindEntryPoint(surface, callbackId) is not { } entry) return SlackReply.Ok;
        var intent = entry.Invoke(text, link, author);
        if (forms.For(intent) is { Form: { } form } action)
            return await OpenViewAsync(interaction.TriggerId, SlackModals.EntryFormModal(form, action, interaction.Team?.Id), cancellationToken);

        var pending = new SlackPendingTurn(interaction.TriggerId, interaction.User!.Id, interaction.Team?.Id, null, null,
            ConversationScope.Personal, null, null, time.GetUtcNow(), Intent: intent);
        return await queue.EnqueueAsync(pending, cancellationToken) == SlackEnqueueOutcome.NotStored
            ? SlackReply.NotStored
            : SlackReply.Ok;
    }

    private async Task<SlackReply> FormSubmittedAsync(SlackInteraction interaction, SlackView view)
    {
        SlackFormMetadata? metadata;
        try
        {
            metadata = view.PrivateMetadata is null ? null : JsonSerializer.Deserialize(view.PrivateMetadata, SlackJsonContext.Default.SlackFormMetadata);
        }
        catch (JsonException)
        {
            metadata = null;
        }
        if (metadata is null) return SlackReply.Invalid("The form's private_metadata is not ours.");

        var inputs = SlackWire.Values(view.State);
        var missing = (metadata.Required ?? []).Where(id => string.IsNullOrWhiteSpace(inputs.GetValueOrDefault(id))).ToList();
        if (missing.Count > 0) return SlackReply.Errors(missing.ToDictionary(id => id, _ => "Please fill this in."));

        var values = new Dictionary<string, string>(metadata.Values ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in inputs) values[key] = value;
        var pending = CardTurn(interaction.User!.Id, metadata.TeamId ?? interaction.Team?.Id, metadata.Channel,
            metadata.MessageTs, metadata.ThreadTs, new TurnAction(metadata.Verb, values), ViewDeliveryId(view, values))
            with { PickedUsers = SlackWire.PickedUsers(view.State) is { Count: > 0 } picked ? picked : null };
        var blocks = view.State?.Values?.Keys.Select(k => (k, k)).ToList() ?? [];
        return await RunSubmissionAsync(pending, blocks);
    }

    /// <summary>
    /// Stores a modal's turn, then waits within Slack's budget for it to run here, so that a refusal can be shown on
    /// the form. Past the budget, or when another instance runs it, the modal closes and a refusal arrives as an
    /// ephemeral message instead; the turn itself is safe in the queue either way.
    /// </summary>
    private async Task<SlackReply> RunSubmissionAsync(SlackPendingTurn pending, IReadOnlyList<(string BlockId, string Label)> blocks)
    {
        var stopping = lifetime.ApplicationStopping;
        // Without a block to show a refusal on, it goes to the person as a message: nothing to wait for.
        using var waiter = blocks.Count > 0 && pending.DeliveryId is { } deliveryId ? waiters.Register(deliveryId) : null;
        var stored = await queue.EnqueueAsync(pending, stopping);
        if (stored == SlackEnqueueOutcome.NotStored)
        {
            return blocks.Count == 0
                ? SlackReply.NotStored
                : SlackReply.Errors(new Dictionary<string, string> { [blocks[0].BlockId] = "I couldn't take that just now; please submit again in a moment." });
        }
        // A submission stored already (the same form sent twice) has had, or will have, its answer.
        if (waiter is null || stored == SlackEnqueueOutcome.AlreadyStored) return SlackReply.Ok;

        var (timedOut, notice) = await waiter.WaitAsync(SynchronousBudget, time, stopping);
        return !timedOut && notice is not null
            ? SlackReply.Errors(new Dictionary<string, string> { [MostRelevantBlock(notice, blocks)] = notice })
            : SlackReply.Ok;
    }

    /// <summary>The block whose id or label the notice names; the first block otherwise.</summary>
    internal static string MostRelevantBlock(string notice, IReadOnlyList<(string BlockId, string Label)> blocks)
    {
        foreach (var (blockId, label) in blocks)
        {
            if (notice.Contains(blockId, StringComparison.OrdinalIgnoreCase) ||
                notice.Contains(label, StringComparison.OrdinalIgnoreCase))
            {
                return blockId;
            }
        }
        return blocks[0].BlockId;
    }

    /// <summary>Who wrote the message a shortcut acts on: a bot (any <c>bot_id</c>, Switchboard's own posts too), the person acting, or someone else.</summary>
    private static MessageAuthor? Author(SlackInteraction interaction) => interaction.Message switch
    {
        { BotId: { Length: > 0 } bot } => new MessageAuthor(interaction.Message.User ?? bot, null, MessageAuthorKind.Bot),
        { User: { Length: > 0 } user } => new MessageAuthor(user, null, user == interaction.User?.Id ? MessageAuthorKind.Self : MessageAuthorKind.Person),
        _ => null,
    };

    /// <summary>The header of the card whose button was clicked.</summary>
    private static string? CardTitle(SlackInteraction interaction) =>
        interaction.Message?.Blocks?.FirstOrDefault(b => b.Type == "header")?.Text?.Text;

    /// <summary>A link to the message, built from the workspace domain, channel and ts (no API call needed).</summary>
    private string? Permalink(SlackInteraction interaction)
    {
        var channel = interaction.Channel?.Id;
        var ts = interaction.Message?.Ts;
        if (channel is null || ts is null) return null;
        var workspace = interaction.Team?.Domain is { Length: > 0 } domain
            ? $"https://{domain}.slack.com/"
            : options.Value.WorkspaceUrl?.ToString();
        if (workspace is null) return null;
        var link = $"{workspace.TrimEnd('/')}/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}";
        return interaction.Message?.ThreadTs is { } thread && thread != ts ? $"{link}?thread_ts={thread}&cid={channel}" : link;
    }

    private async Task<SlackReply> OpenViewAsync(string? triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(triggerId)) return SlackReply.Invalid("The payload has no trigger_id to open the form with.");
        await TryOpenViewAsync(triggerId, view, cancellationToken);
        return SlackReply.Ok;
    }

    private async Task<bool> TryOpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        // The trigger expires after 3 s: open the modal now, within the request.
        using var timeout = new CancellationTokenSource(SynchronousBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await api.OpenViewAsync(triggerId, view, budget.Token);
            return true;
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException or HttpRequestException)
        {
            LogModalFailed(logger, ex.GetType().Name);
            return false;
        }
    }

    private SlackPendingTurn CardTurn(string userId, string? teamId, string? channel, string? messageTs, string? threadTs, TurnAction action, string deliveryId)
    {
        // A form from an entry point belongs to no message: it is answered in the person's DM, opened by the runner.
        if (channel is null)
            return new SlackPendingTurn(deliveryId, userId, teamId, null, null, ConversationScope.Personal, null, action, time.GetUtcNow());
        var isDirect = SlackIds.IsDirectMessage(channel);
        // A card posted at the top of a channel is the root of its own thread (that is where the gateway said it lives).
        var thread = isDirect ? threadTs : threadTs ?? messageTs;
        var address = new ConversationAddress(SlackPlatform.Id, channel, thread, null, teamId);
        var source = messageTs is null ? null : new MessageRef(address, messageTs);
        return new SlackPendingTurn(deliveryId, userId, teamId, channel, thread,
            isDirect ? ConversationScope.Personal : ConversationScope.Channel, null, action, time.GetUtcNow(), source);
    }

    /// <summary>
    /// The view and what was submitted: the same submission twice has its effect once, while a submission
    /// corrected after a refusal (same view, same hash) is a new delivery.
    /// </summary>
    private static string ViewDeliveryId(SlackView view, IReadOnlyDictionary<string, string> values)
    {
        var content = string.Join('\n', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        return $"slack-view:{view.Id}:{view.Hash}:{digest}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open a Slack modal ({Reason})")]
    private static partial void LogModalFailed(ILogger logger, string reason);
}

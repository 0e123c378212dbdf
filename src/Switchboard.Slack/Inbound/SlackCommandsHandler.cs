using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Processing;

namespace Switchboard.Slack.Inbound;

/// <summary>
/// Slash commands (<c>POST /api/slack/commands</c>, or a Socket Mode <c>slash_commands</c> envelope, whose payload
/// is the same form as a JSON object): each slash command is a <see cref="EntrySurface.Command"/> entry point in the
/// module registry (<c>/request</c> is <c>request</c>), asking for its intent with the command's text as argument.
/// An intent answered with a form opens it as a modal at once; any other continues in the person's DM with the
/// bot, and the command itself is answered ephemerally.
/// </summary>
internal sealed partial class SlackCommandsHandler(
    SlackInboundQueue queue,
    SlackApiClient api,
    ModuleRegistry modules,
    IntentForms forms,
    TimeProvider time,
    ILogger<SlackCommandsHandler> logger)
{
    private static readonly TimeSpan ViewsOpenBudget = TimeSpan.FromMilliseconds(2500);

    internal const string NotStoredText = "I couldn't take that just now; please try again in a minute.";

    public async Task<SlackReply> HandleAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var command = form.GetValueOrDefault("command") ?? "";
        var userId = form.GetValueOrDefault("user_id");
        if (string.IsNullOrEmpty(userId)) return SlackReply.Invalid("The command names no user_id.");
        var text = BlockKit.Unescape(form.GetValueOrDefault("text") ?? "").Trim();
        var teamId = form.GetValueOrDefault("team_id");
        var triggerId = form.GetValueOrDefault("trigger_id");

        if (!command.StartsWith('/') || modules.FindEntryPoint(EntrySurface.Command, command[1..]) is not { } entry)
            return SlackReply.Ephemeral(UnknownCommand(command));
        var intent = entry.Invoke(text);
        if (forms.For(intent) is { Form: { } requested } action)
        {
            if (string.IsNullOrEmpty(triggerId)) return SlackReply.Invalid("The command has no trigger_id to open the form with.");
            return await OpenFormAsync(triggerId, SlackModals.EntryFormModal(requested, action, teamId), cancellationToken);
        }

        var pending = new SlackPendingTurn(triggerId, userId, teamId, null, null, ConversationScope.Personal, null, null, time.GetUtcNow(), Intent: intent);
        // Slack never retries a slash command: when the turn could not be stored, the person is told to.
        return await queue.EnqueueAsync(pending, cancellationToken) == SlackEnqueueOutcome.NotStored
            ? SlackReply.Ephemeral(NotStoredText)
            : SlackReply.Ephemeral("Thanks! I'll answer you in our DM.");
    }

    private string UnknownCommand(string command)
    {
        var known = modules.EntryPoints.Where(e => e.Surface == EntrySurface.Command).Select(e => $"`/{e.Name}`: {e.Description}");
        return $"I don't know the command {BlockKit.Escape(command)}. Try {string.Join("; ", known)}. You can also just send me a direct message.";
    }

    private async Task<SlackReply> OpenFormAsync(string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        // The trigger expires after 3 s: open the modal now, within the request.
        using var timeout = new CancellationTokenSource(ViewsOpenBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await api.OpenViewAsync(triggerId, view, budget.Token);
            return SlackReply.Ok;
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException or HttpRequestException)
        {
            LogModalFailed(logger, ex.GetType().Name);
            return SlackReply.Ephemeral("I couldn't open the form; please try the command again, or send me a direct message.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open a Slack modal for a slash command ({Reason})")]
    private static partial void LogModalFailed(ILogger logger, string reason);
}

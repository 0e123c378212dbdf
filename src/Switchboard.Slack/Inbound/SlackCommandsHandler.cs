using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Processing;

namespace Switchboard.Slack.Inbound;

/// <summary>
/// <c>POST /api/slack/commands</c>: <c>/request [text]</c> and <c>/requests</c>. The conversation continues in
/// the person's DM with the bot; the command itself is answered ephemerally.
/// </summary>
internal sealed partial class SlackCommandsHandler(
    SlackInboundQueue queue,
    SlackApiClient api,
    SlackModals modals,
    TimeProvider time,
    ILogger<SlackCommandsHandler> logger)
{
    public const string RequestCommand = "/request";
    public const string RequestsCommand = "/requests";

    /// <summary>What the engine understands as "list my open requests".</summary>
    public const string MyRequestsText = "my requests";

    internal const string NotStoredText = "I couldn't take that just now; please try again in a minute.";

    private static readonly TimeSpan ViewsOpenBudget = TimeSpan.FromMilliseconds(2500);

    public async Task<IResult> HandleAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var command = form.GetValueOrDefault("command") ?? "";
        var userId = form.GetValueOrDefault("user_id");
        if (string.IsNullOrEmpty(userId)) return Results.BadRequest(new SlackRefusal("The command names no user_id."));
        var text = BlockKit.Unescape(form.GetValueOrDefault("text") ?? "").Trim();
        var teamId = form.GetValueOrDefault("team_id");
        var triggerId = form.GetValueOrDefault("trigger_id");

        switch (command)
        {
            case RequestCommand when text.Length > 0:
                return await EnqueueAsync(new SlackPendingTurn(
                        triggerId, userId, teamId, null, null, ConversationScope.Personal, text, null, time.GetUtcNow()),
                    "Thanks! I've sent you a DM to finish your request there.", cancellationToken);

            case RequestCommand:
                if (string.IsNullOrEmpty(triggerId)) return Results.BadRequest(new SlackRefusal("The command has no trigger_id to open the form with."));
                return await OpenRequestModalAsync(triggerId, cancellationToken);

            case RequestsCommand:
                return await EnqueueAsync(new SlackPendingTurn(
                        triggerId, userId, teamId, null, null, ConversationScope.Personal, MyRequestsText, null, time.GetUtcNow()),
                    "I've sent your open requests to our DM.", cancellationToken);

            default:
                return Ephemeral(
                    $"I don't know the command {BlockKit.Escape(command)}. Try `{RequestCommand} <what you need>` to ask for help, " +
                    $"`{RequestCommand}` alone to open the request form, or `{RequestsCommand}` to see your open requests. " +
                    "You can also just send me a direct message.");
        }
    }

    // Slack never retries a slash command: when the turn could not be stored, the person is told to.
    private async Task<IResult> EnqueueAsync(SlackPendingTurn pending, string acknowledgement, CancellationToken cancellationToken) =>
        await queue.EnqueueAsync(pending, cancellationToken) == SlackEnqueueOutcome.NotStored
            ? Ephemeral(NotStoredText)
            : Ephemeral(acknowledgement);

    private async Task<IResult> OpenRequestModalAsync(string triggerId, CancellationToken cancellationToken)
    {
        // The trigger expires after 3 s: open the modal now, within the request.
        using var timeout = new CancellationTokenSource(ViewsOpenBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await api.OpenViewAsync(triggerId, modals.RequestModal(), budget.Token);
            return Results.Ok();
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException or HttpRequestException)
        {
            LogModalFailed(logger, ex.GetType().Name);
            return Ephemeral($"I couldn't open the request form. Try `{RequestCommand} <what you need>` or send me a direct message.");
        }
    }

    internal static IResult Ephemeral(string text) =>
        Results.Text(new JsonObject { ["response_type"] = "ephemeral", ["text"] = text }.ToJsonString(), "application/json");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the Slack request modal ({Reason})")]
    private static partial void LogModalFailed(ILogger logger, string reason);
}

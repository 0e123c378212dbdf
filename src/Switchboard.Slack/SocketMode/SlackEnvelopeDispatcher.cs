using System.Text;
using System.Text.Json;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.SocketMode;

/// <summary>
/// Hands a Socket Mode envelope's payload to the handler that takes the same payload over HTTP, so both ways in
/// store, dispatch and answer alike. The reply says whether to acknowledge the envelope and with what.
/// </summary>
internal sealed class SlackEnvelopeDispatcher(
    SlackEventsHandler events,
    SlackCommandsHandler commands,
    SlackInteractivityHandler interactivity)
{
    public const string EventsApi = "events_api";
    public const string SlashCommands = "slash_commands";
    public const string Interactive = "interactive";

    public Task<SlackReply> DispatchAsync(SlackSocketMessage envelope, CancellationToken cancellationToken)
    {
        if (envelope.Payload is not { ValueKind: JsonValueKind.Object } payload)
            return Task.FromResult(SlackReply.Invalid("The envelope carries no payload object."));
        return envelope.Type switch
        {
            EventsApi => events.HandleAsync(Encoding.UTF8.GetBytes(payload.GetRawText()),
                envelope.RetryAttempt is > 0 and var retry ? retry : null, cancellationToken),
            SlashCommands => commands.HandleAsync(Form(payload), cancellationToken),
            Interactive => interactivity.HandleAsync(payload.GetRawText(), cancellationToken),
            // A kind of envelope this version does not know: taken, so that Slack does not send it again and again.
            _ => Task.FromResult(SlackReply.Ok),
        };
    }

    /// <summary>A slash command's fields, which Socket Mode sends as a JSON object instead of a form.</summary>
    internal static Dictionary<string, string> Form(JsonElement payload)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in payload.EnumerateObject())
        {
            form[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString() ?? "",
                JsonValueKind.Null => "",
                _ => field.Value.GetRawText(),
            };
        }
        return form;
    }
}

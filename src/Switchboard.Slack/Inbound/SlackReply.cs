using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Slack.Inbound;

/// <summary>How an inbound Slack payload was taken.</summary>
internal enum SlackReplyKind
{
    /// <summary>Taken (stored, answered or deliberately ignored): Slack may be told it arrived.</summary>
    Acknowledge,

    /// <summary>The payload cannot be read; sending it again will not help.</summary>
    Invalid,

    /// <summary>Storage failed: Slack must not be told it arrived, so that it delivers it again.</summary>
    NotStored,
}

/// <summary>
/// What the inbound handlers answer, whichever way the payload came: over HTTP it becomes the response
/// (<see cref="ToHttpResult"/>), over Socket Mode the envelope's acknowledgement (or its absence, for
/// <see cref="SlackReplyKind.NotStored"/>). <see cref="Body"/> is the response payload Slack shows: a slash
/// command's reply, a modal's <c>response_action</c>, the <c>url_verification</c> challenge.
/// </summary>
internal sealed record SlackReply(SlackReplyKind Kind, JsonObject? Body = null, string? Refusal = null)
{
    public static SlackReply Ok { get; } = new(SlackReplyKind.Acknowledge);

    public static SlackReply NotStored { get; } = new(SlackReplyKind.NotStored);

    public static SlackReply With(JsonObject body) => new(SlackReplyKind.Acknowledge, body);

    public static SlackReply Invalid(string reason) => new(SlackReplyKind.Invalid, Refusal: reason);

    /// <summary>An ephemeral reply to a slash command, seen only by the person who typed it.</summary>
    public static SlackReply Ephemeral(string text) => With(new JsonObject { ["response_type"] = "ephemeral", ["text"] = text });

    /// <summary>A modal's <c>response_action: errors</c>, each message under its block.</summary>
    public static SlackReply Errors(IReadOnlyDictionary<string, string> errors) => With(new JsonObject
    {
        ["response_action"] = "errors",
        ["errors"] = new JsonObject(errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))),
    });

    /// <summary>The HTTP answer: 200 (with the body, if any), 400 naming the reason, or 503 so that Slack retries.</summary>
    public IResult ToHttpResult() => Kind switch
    {
        SlackReplyKind.Acknowledge when Body is not null => Results.Text(Body.ToJsonString(), "application/json"),
        SlackReplyKind.Acknowledge => Results.Ok(),
        SlackReplyKind.Invalid => Results.Json(new SlackRefusal(Refusal ?? "Refused."), SlackRefusalJsonContext.Default.SlackRefusal, statusCode: StatusCodes.Status400BadRequest),
        _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
    };
}

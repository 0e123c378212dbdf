namespace Switchboard.Slack.Outbound;

/// <summary>The Slack Web API answered <c>{"ok": false, "error": ...}</c> or an unusable HTTP status.</summary>
public sealed class SlackApiException(string method, string error)
    : Exception($"Slack {method} failed: {error}")
{
    /// <summary>The Web API method, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; } = method;

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>, or <c>http_503</c>.</summary>
    public string Error { get; } = error;
}

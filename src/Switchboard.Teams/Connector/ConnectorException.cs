using System.Net;

namespace Switchboard.Teams.Connector;

/// <summary>A Connector (or token endpoint) call failed for good: after retries, or with a non-retryable status.</summary>
public sealed class ConnectorException(string message, HttpStatusCode? statusCode = null, string? errorCode = null) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The Connector's error code, e.g. <c>BotNotInConversationRoster</c>, <c>ConversationNotFound</c>.</summary>
    public string? ErrorCode { get; } = errorCode;
}

/// <summary>A service URL outside <c>Teams:TrustedServiceHosts</c>: nothing is sent to it.</summary>
public sealed class UntrustedServiceUrlException(string serviceUrl)
    : Exception($"The service URL '{serviceUrl}' is not in Teams:TrustedServiceHosts; the bot token is never sent there.")
{
    public string ServiceUrl { get; } = serviceUrl;
}

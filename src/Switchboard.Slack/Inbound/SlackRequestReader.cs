using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Slack.Inbound;

/// <summary>A verified request body, or the status to refuse the request with.</summary>
internal readonly record struct SlackReadResult(byte[]? Body, int RefusalStatus, string? Refusal = null)
{
    public bool IsVerified => Body is not null;

    /// <summary>The refusal as an HTTP answer: its status and <c>{"error": reason}</c>.</summary>
    public IResult Refuse() => Results.Json(new SlackRefusal(Refusal ?? "Refused."), SlackRefusalJsonContext.Default.SlackRefusal, statusCode: RefusalStatus);
}

internal sealed record SlackRefusal([property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error);

[System.Text.Json.Serialization.JsonSerializable(typeof(SlackRefusal))]
internal sealed partial class SlackRefusalJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>
/// Reads a Slack request's raw bytes under a size limit and verifies the signature over exactly those bytes,
/// before anything parses them. Every Slack endpoint goes through here; there is no bypass. In Socket Mode without a
/// signing secret nothing can verify a request, so every one is refused.
/// </summary>
internal sealed partial class SlackRequestReader(
    SlackSignatureVerifier verifier,
    IOptions<SlackOptions> options,
    ILogger<SlackRequestReader> logger)
{
    public async Task<SlackReadResult> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (options.Value.SocketMode && string.IsNullOrWhiteSpace(options.Value.SigningSecret))
        {
            LogRefused(logger, request.Path, "Socket Mode without a signing secret");
            return new SlackReadResult(null, StatusCodes.Status403Forbidden,
                "Slack requests arrive over Socket Mode here; HTTP requests are refused (no Slack:SigningSecret to verify them).");
        }

        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            LogRefused(logger, request.Path, "body too large");
            return new SlackReadResult(null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
        }

        var body = await ReadLimitedAsync(request.Body, limit, cancellationToken);
        if (body is null)
        {
            LogRefused(logger, request.Path, "body too large");
            return new SlackReadResult(null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
        }

        var outcome = verifier.Verify(
            request.Headers[SlackSignatureVerifier.TimestampHeader].ToString(),
            request.Headers[SlackSignatureVerifier.SignatureHeader].ToString(),
            body);
        if (outcome != SlackVerification.Valid)
        {
            LogRefused(logger, request.Path, outcome.ToString());
            return new SlackReadResult(null, StatusCodes.Status401Unauthorized, $"The Slack request signature could not be verified ({outcome}).");
        }
        return new SlackReadResult(body, StatusCodes.Status200OK);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Slack request to {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, string reason);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Teams.Auth;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// <c>POST /api/messages</c>: size limit, then the bearer token, then the activity; every refusal is
/// answered before anything is looked up, stored or sent.
/// </summary>
internal static class MessagesEndpoint
{
    public const string Path = "/api/messages";

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesEndpoint).FullName!);
        var cancellationToken = context.RequestAborted;

        var body = await ReadBodyAsync(context.Request, options.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The activity is larger than {options.MaxRequestBodyBytes} bytes.");
            return;
        }

        var authenticator = services.GetRequiredService<BotAuthenticator>();
        var auth = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization.ToString(), cancellationToken);
        if (!auth.Succeeded)
        {
            logger.LogInformation("Refused a Bot Framework request: {Reason}", auth.Reason);
            await UnauthorizedAsync(context, auth.Reason!);
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, TeamsJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            activity = null;
        }
        if (activity?.Type is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "bad_request", "The body is not a Bot Framework activity.");
            return;
        }

        if (auth.CheckActivity(activity) is { } mismatch)
        {
            logger.LogInformation("Refused a Bot Framework request: {Reason}", mismatch);
            await UnauthorizedAsync(context, mismatch);
            return;
        }

        if (services.GetRequiredService<TenantPolicy>().Check(activity) is { } foreign)
        {
            logger.LogInformation("Refused a Bot Framework request: {Reason}", foreign);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden", foreign);
            return;
        }

        // Once accepted, a turn runs to its end even if the Connector stops waiting: cancelling half-way
        // would leave half its effects, and the redelivery would repeat them.
        var handler = services.GetRequiredService<TeamsActivityHandler>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        ActivityReply reply;
        try
        {
            reply = await handler.HandleAsync(activity, services.GetRequiredService<IConversationEngine>(), stopping);
        }
        catch (Exception ex) when (ex is HttpRequestException or ConnectorException or UntrustedServiceUrlException or DeliveryUncertainException ||
                                   (ex is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            // The reply could not be delivered (a Connector error or an HTTP timeout). The engine gave its
            // delivery claim back, so the 502 makes the Connector redeliver the activity; says why.
            logger.LogWarning(ex, "Could not answer a Bot Framework activity through its service URL");
            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, "bad_gateway",
                ex is UntrustedServiceUrlException ? ex.Message : "The reply could not be delivered to the Bot Framework Connector; try again.");
            return;
        }
        context.Response.StatusCode = reply.StatusCode;
        if (reply.InvokeBody is not null)
            await context.Response.WriteAsJsonAsync(reply.InvokeBody, TeamsJsonContext.Default.InvokeResponseBody, cancellationToken: context.RequestAborted);
        else if (reply.Body is not null)
            await context.Response.WriteAsJsonAsync(reply.Body, TeamsJsonContext.Default.JsonObject, cancellationToken: context.RequestAborted);
    }

    /// <summary>The body, or null when it exceeds <paramref name="limit"/> (checked before and while reading).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task UnauthorizedAsync(HttpContext context, string reason)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", reason);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(error, reason), TeamsJsonContext.Default.ErrorBody, cancellationToken: context.RequestAborted);
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Core.Storage;

namespace Switchboard.Host.Api;

public static class HealthApi
{
    /// <summary>However a store checks itself, <c>/readyz</c> answers within this.</summary>
    private static readonly TimeSpan ReadinessLimit = TimeSpan.FromMilliseconds(900);

    /// <summary>The tag of the health checks <c>/readyz</c> runs besides storage (e.g. Slack's Socket Mode connection).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: storage is reachable too, and every health check tagged
    /// <see cref="ReadyTag"/> passes (each reported by name), answered within a second.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IStorageHealth storage, IServiceProvider services, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                if (!await storage.IsReachableAsync(cancellationToken).WaitAsync(ReadinessLimit, cancellationToken))
                    return Results.Json(new { status = "storage unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (TimeoutException)
            {
                loggers.CreateLogger("Switchboard.Health").LogWarning("Storage did not answer within {Limit} ms", ReadinessLimit.TotalMilliseconds);
                return Results.Json(new { status = "storage unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                loggers.CreateLogger("Switchboard.Health").LogWarning(ex, "Storage is not reachable");
                return Results.Json(new { status = "storage unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            // Only the channels that hold a connection of their own register a check (Slack in Socket Mode).
            if (services.GetService<HealthCheckService>() is not { } checks) return Results.Ok(new { status = "ready" });
            HealthReport report;
            try
            {
                report = await checks.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), cancellationToken).WaitAsync(ReadinessLimit, cancellationToken);
            }
            catch (TimeoutException)
            {
                return Results.Json(new { status = "not ready", checks = new { } }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var details = report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString());
            return report.Status == HealthStatus.Healthy
                ? Results.Ok(new { status = "ready", checks = details })
                : Results.Json(new { status = "not ready", checks = details }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}

using Switchboard.Core.Storage;

namespace Switchboard.Host.Api;

public static class HealthApi
{
    /// <summary>However a store checks itself, <c>/readyz</c> answers within this.</summary>
    private static readonly TimeSpan ReadinessLimit = TimeSpan.FromMilliseconds(900);

    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: storage is reachable too, answered within a second.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IStorageHealth storage, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                if (await storage.IsReachableAsync(cancellationToken).WaitAsync(ReadinessLimit, cancellationToken))
                    return Results.Ok(new { status = "ready" });
            }
            catch (TimeoutException)
            {
                loggers.CreateLogger("Switchboard.Health").LogWarning("Storage did not answer within {Limit} ms", ReadinessLimit.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                loggers.CreateLogger("Switchboard.Health").LogWarning(ex, "Storage is not reachable");
            }
            return Results.Json(new { status = "storage unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}

using Switchboard.Core.Storage;

namespace Switchboard.Host.Api;

public static class HealthApi
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: storage is reachable too.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IStorageHealth storage, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                if (await storage.IsReachableAsync(cancellationToken)) return Results.Ok(new { status = "ready" });
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

using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Api;

public static class RoutingApi
{
    public sealed record PreviewRequest(string? Text);

    public sealed record PreviewAlternative(string Team, double Confidence);

    public sealed record PreviewResponse(string? Team, double Confidence, IReadOnlyList<PreviewAlternative> Alternatives, IReadOnlyList<string> Reasons);

    /// <summary>A learned example as admins see it: the routing terms, or none when the request was confidential (only hashes are kept).</summary>
    public sealed record LearnedView(string Id, string Team, string FromTeam, string Ticket, DateTimeOffset LearnedAt, bool Confidential, IReadOnlyList<string>? Terms);

    /// <summary>
    /// <c>POST /api/routing/preview</c>: which team a text would go to, how sure, and why.
    /// <c>GET /api/admin/routing/learned</c>: what routing learned from moves, newest first;
    /// <c>DELETE /api/admin/routing/learned/{id}</c> removes one for good (every instance stops using it within its refresh time).
    /// Admin key required.
    /// </summary>
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/routing/preview", (PreviewRequest? request, IRequestRouter router) =>
        {
            if (request?.Text is not { } text || string.IsNullOrWhiteSpace(text))
                return Results.BadRequest(new { error = "Send {\"text\": \"...\"} with the request text to route." });
            if (text.Length > RequestText.MaxLength)
                return Results.BadRequest(new { error = $"text is longer than {RequestText.MaxLength} characters." });
            var decision = router.Route(text);
            return Results.Ok(new PreviewResponse(decision.TeamId, Math.Round(decision.Confidence, 3),
                decision.Alternatives.Select(a => new PreviewAlternative(a.TeamId, Math.Round(a.Confidence, 3))).ToList(),
                decision.Reasons));
        }).AddEndpointFilter<AdminKeyFilter>();

        var learned = app.MapGroup("/api/admin/routing/learned").AddEndpointFilter<AdminKeyFilter>();
        learned.MapGet("", async (IRoutingMemory memory, CancellationToken cancellationToken) =>
            Results.Ok((await memory.ListAsync(cancellationToken))
                .Select(r => new LearnedView(r.Id, r.TeamId, r.FromTeamId, r.Ticket, r.LearnedAt, r.Hashed, r.Hashed ? null : r.Terms))
                .ToList()));
        learned.MapDelete("/{id}", async (string id, IRoutingMemory memory, LearnedRoutes routes, CancellationToken cancellationToken) =>
        {
            if (!await memory.ForgetAsync(id, cancellationToken))
                return Results.NotFound(new { error = $"No learned routing example '{id}'." });
            await routes.RefreshAsync(cancellationToken);
            return Results.NoContent();
        });
        return app;
    }
}

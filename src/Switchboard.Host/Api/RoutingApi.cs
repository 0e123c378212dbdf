using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Api;

public static class RoutingApi
{
    public sealed record PreviewRequest(string? Text);

    public sealed record PreviewAlternative(string Team, double Confidence);

    public sealed record PreviewResponse(string? Team, double Confidence, IReadOnlyList<PreviewAlternative> Alternatives, IReadOnlyList<string> Reasons);

    /// <summary><c>POST /api/routing/preview</c>: which team a text would go to, how sure, and why.</summary>
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
        return app;
    }
}

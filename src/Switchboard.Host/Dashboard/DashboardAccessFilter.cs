using Switchboard.Core.Conversations;
using Switchboard.Core.Dashboard;
using Switchboard.Host.Api;

namespace Switchboard.Host.Dashboard;

/// <summary>
/// Guards the reports the dashboard reads. A request carrying a lead's signed link (<c>Authorization: Bearer &lt;token&gt;</c>)
/// is checked in every environment: refused with 401 when the token is tampered with or expired, and with 403 unless
/// every team it asks for (<c>team=</c>, at least one) is a team the link covers. Without a token the admin rules apply
/// (<see cref="AdminKeyFilter"/>: open in Development without an admin key, otherwise <c>X-Admin-Key</c>).
/// </summary>
public sealed partial class DashboardAccessFilter(DashboardTokens tokens, AdminOptions admin, IHostEnvironment environment, ILogger<DashboardAccessFilter> logger)
    : IEndpointFilter
{
    /// <summary>The query parameter that names a team (repeated for several), as the reports API reads it.</summary>
    public const string TeamParameter = "team";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The lead's access a request was let through with, for the endpoint to read (<see cref="AccessOf"/>).</summary>
    private static readonly object AccessKey = new();

    /// <summary>The signed link's access the request came with, or null for an admin (or Development) request.</summary>
    public static DashboardAccess? AccessOf(HttpContext context) => context.Items[AccessKey] as DashboardAccess;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return new AdminKeyFilter(admin, environment).InvokeAsync(context, next);

        var check = tokens.Check(authorization[BearerPrefix.Length..].Trim());
        if (check.Access is not { } access)
        {
            // The reason only: the token itself opens reports and never reaches a log.
            LogRefused(check.Problem);
            return Refuse(StatusCodes.Status401Unauthorized, check.Problem == DashboardTokenProblem.Expired
                ? "This dashboard link has expired. Write \"dashboard\" to Switchboard in chat for a new one."
                : "This dashboard link is not valid. Write \"dashboard\" to Switchboard in chat for a new one.");
        }
        var asked = http.Request.Query[TeamParameter].Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
        var teamsOptional = http.GetEndpoint()?.Metadata.GetMetadata<LinkTeamsOptional>() is not null;
        if (asked.Count == 0 && !teamsOptional)
            return Refuse(StatusCodes.Status403Forbidden, $"This link shows only the teams you lead ({string.Join(", ", access.Teams)}): name them with {TeamParameter}=.");
        if (asked.FirstOrDefault(t => !access.Covers(t)) is { } other)
            return Refuse(StatusCodes.Status403Forbidden, $"This link doesn't cover the team '{other}': it shows only the teams you lead ({string.Join(", ", access.Teams)}).");
        http.Items[AccessKey] = access;
        return next(context);
    }

    private static ValueTask<object?> Refuse(int status, string error) =>
        ValueTask.FromResult<object?>(Results.Json(new { error }, statusCode: status));

    [LoggerMessage(Level = LogLevel.Information, Message = "A dashboard link was refused ({Problem})")]
    private partial void LogRefused(DashboardTokenProblem problem);
}

/// <summary>
/// Marks an endpoint that answers a lead's link without naming teams, because it reads only the link itself
/// (<c>/api/dashboard/access</c>); every report must name them.
/// </summary>
public sealed class LinkTeamsOptional;

using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Switchboard.Core.Dashboard;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Dashboard;

/// <summary>
/// The team leads' dashboard: the page (<c>/dashboard</c>, static HTML, script and styles shipped inside the host, with
/// the vendored chart library under <c>/lib</c>), what a request may see (<c>/api/dashboard/access</c>), and the signed
/// links' settings. The numbers themselves come from the reports API, guarded by <see cref="DashboardAccessFilter"/>.
/// </summary>
public static class DashboardApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // No inline script or style, nothing from elsewhere: the page works offline and an injected tag cannot run.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        // Leads' links are on where the page has a public address; then, outside Development, a real key must sign them.
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName)
            .Validate(o => isDevelopment || o.PublicUrl is null || o.SigningKey is { Length: >= DashboardOptions.MinimumKeyLength },
                $"Dashboard:SigningKey is required outside Development when Dashboard:PublicUrl is set: at least {DashboardOptions.MinimumKeyLength} characters, the same on every instance (it signs leads' dashboard links).")
            .Validate(o => o.SigningKey is null || o.SigningKey.Length >= DashboardOptions.MinimumKeyLength,
                $"Dashboard:SigningKey must have at least {DashboardOptions.MinimumKeyLength} characters.")
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && (o.PublicUrl.Scheme == Uri.UriSchemeHttps || o.PublicUrl.Scheme == Uri.UriSchemeHttp)),
                "Dashboard:PublicUrl must be an absolute http(s) address (https://.../dashboard).")
            .Validate(o => o.LinkLifetime > TimeSpan.Zero && o.LinkLifetime <= TimeSpan.FromDays(31),
                "Dashboard:LinkLifetime must be longer than zero and at most 31 days.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value);
        // Without a key: one of this process. In Development that is enough; elsewhere start-up insists on a key once links
        // are on, and without them nobody holds this one, so every token is refused (fail closed, admins still use the key).
        builder.Services.AddSingleton(sp => new DashboardTokens(
            sp.GetRequiredService<DashboardOptions>().SigningKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<DigestStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", (HttpContext http) => Asset(http, "dashboard/index.html"));
        app.MapGet("/dashboard/{file}", (HttpContext http, string file) => Asset(http, $"dashboard/{file}"));
        app.MapGet("/lib/{**path}", (HttpContext http, string path) => Asset(http, $"lib/{path}"));

        app.MapGet("/api/dashboard/access", (HttpContext http, TeamDirectory teams) =>
            {
                var access = DashboardAccessFilter.AccessOf(http);
                var visible = teams.All.Where(t => access is null || access.Covers(t.Id)).Select(t => new DashboardTeam(t.Id, t.Name)).ToList();
                return new DashboardAccessView(access is null ? "admin" : "lead", visible, access?.ExpiresAt);
            })
            .AddEndpointFilter<DashboardAccessFilter>()
            .WithMetadata(new LinkTeamsOptional());

        return app;
    }

    /// <summary>What the page may show: everything for an admin, the link's teams for a lead.</summary>
    public sealed record DashboardAccessView(string Mode, IReadOnlyList<DashboardTeam> Teams, DateTimeOffset? ExpiresAt);

    public sealed record DashboardTeam(string Id, string Name);

    private static IResult Asset(HttpContext http, string path)
    {
        var stream = path.Contains("..", StringComparison.Ordinal) ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream($"wwwroot/{path}");
        if (stream is null) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The page's address may carry a lead's link: it is never sent on to another site, nor kept in a cache.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Stream(stream, ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream");
    }
}

/// <summary>
/// Schedules each team's next weekly digest once the host runs, on every instance (the job id makes it one per team and
/// week). In the background and retried: storage that is down at start-up must not stop the process from starting.
/// </summary>
internal sealed partial class DigestStartup(WeeklyDigests digests, TimeProvider time, ILogger<DigestStartup> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await digests.EnsureScheduledAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(ex.GetType().Name, RetryAfter);
            }
            try
            {
                await Task.Delay(RetryAfter, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digests could not be scheduled ({Error}); trying again in {RetryAfter}")]
    private partial void LogRetry(string error, TimeSpan retryAfter);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Dashboard;
using Switchboard.Core.People;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Dashboard;

/// <summary>Who may read the reports outside Development: the admin key, or a lead's signed link for their own teams.</summary>
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private const string SigningKey = "a-signing-key-of-at-least-32-characters!";
    private const string AdminKey = "admin-key-for-tests";
    private static readonly PersonId Dana = PersonId.ForEmail("dana.whitfield@contoso.example");

    private readonly SwitchboardFactory _host = new("Production", new Dictionary<string, string?>
    {
        ["Admin:ApiKey"] = AdminKey,
        ["Dashboard:SigningKey"] = SigningKey,
        ["Dashboard:PublicUrl"] = "https://switchboard.contoso.example/dashboard",
        ["Redis:Configuration"] = "",
        ["Teams:Enabled"] = "false",
    });

    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Token(IReadOnlyList<string> teams, TimeSpan lifetime, string key = SigningKey) =>
        new DashboardTokens(key, TimeProvider.System).Sign(new DashboardAccess(Dana, teams, DateTimeOffset.UtcNow + lifetime));

    private async Task<HttpResponseMessage> GetAsync(string path, string? token = null, string? adminKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (adminKey is not null) request.Headers.Add("X-Admin-Key", adminKey);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Reports_WithAValidLeadLink_AnswerForTheLinksTeams()
    {
        var token = Token(["it"], TimeSpan.FromHours(1));

        var summary = await GetAsync("/api/reports/summary?team=it", token);
        var access = await (await GetAsync("/api/dashboard/access", token)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        var teams = (await summary.Content.ReadFromJsonAsync<JsonObject>())!["teams"]!.AsArray();
        Assert.Equal("it", (string?)Assert.Single(teams)!["id"]);
        Assert.Equal("lead", (string?)access!["mode"]);
        Assert.Equal("it", (string?)Assert.Single(access["teams"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task Reports_WithALeadLinkAskingForAnotherTeam_AreForbidden()
    {
        var token = Token(["it"], TimeSpan.FromHours(1));

        var other = await GetAsync("/api/reports/requests?team=it&team=hr", token);
        var unnamed = await GetAsync("/api/reports/summary", token);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("'hr'", (string?)(await other.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        // Without naming teams a report would show every team: a link must name its own.
        Assert.Equal(HttpStatusCode.Forbidden, unnamed.StatusCode);
        // The same for the reports outside the summary (answers' credit, unsung helpers).
        foreach (var report in new[] { "answers", "unsung-helpers" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync($"/api/reports/{report}?team=hr", token)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync($"/api/reports/{report}", token)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/reports/{report}?team=it", token)).StatusCode);
        }
    }

    [Fact]
    public async Task Reports_WithAnExpiredLeadLink_AreRefusedAndSayHowToGetANewOne()
    {
        var token = Token(["it"], TimeSpan.FromSeconds(-1));

        var response = await GetAsync("/api/reports/summary?team=it", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }

    [Fact]
    public async Task Reports_WithATamperedLeadLink_AreRefused()
    {
        var parts = Token(["it"], TimeSpan.FromHours(1)).Split('.');
        var widened = Token(["it", "hr"], TimeSpan.FromHours(1)).Split('.')[0];

        var tampered = await GetAsync("/api/reports/summary?team=hr", $"{widened}.{parts[1]}");
        var otherKey = await GetAsync("/api/reports/summary?team=it", Token(["it"], TimeSpan.FromHours(1), "another-signing-key-of-32-characters-or-more"));

        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Contains("not valid", (string?)(await tampered.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, otherKey.StatusCode);
    }

    [Fact]
    public async Task Reports_WithoutLinkOrKey_AskForTheAdminKey_AndTheAdminKeySeesEveryTeam()
    {
        var none = await GetAsync("/api/reports/summary");
        var admin = await GetAsync("/api/reports/summary", adminKey: AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("true", none.Headers.GetValues("X-Admin-Key-Required").Single());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.True((await admin.Content.ReadFromJsonAsync<JsonObject>())!["teams"]!.AsArray().Count > 1);
    }

    [Fact]
    public async Task DashboardPage_IsServedWithAStrictContentSecurityPolicy_AndTheVendoredChartLibrary()
    {
        var page = await GetAsync("/dashboard");
        var chart = await GetAsync("/lib/chart.js/chart.umd.min.js");
        var licence = await GetAsync("/lib/chart.js/LICENSE.md");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("/*!\n * Chart.js v4.6.1", await chart.Content.ReadAsStringAsync());
        Assert.Contains("MIT", await licence.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/lib/../Switchboard.Host.dll")).StatusCode);
    }

    [Fact]
    public async Task StartUp_OutsideDevelopmentWithLinksOnButNoSigningKey_IsRefusedNamingTheSetting()
    {
        await using var host = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = AdminKey,
            ["Dashboard:PublicUrl"] = "https://switchboard.contoso.example/dashboard",
            ["Teams:Enabled"] = "false",
        });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Dashboard:SigningKey", error.ToString());
    }
}

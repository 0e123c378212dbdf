using System.Net;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
using Switchboard.Host.Playground;
using Switchboard.Host.Tests.Playground;
using Switchboard.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium after a scripted week through the playground: every view as chart and as table
/// (screenshots under bin/.../playwright-shots), no serious accessibility violations (axe-core), and every number in
/// the tables equal to the reports API's.
/// </summary>
public sealed class DashboardPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string LowComment = "<b>Still</b> broken & nobody called";

    private static readonly string[] Views =
        ["requests", "times", "sla", "backlog", "satisfaction-trend", "satisfaction", "kudos-teams", "kudos-values", "chain", "answers", "unsung"];

    [Fact]
    public async Task Dashboard_AfterAScriptedWeek_ShowsEveryViewAsChartAndTable_WithTheApisNumbers_AndNoSeriousAccessibilityViolations()
    {
        await using var host = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = string.Empty });
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        using var http = new HttpClient { BaseAddress = address };
        await PlaygroundScenarios.RunWholeLoopAsync(http, host.Services);
        await LowRatingAsync(http, host.Services);
        await DeflectionsAsync(host.Services);
        await UnthankedResolutionsAsync(host.Services);

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            // A viewer in New York: times read in her own zone.
            Locale = "en-US",
            TimezoneId = "America/New_York",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        // Nothing may come from another host: the page and its chart library are served by Switchboard.
        var elsewhere = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(address.ToString(), StringComparison.Ordinal)) elsewhere.Add(request.Url); };

        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Showing");
        await Screenshot(page, "dashboard-charts.png");

        foreach (var view in Views)
        {
            var section = page.GetByTestId($"view-{view}");
            await Expect(section.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToBeVisibleAsync();
            if (view != "chain")
                await Expect(section.Locator("canvas[role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(".+"));
            await section.ScreenshotAsync(new() { Path = ShotPath($"dashboard-{view}-chart.png") });
            var toggle = section.GetByTestId("toggle-table");
            await toggle.ClickAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(section.Locator(".table-area table caption")).ToBeVisibleAsync();
            await section.ScreenshotAsync(new() { Path = ShotPath($"dashboard-{view}-table.png") });
        }
        await Screenshot(page, "dashboard-tables.png");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length})").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));

        var summary = JsonNode.Parse(await http.GetStringAsync(await SummaryQueryAsync(page)))!;
        await AssertTableAsync(page, "requests", summary["requests"]!["rows"]!.AsArray(), "date", "teamName", "opened", "resolved", "cancelled");
        await AssertTableAsync(page, "times", summary["serviceLevels"]!["rows"]!.AsArray(), "teamName", null, "count", "medianMinutes", "p90Minutes");
        await AssertTableAsync(page, "sla", summary["serviceLevels"]!["rows"]!.AsArray(), "teamName", null, "met", "breached", "metPercent");
        await AssertTableAsync(page, "backlog", summary["backlog"]!["rows"]!.AsArray(), "teamName", "open", "new", "assigned", "inProgress", "waitingOnRequester", "overdue");
        await AssertTableAsync(page, "satisfaction", summary["satisfaction"]!["rows"]!.AsArray(), "teamName", "agentName", "count", "average");
        var comments = summary["satisfaction"]!["comments"]!.AsArray();
        await AssertTableAsync(page, "comments", comments, null, "ticket", "teamName", "agentName", "rating", "comment");
        // When it was answered reads as her local date and time; the API's ISO instant stays on the <time> element.
        var answeredAt = (string)comments[0]!["answeredAt"]!;
        var answered = page.GetByTestId("table-comments").Locator("[data-col=answeredAt] time").First;
        await Expect(answered).ToHaveAttributeAsync("datetime", answeredAt);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(answeredAt, System.Globalization.CultureInfo.InvariantCulture),
            TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal(local.ToString("MMM d, yyyy, h:mm tt", System.Globalization.CultureInfo.InvariantCulture),
            (await answered.TextContentAsync())!.Replace('\u202f', ' '));
        await page.GetByTestId("view-comments").ScreenshotAsync(new() { Path = ShotPath("dashboard-comments-table.png") });
        var answers = JsonNode.Parse(await http.GetStringAsync((await SummaryQueryAsync(page)).Replace("/summary", "/answers", StringComparison.Ordinal)))!;
        await AssertTableAsync(page, "answers", answers["rows"]!.AsArray(), "teamName", "question", "authorName", "solved");
        Assert.Equal([("facilities.room-booking", 3L), ("it.password-reset", 1L)],
            answers["rows"]!.AsArray().Select(r => ((string)r!["answer"]!, (long)r["solved"]!)));
        await Expect(page.GetByTestId("view-answers").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"Answers that solved requests in {(string)answers["month"]!}");
        // The default period (4 weeks) is nearest a month: the fair board's current month, for every team the page shows.
        var everyTeam = string.Join("&", host.Services.GetRequiredService<Switchboard.Core.Routing.TeamDirectory>().All.Select(t => $"team={t.Id}"));
        var unsung = JsonNode.Parse(await http.GetStringAsync($"/api/reports/unsung-helpers?span=month&{everyTeam}"))!["rows"]!.AsArray();
        await Expect(page.GetByTestId("view-unsung").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Unsung helpers this month");
        await AssertTableAsync(page, "unsung", unsung, "agentName", "resolutions", "thanks");
        Assert.Contains(unsung, r => (string?)r!["agentName"] == "Sam Quiet");
        // The requester's words as she wrote them: text, never markup.
        await Expect(page.GetByTestId("table-comments").Locator("[data-col=comment]").First).ToHaveTextAsync(LowComment);
        Assert.Equal(0, await page.GetByTestId("table-comments").Locator("b").CountAsync());

        // The same numbers as the per-report route and its CSV.
        var requests = JsonNode.Parse(await http.GetStringAsync($"/api/reports/requests{new Uri(address, await SummaryQueryAsync(page)).Query}"))!["rows"]!.AsArray();
        Assert.Equal(summary["requests"]!["rows"]!.ToJsonString(), requests.ToJsonString());
        var csv = (await http.GetStringAsync($"/api/reports/requests{new Uri(address, await SummaryQueryAsync(page)).Query}&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var pageRows = await page.GetByTestId("table-requests").Locator("tbody tr").AllAsync();
        Assert.Equal(csv.Length - 1, pageRows.Count);
        for (var i = 0; i < pageRows.Count; i++)
        {
            var cells = csv[i + 1].Split(',');
            Assert.Equal([cells[0], cells[3], cells[4], cells[5]],
                [await Cell(pageRows[i], "date"), await Cell(pageRows[i], "opened"), await Cell(pageRows[i], "resolved"), await Cell(pageRows[i], "cancelled")]);
        }

        // A week's period shows the fair board's current week, and says so.
        await page.GetByTestId("filter-period").SelectOptionAsync("1w");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Expect(page.GetByTestId("view-unsung").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Unsung helpers this week");
        var week = JsonNode.Parse(await http.GetStringAsync($"/api/reports/unsung-helpers?span=week&{everyTeam}"))!["rows"]!.AsArray();
        await page.GetByTestId("view-unsung").GetByTestId("toggle-table").ClickAsync();
        await AssertTableAsync(page, "unsung", week, "agentName", "resolutions", "thanks");

        Assert.Empty(errors);
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task Dashboard_OpenedFromALeadsLink_OffersOnlyTheirTeams_AndTakesTheTokenOutOfTheAddressBar()
    {
        await using var host = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = string.Empty });
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        var link = host.Services.GetRequiredService<Switchboard.Core.Dashboard.DashboardLinks>()
            .For(Switchboard.Core.People.PersonId.ForEmail("dana.whitfield@contoso.example"), ["it"])!;
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var refused = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) refused.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync($"/dashboard{link.Url.Query}");

        await Expect(page.GetByTestId("status")).ToContainTextAsync("IT Support");
        await Expect(page.GetByTestId("access")).ToContainTextAsync("Your teams: IT Support");
        Assert.Equal(["IT Support"], await page.GetByTestId("filter-team").Locator("option").AllTextContentsAsync());
        Assert.DoesNotContain("t=", new Uri(page.Url).Query, StringComparison.Ordinal);
        await Expect(page.GetByTestId("table-backlog").Locator("tbody tr[data-testid=row]")).ToHaveCountAsync(1);
        await Screenshot(page, "dashboard-lead-link.png");
        Assert.Empty(refused);
        Assert.Empty(errors);
    }

    private static async Task<string> SummaryQueryAsync(IPage page)
    {
        var from = await page.GetByTestId("filter-from").InputValueAsync();
        var to = await page.GetByTestId("filter-to").InputValueAsync();
        return $"/api/reports/summary?from={from}&to={to}";
    }

    /// <summary>Each API row's fields equal the cells of the table's row at the same place (null: a column not compared).</summary>
    private static async Task AssertTableAsync(IPage page, string table, JsonArray rows, params string?[] fields)
    {
        var lines = await page.GetByTestId($"table-{table}").Locator("tbody tr[data-testid=row]").AllAsync();
        Assert.Equal(rows.Count, lines.Count);
        Assert.NotEmpty(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var field in fields.OfType<string>())
            {
                var value = rows[i]![field];
                var expected = value is null ? "—" : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                Assert.Equal(expected, await Cell(lines[i], field));
            }
        }
    }

    private static async Task<string> Cell(ILocator row, string column) => (await row.Locator($"[data-col={column}]").TextContentAsync())!;

    private static async Task LowRatingAsync(HttpClient http, IServiceProvider services)
    {
        var playground = new PlaygroundClient(http);
        await playground.SayAsync("tom", "dm:tom", "My laptop will not boot after the update");
        await playground.ClickAsync("tom", "dm:tom", "Submit");
        await services.WaitForOutboxAsync();
        await playground.ClickAsync("alex.kim", "team:it", "Assign to me");
        await playground.ClickAsync("alex.kim", "team:it", "Resolve", new() { ["note"] = "Rolled back the update" });
        await services.WaitForOutboxAsync();
        await playground.ClickAsync("tom", "dm:tom", "Yes, it's fixed", new() { ["rating"] = "1", ["comment"] = LowComment });
        await services.WaitForOutboxAsync();
    }

    // Three people solved by the room-booking answer, one by the password reset: credit for their authors this month.
    private static async Task DeflectionsAsync(IServiceProvider services)
    {
        var answers = services.GetRequiredService<AnswerService>();
        var rooms = (await answers.FindAsync("facilities.room-booking", CancellationToken.None))!;
        var password = (await answers.FindAsync("it.password-reset", CancellationToken.None))!;
        foreach (var (answer, who) in new[] { (rooms, "maya"), (rooms, "tom"), (rooms, "sam"), (password, "maya") })
            Assert.True(await answers.RecordDeflectionAsync(answer, $"playground:{who}:dashboard", CancellationToken.None));
    }

    // Enough resolutions, none thanked, for Sam to rank on the fair board this month.
    private static async Task UnthankedResolutionsAsync(IServiceProvider services)
    {
        var board = services.GetRequiredService<FairBoard>();
        var sam = new PersonRef(PlaygroundPlatform.Id, "sam.quiet", "Sam Quiet", "sam.quiet@contoso.example");
        var requester = new PersonRef(PlaygroundPlatform.Id, "maya", "Maya Patel", "maya@contoso.example");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            var ticket = new Ticket(new TicketNumber("IT", 9001 + i), "it", requester, new ConversationAddress(PlaygroundPlatform.Id, "dm:maya"), "Printer", "Broken",
                Priority.Normal, TicketStatus.Resolved, Confidentiality.Normal, now.AddHours(-2), null, null, 3) { Assignee = sam, ResolvedAt = now.AddMinutes(-i) };
            Assert.True(await board.RecordResolutionAsync(ticket, CancellationToken.None));
        }
    }

    private static string ShotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "playwright-shots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static Task Screenshot(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = ShotPath(name), FullPage = true });
}

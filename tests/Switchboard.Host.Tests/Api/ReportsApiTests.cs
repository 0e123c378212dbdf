using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Reports;
using Switchboard.Core.Requests;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>The reports over HTTP: JSON and CSV with the same numbers, the summary, refusals, the admin key and the OpenAPI document.</summary>
public sealed class ReportsApiTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly string Period = $"from={Today.AddDays(-6):yyyy-MM-dd}&to={Today:yyyy-MM-dd}";

    public static readonly TheoryData<string> Reports =
        ["requests", "service-levels", "backlog", "satisfaction", "satisfaction/weekly", "satisfaction/comments", "kudos", "service-chain"];

    private readonly SwitchboardFactory _factory = new();

    public async Task InitializeAsync()
    {
        var store = _factory.Services.GetRequiredService<IReportStore>();
        var yesterday = Today.AddDays(-1);
        var at = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        await SeedAsync(store, new TicketFacts
        {
            Ticket = "IT-1001", Version = 5, Team = "it", Department = "Finance", OpenedOn = yesterday,
            FirstResponse = new LatencyFact(yesterday, 25, SlaOutcome.Met),
            Resolution = new LatencyFact(yesterday, 300, SlaOutcome.Breached),
            Ratings = [new RatingFact(at, at.AddHours(1), "it", "alex@contoso.example", "Alex Kim", 1, true)],
        }, "=HYPERLINK(\"x\") took \"ages\", really");
        await SeedAsync(store, new TicketFacts
        {
            Ticket = "IT-1002", Version = 2, Team = "it", OpenedOn = Today,
            Open = new OpenFact(TicketStatus.New, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1)),
        }, null);
        await SeedAsync(store, new TicketFacts
        {
            Ticket = "HR-1001", Version = 3, Team = "hr", Department = "Sales", OpenedOn = yesterday,
            Ratings = [new RatingFact(at, at.AddHours(2), "hr", "jordan@contoso.example", "Jordan Lee", 4, false)],
        }, null);
        await store.AddOnceAsync("kudos:k1", ReportContributions.ForKudos(yesterday, KudosKind.Peer, ["ownership"], new KudosParty(null, "Finance"),
            [new KudosParty("it", "IT"), new KudosParty("it", null)], ["it"]), None);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static Task SeedAsync(IReportStore store, TicketFacts facts, string? comment) =>
        store.ReplaceTicketAsync(facts, -1, ReportContributions.Between(null, facts,
            r => new CommentNote(facts.Ticket, r.Team, r.AgentName, r.Rating, r.AnsweredAt, comment, false)), None);

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Csv_HasTheJsonRowsLineForLine_WithTheSameNumbers(string report)
    {
        var client = _factory.CreateClient();

        var json = JsonNode.Parse(await client.GetStringAsync($"/api/reports/{report}?{Period}"))!;
        var csvResponse = await client.GetAsync($"/api/reports/{report}?{Period}&format=csv");
        var csv = Parse(await csvResponse.Content.ReadAsStringAsync());

        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{report.Replace('/', '-')}-", csvResponse.Content.Headers.ContentDisposition?.FileName);
        var rows = json["rows"]!.AsArray();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, csv.Count - 1);
        var header = csv[0];
        for (var i = 0; i < rows.Count; i++)
            for (var c = 0; c < header.Count; c++)
                AssertSame(rows[i]!, header[c], csv[i + 1][c]);
    }

    [Fact]
    public async Task Csv_IsChosenByTheAcceptHeaderToo_AndFormatWins()
    {
        var client = _factory.CreateClient();
        var byAccept = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/requests?{Period}");
        byAccept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var jsonWins = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/requests?{Period}&format=json");
        jsonWins.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var csv = await client.SendAsync(byAccept);
        var json = await client.SendAsync(jsonWins);

        Assert.StartsWith("date,team,team_name,opened,resolved,cancelled\r\n", await csv.Content.ReadAsStringAsync());
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Csv_WritesACommentLiterally_ButKeepsASpreadsheetFromRunningIt()
    {
        var csv = await _factory.CreateClient().GetStringAsync($"/api/reports/satisfaction/comments?{Period}&format=csv");

        Assert.Contains("\"'=HYPERLINK(\"\"x\"\") took \"\"ages\"\", really\"", csv);
    }

    [Fact]
    public async Task Summary_BundlesEveryReport_WithTheSameNumbersAsTheirRoutes()
    {
        var client = _factory.CreateClient();

        var summary = JsonNode.Parse(await client.GetStringAsync($"/api/reports/summary?{Period}"))!;

        Assert.Contains(summary["teams"]!.AsArray(), t => (string?)t!["id"] == "it" && (string?)t["name"] == "IT Support");
        foreach (var (property, route) in new[] { ("requests", "requests"), ("serviceLevels", "service-levels"), ("kudos", "kudos"), ("serviceChain", "service-chain") })
            Assert.Equal(JsonNode.Parse(await client.GetStringAsync($"/api/reports/{route}?{Period}"))!["rows"]!.ToJsonString(), summary[property]!["rows"]!.ToJsonString());
        var satisfaction = JsonNode.Parse(await client.GetStringAsync($"/api/reports/satisfaction?{Period}"))!;
        Assert.Equal(satisfaction.ToJsonString(), summary["satisfaction"]!.ToJsonString());
        var it = summary["backlog"]!["rows"]!.AsArray().Single(r => (string?)r!["team"] == "it")!;
        Assert.Equal((1, 1, "IT-1002"), ((int)it["open"]!, (int)it["overdue"]!, (string?)it["oldestTicket"]));
        var comment = summary["satisfaction"]!["comments"]!.AsArray().Single()!;
        Assert.Equal("=HYPERLINK(\"x\") took \"ages\", really", (string?)comment["comment"]);
    }

    [Theory]
    [InlineData("summary?format=csv", "JSON only")]
    [InlineData("requests?from=2026-13-01", "'from' must be a date written yyyy-MM-dd")]
    [InlineData("requests?from=2026-11-20&to=2026-11-01", "is after 'to'")]
    [InlineData("requests?from=2024-01-01&to=2026-01-01", "longer than 366 days")]
    [InlineData("kudos?team=it&team=nope", "There is no service team 'nope'.")]
    [InlineData("backlog?format=xml", "format must be json or csv")]
    [InlineData("satisfaction/comments?take=0", "take must be from 1 to 100")]
    [InlineData("answers?month=2026-13", "month must be yyyy-MM")]
    [InlineData("answers?team=nope", "There is no service team 'nope'.")]
    public async Task BadQuery_Is400WithTheReason(string query, string reason)
    {
        var response = await _factory.CreateClient().GetAsync($"/api/reports/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task TeamFilter_NarrowsTheRows()
    {
        var json = JsonNode.Parse(await _factory.CreateClient().GetStringAsync($"/api/reports/service-levels?{Period}&team=hr&team=it"))!;

        Assert.Equal(["hr", "hr", "it", "it"], json["rows"]!.AsArray().Select(r => (string)r!["team"]!));
    }

    [Fact]
    public async Task EveryReport_OutsideDevelopment_NeedsTheAdminKey()
    {
        await using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "s3cret-admin-key",
            ["Teams:Enabled"] = "false",
        });
        var client = factory.CreateClient();

        foreach (var route in Routes(factory))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, route, null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, route, "wrong-key")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, route, "s3cret-admin-key")).StatusCode);
        }
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryReportRoute_WithASummaryAndItsParameters()
    {
        var client = _factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject();
        var routes = Routes(_factory).ToList();
        Assert.Equal(11, routes.Count);
        foreach (var route in routes)
        {
            var get = paths[route]?["get"];
            Assert.True(get is not null, $"{route} is not in the OpenAPI document");
            Assert.False(string.IsNullOrWhiteSpace((string?)get!["summary"]), $"{route} has no summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)get["description"]), $"{route} has no description");
            Assert.Superset(new HashSet<string> { "from", "to", "team", "format" }, get["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToHashSet());
        }
    }

    [Fact]
    public async Task UnsungHelpers_AreTheRankedAgentsLeastThankedPerTicket_AsJsonAndCsv()
    {
        var board = _factory.Services.GetRequiredService<FairBoard>();
        var now = DateTimeOffset.UtcNow;
        var alex = new PersonRef(new Platform("slack"), "U-alex", "Alex Kim", "alex@contoso.example");
        var sam = new PersonRef(new Platform("slack"), "U-sam", "Sam Quiet", "sam@contoso.example");
        var requester = new PersonRef(new Platform("slack"), "U-maya", "Maya Patel", "maya@contoso.example");
        for (var i = 0; i < 8; i++)
        {
            var agent = i < 4 ? alex : sam;
            var ticket = new Ticket(new TicketNumber("IT", 2001 + i), "it", requester, new ConversationAddress(new Platform("slack"), "D1"), "Printer", "Broken",
                Priority.Normal, TicketStatus.Resolved, Confidentiality.Normal, now.AddHours(-2), null, null, 3) { Assignee = agent, ResolvedAt = now.AddMinutes(-i) };
            Assert.True(await board.RecordResolutionAsync(ticket, None));
            // Alex is thanked for three of his four; Sam for none of his.
            if (i < 3) Assert.True(await board.RecordThanksAsync(ticket.Number.ToString(), None));
        }
        var client = _factory.CreateClient();

        var json = JsonNode.Parse(await client.GetStringAsync("/api/reports/unsung-helpers?span=week"))!;
        var csv = await client.GetStringAsync("/api/reports/unsung-helpers?span=week&team=it&format=csv");

        Assert.Equal("week", (string?)json["span"]);
        Assert.Equal([("Sam Quiet", 4, 0, 0.0), ("Alex Kim", 4, 3, 0.75)],
            json["rows"]!.AsArray().Select(r => ((string)r!["agentName"]!, (int)r["resolutions"]!, (int)r["thanks"]!, (double)r["thanksPerTicket"]!)));
        Assert.Equal("agent,agent_name,team,resolutions,thanks,thanks_per_ticket\r\nslack:U-sam,Sam Quiet,it,4,0,0\r\nslack:U-alex,Alex Kim,it,4,3,0.75\r\n", csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/reports/unsung-helpers?span=fortnight")).StatusCode);
    }

    [Fact]
    public async Task Answers_AreTheRequestsEachAnswerSolvedInAMonth_PerTeamWithTotals_AsJsonAndCsv()
    {
        var answers = _factory.Services.GetRequiredService<AnswerService>();
        var rooms = (await answers.FindAsync("facilities.room-booking", None))!;
        var password = (await answers.FindAsync("it.password-reset", None))!;
        foreach (var (answer, who) in new[] { (rooms, "maya"), (rooms, "tom"), (password, "maya") })
            Assert.True(await answers.RecordDeflectionAsync(answer, $"playground:{who}:1", None));
        // Credit from an earlier month, asked by month= or by a period ending in it.
        await _factory.Services.GetRequiredService<IAnswerStore>().RecordDeflectionAsync("it", "it.password-reset", "playground:sam:1", "2025-01", TimeSpan.FromDays(1), None);
        var client = _factory.CreateClient();

        var json = JsonNode.Parse(await client.GetStringAsync($"/api/reports/answers?{Period}"))!;
        var csv = Parse(await client.GetStringAsync($"/api/reports/answers?{Period}&team=it&format=csv"));
        var january = JsonNode.Parse(await client.GetStringAsync("/api/reports/answers?month=2025-01&team=it"))!;
        var endingInJanuary = JsonNode.Parse(await client.GetStringAsync("/api/reports/answers?from=2024-12-20&to=2025-01-31"))!;
        var hrOnly = JsonNode.Parse(await client.GetStringAsync($"/api/reports/answers?{Period}&team=hr"))!;

        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture), (string?)json["month"]);
        Assert.Equal([("facilities", "facilities.room-booking", rooms.Question, rooms.Author.Value, rooms.AuthorName, 2L), ("it", "it.password-reset", password.Question, password.Author.Value, password.AuthorName, 1L)],
            json["rows"]!.AsArray().Select(r => ((string)r!["team"]!, (string)r["answer"]!, (string)r["question"]!, (string)r["author"]!, (string)r["authorName"]!, (long)r["solved"]!)));
        Assert.Equal([("facilities", 1L, 2L), ("it", 1L, 1L)], json["totals"]!.AsArray().Select(t => ((string)t!["team"]!, (long)t["answers"]!, (long)t["solved"]!)));
        Assert.Equal([["team", "team_name", "answer", "question", "author", "author_name", "solved"],
            ["it", (string)json["rows"]![1]!["teamName"]!, "it.password-reset", password.Question, password.Author.Value, password.AuthorName, "1"]], csv);
        Assert.Equal(("2025-01", 1L), ((string)january["month"]!, (long)january["rows"]!.AsArray().Single()!["solved"]!));
        Assert.Equal(january["rows"]!.ToJsonString(), endingInJanuary["rows"]!.ToJsonString());
        Assert.Empty(hrOnly["rows"]!.AsArray());
        Assert.Empty(hrOnly["totals"]!.AsArray());
    }

    [Fact]
    public async Task ReferencePage_IsServed()
    {
        var response = await _factory.CreateClient().GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> Routes(SwitchboardFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/reports/", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string route, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (key is not null) request.Headers.Add("X-Admin-Key", key);
        return client.SendAsync(request);
    }

    // A CSV column and the JSON property it comes from: snake_case to camelCase; rating_n is ratings[n-1].
    private static void AssertSame(JsonNode row, string column, string cell)
    {
        JsonNode? value;
        if (column.StartsWith("rating_", StringComparison.Ordinal) && int.TryParse(column[7..], out var rating))
            value = row["ratings"]![rating - 1];
        else
        {
            var parts = column.Split('_');
            value = row[parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]))];
        }
        if (column == "measure") value = (string?)value == "firstResponse" ? "first_response" : value;
        switch (value?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                Assert.Equal("", cell);
                break;
            case JsonValueKind.Number:
                Assert.Equal((double)value, double.Parse(cell, CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(value.GetValueKind() == JsonValueKind.True ? "true" : "false", cell);
                break;
            default:
                var text = (string)value!;
                // A text that a spreadsheet would run as a formula gets a leading apostrophe in the CSV.
                Assert.Equal(text.Length > 0 && "=@+-".Contains(text[0]) ? "'" + text : text, cell);
                break;
        }
    }

    // RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.Empty(row);
        return rows;
    }
}

using System.ComponentModel;
using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;
using Switchboard.Core.Answers;
using Switchboard.Core.Kudos;
using Switchboard.Core.Reports;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Api;

/// <summary>
/// <c>GET /api/reports/...</c>: the dashboard's numbers as JSON or CSV (docs/REPORTS.md), behind the admin key; the
/// OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/scalar</c>.
/// </summary>
public static class ReportsApi
{
    public const string Prefix = "/api/reports";
    private const string Csv = "text/csv";
    private const string Json = "application/json";

    /// <summary>The query parameters every report takes.</summary>
    public sealed record ReportParameters(
        [property: FromQuery(Name = "from"), Description("First day (UTC), yyyy-MM-dd, inclusive. Default: 'to' minus 27 days.")] string? From,
        [property: FromQuery(Name = "to"), Description("Last day (UTC), yyyy-MM-dd, inclusive. Default: today.")] string? To,
        [property: FromQuery(Name = "team"), Description("A service team id; repeat for several. Default: every team.")] string[]? Team,
        [property: FromQuery(Name = "format"), Description("json (default) or csv; 'Accept: text/csv' also selects CSV.")] string? Format);

    /// <summary>The unsung helpers of the current week, month, quarter or all time (the kudos module's fair board).</summary>
    public sealed record UnsungHelpersReport(string Span, IReadOnlyList<UnsungHelperRow> Rows);

    /// <summary>An agent who resolves many tickets and is rarely thanked for them.</summary>
    public sealed record UnsungHelperRow(string Agent, string AgentName, string? Team, long Resolutions, long Thanks, double ThanksPerTicket);

    /// <summary>The answers that solved requests in one calendar month (UTC), and each team's total.</summary>
    public sealed record AnswersReport(string Month, IReadOnlyList<AnswerRow> Rows, IReadOnlyList<AnswerTeamTotal> Totals);

    /// <summary>An answer that solved <paramref name="Solved"/> requests in the month, credited to its author.</summary>
    public sealed record AnswerRow(string Team, string TeamName, string Answer, string Question, string Author, string AuthorName, long Solved);

    /// <summary>A team's requests solved by its answers in the month, and how many of its answers did.</summary>
    public sealed record AnswerTeamTotal(string Team, string TeamName, long Answers, long Solved);

    /// <summary>What a refused report request answers.</summary>
    public sealed record ReportError(string Error);

    /// <summary>The OpenAPI document of the host's endpoints.</summary>
    public static IHostApplicationBuilder AddReportsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Switchboard";
            document.Info.Description = "Reports for team leads and admins (JSON and CSV; send X-Admin-Key outside Development). See docs/REPORTS.md.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Maps the reports, the OpenAPI document and the reference page.</summary>
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup(Prefix).AddEndpointFilter<Dashboard.DashboardAccessFilter>().WithTags("Reports");

        Map(reports, "/requests", "Requests over time",
            "Per UTC day and team: requests filed, resolved and cancelled that day. A request counts for the team that owns it now.",
            (reader, query, _, ct) => reader.RequestsAsync(query, ct),
            ["date", "team", "team_name", "opened", "resolved", "cancelled"],
            r => r.Rows.Select(x => Cells(x.Date, x.Team, x.TeamName, x.Opened, x.Resolved, x.Cancelled)));

        Map(reports, "/service-levels", "First response and resolution in business time",
            "Per team: first responses and resolutions in the period, median and p90 in the team's business minutes (upper bound of the histogram bucket), SLA met and breached.",
            (reader, query, _, ct) => reader.ServiceLevelsAsync(query, ct),
            ["team", "team_name", "measure", "count", "median_minutes", "p90_minutes", "met", "breached", "met_percent"],
            r => r.Rows.Select(x => Cells(x.Team, x.TeamName, x.Measure == "firstResponse" ? "first_response" : "resolution", x.Count, x.MedianMinutes, x.P90Minutes, x.Met, x.Breached, x.MetPercent)));

        Map(reports, "/backlog", "Backlog and ageing",
            "Per team, now: open requests by status, overdue, age since filing in buckets, the oldest open request. The period is ignored.",
            (reader, query, _, ct) => reader.BacklogAsync(query, ct),
            ["team", "team_name", "open", "new", "assigned", "in_progress", "waiting_on_requester", "overdue", "age_under_1_day", "age_1_to_3_days",
                "age_3_to_7_days", "age_7_to_30_days", "age_over_30_days", "oldest_ticket", "oldest_opened_at"],
            r => r.Rows.Select(x => Cells(x.Team, x.TeamName, x.Open, x.New, x.Assigned, x.InProgress, x.WaitingOnRequester, x.Overdue, x.AgeUnder1Day,
                x.Age1To3Days, x.Age3To7Days, x.Age7To30Days, x.AgeOver30Days, x.OldestTicket, x.OldestOpenedAt)));

        Map(reports, "/satisfaction", "Satisfaction by team and agent",
            "Ratings answered in the period: per team, then per agent of the team, the count of each rating 1-5 and the average; the JSON also has the weekly trend and the latest low-rating comments.",
            (reader, query, _, ct) => reader.SatisfactionAsync(query, ct),
            ["team", "team_name", "agent", "agent_name", "count", "average", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5"],
            r => r.Rows.Select(x => Cells([x.Team, x.TeamName, x.Agent, x.AgentName, x.Count, x.Average, .. x.Ratings.Cast<object?>()])));

        Map(reports, "/satisfaction/weekly", "Satisfaction trend",
            "Per ISO week overlapping the period and team: the count and average of ratings answered in the week's days within the period.",
            (reader, query, _, ct) => reader.WeeklySatisfactionAsync(query, ct),
            ["week_start", "week", "team", "team_name", "count", "average"],
            r => r.Rows.Select(x => Cells(x.WeekStart, x.Week, x.Team, x.TeamName, x.Count, x.Average)));

        Map(reports, "/satisfaction/comments", "Latest low-rating comments",
            "Ratings of 1 or 2 with a comment, answered in the period, newest first (take: 1-100, default 10). Comments are the requester's text, returned literally; a confidential team's are withheld.",
            (reader, query, take, ct) => reader.CommentsAsync(query, take ?? ReportReader.DefaultComments, ct),
            ["answered_at", "ticket", "team", "team_name", "agent_name", "rating", "comment", "withheld"],
            r => r.Rows.Select(x => Cells(x.AnsweredAt, x.Ticket, x.Team, x.TeamName, x.AgentName, x.Rating, x.Comment, x.Withheld)));

        Map(reports, "/kudos", "Kudos by team and value",
            "Kudos given in the period: given and received overall, per service team and per department, with and without each company value.",
            (reader, query, _, ct) => reader.KudosAsync(query, ct),
            ["dimension", "team", "team_name", "department", "department_name", "value", "given", "received"],
            r => r.Rows.Select(x => Cells(x.Dimension, x.Team, x.TeamName, x.Department, x.DepartmentName, x.Value, x.Given, x.Received)));

        Map(reports, "/service-chain", "Requesting department to serving team",
            "Per requesting department and serving team: requests filed, ratings answered with their average, and kudos the department gave the team, in the period. Departments come from the people directory.",
            (reader, query, _, ct) => reader.ServiceChainAsync(query, ct),
            ["department", "department_name", "team", "team_name", "requests", "ratings", "average_rating", "thanks"],
            r => r.Rows.Select(x => Cells(x.Department, x.DepartmentName, x.Team, x.TeamName, x.Requests, x.Ratings, x.AverageRating, x.Thanks)));

        reports.MapGet("/summary", async ([AsParameters] ReportParameters parameters, HttpContext http, ReportReader reader, TeamDirectory teams, TimeProvider time) =>
            {
                if (ParseQuery(parameters, teams, time) is not { } query) return Refuse(ParseError(parameters, teams, time)!);
                if (WantsCsv(parameters, http) is not { } csv) return Refuse("format must be json or csv.");
                if (csv) return Refuse($"The summary is JSON only; for CSV ask a single report ({Prefix}/requests, /service-levels, /backlog, /satisfaction, /kudos, /service-chain).");
                return Results.Json(await reader.SummaryAsync(query, http.RequestAborted));
            })
            .WithName("summary")
            .WithSummary("Everything the dashboard shows")
            .WithDescription("Every report for the period and teams in one JSON object, so the dashboard loads with one request.")
            .Produces<ReportSummary>(StatusCodes.Status200OK, Json)
            .Produces<ReportError>(StatusCodes.Status400BadRequest)
            .Produces<ReportError>(StatusCodes.Status401Unauthorized)
            .Produces<ReportError>(StatusCodes.Status403Forbidden);

        reports.MapGet("/unsung-helpers", async ([AsParameters] ReportParameters parameters,
                [FromQuery(Name = "span"), Description("week, month (default), quarter or all: the period holding now.")] string? span,
                [FromQuery(Name = "take"), Description("How many (1-100, default 10).")] int? take,
                HttpContext http, FairBoard board, TeamDirectory teams, TimeProvider time) =>
            {
                if (ParseQuery(parameters, teams, time) is not { } query) return Refuse(ParseError(parameters, teams, time)!);
                if (WantsCsv(parameters, http) is not { } csv) return Refuse("format must be json or csv.");
                if (!Enum.TryParse<KudosBoards.Span>(span ?? "month", true, out var period) || !Enum.IsDefined(period) || int.TryParse(span, out _))
                    return Refuse("span must be week, month, quarter or all.");
                if (take is < 1 or > ReportReader.MaxComments) return Refuse($"take must be from 1 to {ReportReader.MaxComments}.");
                var count = take ?? ReportReader.DefaultComments;
                var rows = new List<UnsungHelperRow>();
                foreach (var team in query.Teams.Count == 0 ? [null] : query.Teams.Cast<string?>())
                    rows.AddRange((await board.UnsungAsync(period, team, count, http.RequestAborted))
                        .Select(a => new UnsungHelperRow(a.Id, a.Name, team, a.Resolutions, a.Thanks, Math.Round(a.Ratio, 2, MidpointRounding.AwayFromZero))));
                var report = new UnsungHelpersReport(period.ToString().ToLowerInvariant(),
                    rows.OrderBy(r => r.ThanksPerTicket).ThenByDescending(r => r.Resolutions).ThenBy(r => r.AgentName, StringComparer.Ordinal).Take(count).ToList());
                if (!csv) return Results.Json(report);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"unsung-helpers-{report.Span}.csv\"";
                return Results.Text(WriteCsv(["agent", "agent_name", "team", "resolutions", "thanks", "thanks_per_ticket"],
                    report.Rows.Select(r => Cells(r.Agent, r.AgentName, r.Team, r.Resolutions, r.Thanks, r.ThanksPerTicket))), "text/csv; charset=utf-8");
            })
            .WithName("unsung-helpers")
            .WithSummary("Unsung helpers")
            .WithDescription("Agents with enough resolutions to be ranked on the kudos fair board, fewest thanks per resolved ticket first, in the current week, month, quarter or all time (span; from and to are not used). With team, the agents of those teams. CSV columns: agent,agent_name,team,resolutions,thanks,thanks_per_ticket.")
            .Produces<UnsungHelpersReport>(StatusCodes.Status200OK, Json, Csv)
            .Produces<ReportError>(StatusCodes.Status400BadRequest)
            .Produces<ReportError>(StatusCodes.Status401Unauthorized)
            .Produces<ReportError>(StatusCodes.Status403Forbidden);

        reports.MapGet("/answers", async ([AsParameters] ReportParameters parameters,
                [FromQuery(Name = "month"), Description("A calendar month (UTC), yyyy-MM. Default: the month holding 'to'.")] string? month,
                HttpContext http, AnswerService answers, TeamDirectory teams, TimeProvider time) =>
            {
                if (ParseQuery(parameters, teams, time) is not { } query) return Refuse(ParseError(parameters, teams, time)!);
                if (WantsCsv(parameters, http) is not { } csv) return Refuse("format must be json or csv.");
                DateTimeOffset at;
                if (month is null) at = new DateTimeOffset(query.To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                else if (DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var first))
                    at = new DateTimeOffset(first, TimeSpan.Zero);
                else return Refuse("month must be yyyy-MM.");
                var report = await AnswersAsync(answers, teams, query, at, http.RequestAborted);
                if (!csv) return Results.Json(report);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"answers-{report.Month}.csv\"";
                return Results.Text(WriteCsv(["team", "team_name", "answer", "question", "author", "author_name", "solved"],
                    report.Rows.Select(r => Cells(r.Team, r.TeamName, r.Answer, r.Question, r.Author, r.AuthorName, r.Solved))), "text/csv; charset=utf-8");
            })
            .WithName("answers")
            .WithSummary("Answers that solved requests")
            .WithDescription("Per answer of the knowledge base: the requests it solved in a calendar month (UTC; 'month', else the month holding 'to'; 'from' is validated but not used) when the requester chose \"This solved it\", credited to the answer's author; most first. The JSON also has each team's total. Questions are the text people wrote, returned literally. CSV columns: team,team_name,answer,question,author,author_name,solved.")
            .Produces<AnswersReport>(StatusCodes.Status200OK, Json, Csv)
            .Produces<ReportError>(StatusCodes.Status400BadRequest)
            .Produces<ReportError>(StatusCodes.Status401Unauthorized)
            .Produces<ReportError>(StatusCodes.Status403Forbidden);

        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Switchboard API"));
        return app;
    }

    private static async Task<AnswersReport> AnswersAsync(AnswerService answers, TeamDirectory teams, ReportQuery query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var deflections = (await answers.DeflectionsAsync(at, cancellationToken))
            .Where(d => query.Teams.Count == 0 || query.Teams.Contains(d.TeamId, StringComparer.Ordinal))
            .ToList();
        // A team no longer configured keeps its credit, shown under its id.
        string Name(string team) => teams.Find(team)?.Name ?? team;
        var rows = deflections.Select(d => new AnswerRow(d.TeamId, Name(d.TeamId), d.AnswerId, d.Question, d.Author.Value, d.AuthorName, d.Solved)).ToList();
        var totals = deflections.GroupBy(d => d.TeamId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AnswerTeamTotal(g.Key, Name(g.Key), g.LongCount(), g.Sum(d => d.Solved))).ToList();
        return new AnswersReport(AnswerRules.Month(at), rows, totals);
    }

    private delegate Task<T> ReadReport<T>(ReportReader reader, ReportQuery query, int? take, CancellationToken cancellationToken);

    private static void Map<T>(RouteGroupBuilder group, string path, string summary, string description, ReadReport<T> read,
        IReadOnlyList<string> header, Func<T, IEnumerable<object?[]>> rows)
    {
        var name = path.TrimStart('/').Replace('/', '-');
        group.MapGet(path, async ([AsParameters] ReportParameters parameters,
                [FromQuery(Name = "take"), Description("Comments only: how many (1-100, default 10).")] int? take,
                HttpContext http, ReportReader reader, TeamDirectory teams, TimeProvider time) =>
            {
                if (ParseQuery(parameters, teams, time) is not { } query) return Refuse(ParseError(parameters, teams, time)!);
                if (WantsCsv(parameters, http) is not { } csv) return Refuse("format must be json or csv.");
                if (take is < 1 or > ReportReader.MaxComments) return Refuse($"take must be from 1 to {ReportReader.MaxComments}.");
                var report = await read(reader, query, take, http.RequestAborted);
                if (!csv) return Results.Json(report);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.csv\"";
                return Results.Text(WriteCsv(header, rows(report)), "text/csv; charset=utf-8");
            })
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " CSV columns: " + string.Join(",", header) + ".")
            .Produces<T>(StatusCodes.Status200OK, Json, Csv)
            .Produces<ReportError>(StatusCodes.Status400BadRequest)
            .Produces<ReportError>(StatusCodes.Status401Unauthorized)
            .Produces<ReportError>(StatusCodes.Status403Forbidden);
    }

    private static ReportQuery? ParseQuery(ReportParameters parameters, TeamDirectory teams, TimeProvider time) =>
        ReportQuery.Parse(parameters.From, parameters.To, parameters.Team ?? [], Today(time), teams).Query;

    private static string? ParseError(ReportParameters parameters, TeamDirectory teams, TimeProvider time) =>
        ReportQuery.Parse(parameters.From, parameters.To, parameters.Team ?? [], Today(time), teams).Error;

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    // null: a format that is neither.
    private static bool? WantsCsv(ReportParameters parameters, HttpContext http) => parameters.Format?.Trim().ToLowerInvariant() switch
    {
        null or "" => http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase)),
        "json" => false,
        "csv" => true,
        _ => null,
    };

    private static IResult Refuse(string error) => Results.Json(new ReportError(error), statusCode: StatusCodes.Status400BadRequest);

    private static object?[] Cells(params object?[] cells) => cells;

    /// <summary>
    /// RFC 4180 with a header line. Numbers are written as numbers (invariant culture); dates and times as the JSON
    /// writes them. A text cell a spreadsheet would run as a formula (a comment starting with "=") gets a leading "'".
    /// </summary>
    internal static string WriteCsv(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, TrueValue = "true", FalseValue = "false" };
        using (var csv = CsvWriter.Create(text, options, true))
        {
            csv.WriteRecord([.. header]);
            foreach (var row in rows)
            {
                foreach (var cell in row) csv.WriteField(Format(cell));
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    // Dates and times as text the way the JSON writes them; everything else as its value, so numbers stay numbers.
    private static object? Format(object? cell) => cell switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        _ => cell,
    };
}

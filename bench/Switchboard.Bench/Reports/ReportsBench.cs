using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Reports;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Redis;

namespace Switchboard.Bench.Reports;

/// <summary>
/// The reports' read model at size (bench/reports.sh): seeds Redis through the real writer (<see cref="ReportWriter"/>,
/// compare-and-set per ticket version, once per kudos) with N tickets' lives over 90 days (each recorded as filed,
/// then as it ended) and M kudos, then times the dashboard's data load: the summary read in process, and
/// <c>GET /api/reports/summary</c> on a host reading the same Redis when one is given.
/// </summary>
public static class ReportsBench
{
    private static readonly Platform Slack = new("slack");
    private static readonly string[] Departments = ["Finance", "Sales", "Marketing", "Engineering", "Operations", "Legal", "People", "Support", "Product", "Design", "Procurement", "Research"];
    private static readonly string[] Values = ["ownership", "care", "curiosity", "teamwork", "customers"];

    public const string Usage = """
        Reports bench (bench/reports.sh): dotnet Switchboard.Bench.dll --reports --redis 127.0.0.1:6390 [options]
          --redis CONFIG       loopback Redis to seed (required)
          --redis-prefix P     key prefix (the host under --host must use the same)
          --config DIR         the repository's config/ folder (the service teams)
          --host URL           also time GET /api/reports/summary there (admin key from BENCH_ADMIN_KEY)
          --tickets N          tickets to seed (default 100000)
          --kudos N            kudos to seed (default 20000)
          --runs N             timed loads per period (default 30)
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Count(string name, int fallback) => Arg(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        if (Arg("--redis") is not { } redis)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var prefix = Arg("--redis-prefix") ?? $"bench-reports:{Guid.NewGuid():N}"[..22];
        var tickets = Count("--tickets", 100_000);
        var kudos = Count("--kudos", 20_000);
        var runs = Count("--runs", 30);
        var host = Arg("--host");

        var teams = Workload.Load(Arg("--config")).Teams;
        var options = new RedisOptions { Configuration = redis, KeyPrefix = prefix };
        await using var connection = new RedisConnection(options);
        await connection.ConnectAsync(cancellationToken);
        var store = new RedisReportStore(connection, options);
        var people = new PeopleDirectory(new MemoryPeopleStore(), new PeopleOptions(), TimeProvider.System, NullLogger<PeopleDirectory>.Instance);
        var writer = new ReportWriter(store, teams, people, NullLogger<ReportWriter>.Instance);
        var now = DateTimeOffset.UtcNow;

        Console.WriteLine($"Seeding {tickets:N0} tickets (two versions each) and {kudos:N0} kudos into Redis {redis} under {prefix} through ReportWriter...");
        var seed = Stopwatch.StartNew();
        var random = new Random(42);
        var plans = Enumerable.Range(0, tickets).Select(i => TicketPlan(i, teams, now, random)).ToList();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (plan, ct) =>
        {
            await writer.RecordTicketAsync(plan.Filed, plan.Department, null, ct);
            await writer.RecordTicketAsync(plan.Final, plan.Department, plan.Final.Survey?.Agent.Email, ct);
        });
        var ticketSeconds = seed.Elapsed.TotalSeconds;
        var gifts = Enumerable.Range(0, kudos).Select(i => KudosPlan(i, teams, now, random)).ToList();
        await Parallel.ForEachAsync(gifts, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (gift, ct) =>
            await writer.RecordKudosAsync(gift.Entry, gift.Giver, gift.Receivers, ct));
        Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:0.0} s (tickets {ticketSeconds:0.0} s: {tickets * 2 / ticketSeconds:N0} recordings/s; kudos {seed.Elapsed.TotalSeconds - ticketSeconds:0.0} s).");

        var reader = new ReportReader(store, teams, TimeProvider.System);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        using var http = host is null ? null : new HttpClient { BaseAddress = new Uri(host), Timeout = TimeSpan.FromSeconds(30) };
        http?.DefaultRequestHeaders.Add("X-Admin-Key", Environment.GetEnvironmentVariable("BENCH_ADMIN_KEY") ?? "");
        Console.WriteLine($"Dashboard data load, {runs} runs after 3 warm-up loads (median / p90 / max, ms):");
        foreach (var days in new[] { 28, 90 })
        {
            var query = new ReportQuery(today.AddDays(1 - days), today, []);
            var summary = await reader.SummaryAsync(query, cancellationToken);
            Console.WriteLine($"  {days} days: {summary.Requests.Totals.Sum(t => t.Opened):N0} opened, {summary.Backlog.Rows.Sum(r => r.Open):N0} open now, " +
                              $"{summary.Satisfaction.Rows.Where(r => r.Agent is null).Sum(r => r.Count):N0} ratings, {summary.Kudos.Rows.First().Given:N0} kudos");
            Print($"    in process, ReportReader.SummaryAsync ({days} days)", await TimeAsync(runs, () => reader.SummaryAsync(query, cancellationToken)));
            if (http is null) continue;
            var url = $"/api/reports/summary?from={query.From:yyyy-MM-dd}&to={query.To:yyyy-MM-dd}";
            Print($"    HTTP GET {url}", await TimeAsync(runs, async () =>
            {
                using var response = await http.GetAsync(url, cancellationToken);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }));
        }
        return 0;
    }

    private static async Task<List<double>> TimeAsync<T>(int runs, Func<Task<T>> load)
    {
        for (var i = 0; i < 3; i++) await load();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await load();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static void Print(string what, List<double> times)
    {
        var sorted = times.Order().ToList();
        double Rank(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine($"{what}: {Rank(0.5):0.0} / {Rank(0.9):0.0} / {sorted[^1]:0.0}");
    }

    private sealed record TicketLife(Ticket Filed, Ticket Final, string? Department);

    private sealed record Gift(KudosEntry Entry, KudosParty Giver, IReadOnlyList<KudosParty> Receivers);

    private static PersonRef Person(int n) => new(Slack, $"U{n:D5}", $"Person {n}", $"person{n}@example.com");

    // One in twenty people has no department in the directory: the reports show them as unknown.
    private static string? DepartmentOf(int person) => person % 20 == 0 ? null : Departments[person % Departments.Length];

    private static TicketLife TicketPlan(int i, TeamDirectory teams, DateTimeOffset now, Random random)
    {
        var team = teams.All[i % teams.All.Count];
        var requesterNumber = random.Next(2000);
        var requester = Person(requesterNumber);
        var created = now.AddMinutes(-random.Next(90 * 24 * 60));
        var number = new TicketNumber(team.Options.TicketPrefix, TicketNumber.First + i);
        var priority = random.Next(10) == 0 ? Priority.High : Priority.Normal;
        var filed = new Ticket(number, team.Id, requester, new ConversationAddress(Slack, $"D{requesterNumber}"), "Request", "Details", priority,
            TicketStatus.New, team.Confidentiality, created, team.FirstResponseDue(priority, created), team.ResolutionDue(priority, created), 1)
        {
            History = [new TicketEvent(created, requester.Key, requester.Name, TicketEventKind.Created)],
        };
        var agentOptions = team.Agents.Count > 0 ? team.Agents[random.Next(team.Agents.Count)] : null;
        var agent = agentOptions is null ? Person(9999) : new PersonRef(Slack, $"A-{agentOptions.Name}", agentOptions.Name, agentOptions.Email);
        var roll = random.Next(100);
        var final = filed;
        var respondedAt = created.AddMinutes(5 + random.Next(600));
        if (roll < 3 || respondedAt > now)
        {
            final = roll < 3 ? Close(filed, TicketStatus.Cancelled, TicketEventKind.Cancelled, created.AddMinutes(30), requester) : filed;
            return new TicketLife(filed, final with { Version = 2 }, DepartmentOf(requesterNumber));
        }
        final = final with
        {
            Status = TicketStatus.Assigned, Assignee = agent, FirstRespondedAt = respondedAt,
            History = [.. final.History, new TicketEvent(respondedAt, agent.Key, agent.Name, TicketEventKind.Assigned)],
        };
        var resolvedAt = respondedAt.AddMinutes(30 + random.Next(5 * 24 * 60));
        if (roll < 80 && resolvedAt <= now)
        {
            final = Close(final, TicketStatus.Resolved, TicketEventKind.Resolved, resolvedAt, agent) with { ResolvedAt = resolvedAt, Resolution = "Done" };
            var answeredAt = resolvedAt.AddMinutes(10 + random.Next(600));
            if (random.Next(100) < 60 && answeredAt <= now)
            {
                var rating = random.Next(100) switch { < 5 => 1, < 10 => 2, < 20 => 3, < 50 => 4, _ => 5 };
                final = final with
                {
                    Survey = new TicketSurvey(SurveyState.Answered, resolvedAt, resolvedAt.AddDays(7), team.Id, agent)
                    {
                        Fixed = rating > 2, Rating = rating, AnsweredAt = answeredAt,
                        Comment = rating <= 2 ? $"Ticket {number} took too long ({rating}/5)" : null,
                    },
                    History = [.. final.History, new TicketEvent(answeredAt, requester.Key, requester.Name, TicketEventKind.Rated)],
                };
            }
        }
        else if (roll % 4 == 0)
        {
            var asked = respondedAt.AddMinutes(20);
            final = final with
            {
                Status = TicketStatus.WaitingOnRequester, ResolutionDue = null,
                History = [.. final.History, new TicketEvent(asked, agent.Key, agent.Name, TicketEventKind.WaitingOnRequester)],
            };
        }
        return new TicketLife(filed, final with { Version = 2 + final.History.Count }, DepartmentOf(requesterNumber));
    }

    private static Ticket Close(Ticket ticket, TicketStatus status, TicketEventKind kind, DateTimeOffset at, PersonRef actor) =>
        ticket with { Status = status, History = [.. ticket.History, new TicketEvent(at, actor.Key, actor.Name, kind)] };

    private static Gift KudosPlan(int i, TeamDirectory teams, DateTimeOffset now, Random random)
    {
        var giver = random.Next(2000);
        var receivers = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(2000)).Where(r => r != giver).Distinct().DefaultIfEmpty((giver + 1) % 2000).ToList();
        var kind = random.Next(100) switch { < 10 => KudosKind.ServiceThanks, < 25 => KudosKind.PlusOne, _ => KudosKind.Peer };
        var team = teams.All[random.Next(teams.All.Count)];
        var entry = new KudosEntry
        {
            Id = $"bench-kudos-{i}",
            Giver = new KudosPerson(Person(giver).Email!, Person(giver)),
            Receivers = receivers.Select(r => new KudosPerson(Person(r).Email!, Person(r))).ToList(),
            Values = Values.Where(_ => random.Next(4) == 0).ToList(),
            Reason = "for the help",
            At = now.AddMinutes(-random.Next(90 * 24 * 60)),
            Kind = kind,
            Ticket = kind == KudosKind.ServiceThanks ? $"{team.Options.TicketPrefix}-{TicketNumber.First + random.Next(1000)}" : null,
        };
        // People numbered below 200 are agents, spread over the teams.
        KudosParty Party(int person) => new(person < 200 ? teams.All[person % teams.All.Count].Id : null, DepartmentOf(person));
        return new Gift(entry, Party(giver), receivers.Select(Party).ToList());
    }
}

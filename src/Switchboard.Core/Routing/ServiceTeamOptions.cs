using System.ComponentModel.DataAnnotations;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Service;

namespace Switchboard.Core.Routing;

/// <summary>
/// The service teams requests are routed to. In configuration each team is a key of the <c>ServiceTeams</c>
/// section (<c>ServiceTeams:it:Name</c>); the host reads them into <see cref="Teams"/>.
/// </summary>
public sealed record ServiceTeamsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "ServiceTeams";

    /// <summary>The teams in display order (read from configuration, by name).</summary>
    [MinLength(1, ErrorMessage = "ServiceTeams must name at least one team.")]
    public List<ServiceTeamOptions> Teams { get; init; } = [];
}

/// <summary>One service team (IT, HR, ...), as configured.</summary>
public sealed record ServiceTeamOptions
{
    /// <summary>Short lower-case id used in commands and configuration (<c>it</c>, <c>hr</c>): the team's key under <c>ServiceTeams</c>.</summary>
    [Required, RegularExpression("^[a-z][a-z0-9-]{0,31}$", ErrorMessage = "the id (the key under ServiceTeams) must be a lower-case letter followed by up to 31 lower-case letters, digits or '-'.")]
    public string Id { get; init; } = "";

    /// <summary>Display name (IT Support).</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>Ticket number prefix (<c>IT</c> gives IT-1001).</summary>
    [Required, RegularExpression("^[A-Z]{2,8}$", ErrorMessage = "TicketPrefix must be 2-8 upper-case letters.")]
    public string TicketPrefix { get; init; } = "";

    /// <summary>What the team handles, shown to requesters choosing a team.</summary>
    [Required]
    public string Description { get; init; } = "";

    /// <summary>Confidential teams never show request text in channels not marked private.</summary>
    public bool Confidential { get; init; }

    /// <summary>Hints the router scores requests with.</summary>
    public RoutingHintsOptions Routing { get; init; } = new();

    /// <summary>Response and resolution targets per priority, in business time.</summary>
    public SlaOptions Sla { get; init; } = new();

    /// <summary>When the team works; the SLA targets count only this time. Absent: around the clock.</summary>
    public CalendarOptions Calendar { get; init; } = new();

    /// <summary>The people who work this team's requests.</summary>
    public List<AgentOptions> Agents { get; init; } = [];

    /// <summary>The team's leads: told about low ratings, breached deadlines and agents away (same shape as agents).</summary>
    public List<AgentOptions> Leads { get; init; } = [];

    /// <summary>Who gets a new ticket (or one moved to the team) without an agent picking it up.</summary>
    public AutoAssignMode AutoAssign { get; init; } = AutoAssignMode.None;
}

/// <summary>How a team's new tickets are given to an agent (<c>ServiceTeams:&lt;id&gt;:AutoAssign</c>).</summary>
public enum AutoAssignMode
{
    /// <summary>Agents pick tickets up themselves.</summary>
    None,
    /// <summary>Each agent in turn, skipping agents who are away.</summary>
    RoundRobin,
    /// <summary>The agent with the fewest open tickets of the team, skipping agents who are away.</summary>
    FewestOpen,
}

/// <summary>Routing hints: keywords and example requests.</summary>
public sealed record RoutingHintsOptions
{
    /// <summary>Words or short phrases typical of this team's requests.</summary>
    public List<string> Keywords { get; init; } = [];

    /// <summary>Example requests this team owns.</summary>
    public List<string> Examples { get; init; } = [];
}

/// <summary>SLA targets per priority, in business time (see <see cref="ServiceTeamOptions.Calendar"/>), and the waiting rules.</summary>
public sealed record SlaOptions
{
    /// <summary>Business time to first response, per priority.</summary>
    public Dictionary<Priority, TimeSpan> FirstResponse { get; init; } = [];

    /// <summary>Business time to resolution, per priority.</summary>
    public Dictionary<Priority, TimeSpan> Resolution { get; init; } = [];

    /// <summary>
    /// A target is at risk when less than this share of it is left (0.2: the last fifth). Between 0 and 1.
    /// </summary>
    public double AtRiskThreshold { get; init; } = 0.2;

    /// <summary>Business time a ticket waits on the requester before she is nudged.</summary>
    public TimeSpan WaitingNudgeAfter { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Elapsed time (days, not business time) a ticket waits on the requester before it is resolved for her.</summary>
    public TimeSpan AutoResolveAfter { get; init; } = TimeSpan.FromDays(7);
}

/// <summary>
/// A team's business calendar as configured: time zone, working days and hours, holidays. The defaults are
/// around the clock in UTC, so a team without a calendar counts elapsed time.
/// </summary>
public sealed record CalendarOptions
{
    /// <summary>IANA time zone id (<c>Europe/London</c>); a Windows id is accepted too.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The days worked; absent: every day.</summary>
    public List<DayOfWeek>? WorkingDays { get; init; }

    /// <summary>The hours of each working day: <c>09:00-17:30</c>, or split, <c>09:00-12:00, 13:00-17:00</c>. Absent: 00:00-24:00.</summary>
    public string? Hours { get; init; }

    /// <summary>Other hours on some working days (<c>Friday: 09:00-15:00</c>).</summary>
    public Dictionary<DayOfWeek, string> HoursByDay { get; init; } = [];

    /// <summary>Dates not worked (<c>2026-12-25</c>), in the calendar's time zone.</summary>
    public List<DateOnly> Holidays { get; init; } = [];

    /// <summary>What is wrong with this calendar, each as (key under <c>Calendar</c>, problem); empty when it can be used.</summary>
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (TimeZoneIds.Normalize(TimeZone) is null)
            yield return (nameof(TimeZone), $"'{TimeZone}' is not a time zone; use an IANA id such as Europe/London.");
        if (!WorkingPeriod.TryParseList(Hours ?? WorkingPeriod.WholeDay.ToString(), out _, out var problem))
            yield return (nameof(Hours), problem!);
        var days = WorkingDays ?? [.. Enum.GetValues<DayOfWeek>()];
        foreach (var (day, hours) in HoursByDay)
        {
            if (!days.Contains(day))
                yield return ($"{nameof(HoursByDay)}:{day}", $"{day} is not one of the WorkingDays; add it there to give it hours.");
            else if (!WorkingPeriod.TryParseList(hours, out _, out var dayProblem))
                yield return ($"{nameof(HoursByDay)}:{day}", dayProblem!);
        }
    }

    /// <summary>The calendar these options describe.</summary>
    /// <exception cref="ArgumentException">The options have <see cref="Problems"/>.</exception>
    public BusinessCalendar ToCalendar()
    {
        if (Problems().FirstOrDefault() is ({ } key, { } problem))
            throw new ArgumentException($"Calendar:{key}: {problem}");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneIds.Normalize(TimeZone)!);
        var hours = Periods(Hours ?? WorkingPeriod.WholeDay.ToString());
        var days = (WorkingDays ?? [.. Enum.GetValues<DayOfWeek>()]).Distinct()
            .ToDictionary(d => d, d => HoursByDay.TryGetValue(d, out var own) ? Periods(own) : hours);
        return new BusinessCalendar(zone, days, Holidays);

        static IReadOnlyList<WorkingPeriod> Periods(string text) =>
            WorkingPeriod.TryParseList(text, out var periods, out _) ? periods : [];
    }
}

/// <summary>An agent of a team. Matched by e-mail, or by one of their person keys (<see cref="PersonRef.Key"/>).</summary>
public sealed record AgentOptions
{
    /// <summary>Display name.</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>E-mail; recognises the agent on every platform.</summary>
    public string? Email { get; init; }

    /// <summary>Person keys as "{platform}:{id}" (<see cref="PersonRef.Key"/>), for people a platform shows no e-mail for.</summary>
    public List<string> Ids { get; init; } = [];

    /// <summary>True when <paramref name="person"/> is this entry, by e-mail or person key.</summary>
    public bool Matches(PersonRef person) =>
        (Email is not null && person.Email is not null && string.Equals(Email, person.Email, StringComparison.OrdinalIgnoreCase)) ||
        Ids.Contains(person.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>This entry as the person to address on <paramref name="platform"/>: its id there when configured, else its e-mail.</summary>
    public PersonRef On(Platform platform)
    {
        var id = Ids.FirstOrDefault(i => i.StartsWith(platform.Id + ":", StringComparison.OrdinalIgnoreCase));
        return id is null
            ? new PersonRef(platform, Email ?? Name, Name, Email)
            : new PersonRef(platform, id[(id.IndexOf(':') + 1)..], Name, Email);
    }
}

namespace Switchboard.Core.Dashboard;

/// <summary>
/// Settings of the leads' dashboard and its links (section <c>Dashboard</c>). Leads' links are on once
/// <see cref="PublicUrl"/> is set; outside Development the host then refuses to start without <see cref="SigningKey"/>.
/// </summary>
public sealed record DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>The shortest signing key accepted, in characters.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret that signs leads' dashboard links (HMAC-SHA256); at least <see cref="MinimumKeyLength"/> characters,
    /// the same on every instance. Changing it makes every link given out so far invalid. Never logged.
    /// </summary>
    public string? SigningKey { get; init; }

    /// <summary>
    /// The dashboard page's public address, as leads open it (<c>https://switchboard.example.com/dashboard</c>). Absent: no
    /// links are given out (admins open the page with the admin key).
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>How long a link the bot gives a lead works. A digest's link lasts until the next digest and a day.</summary>
    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The weekly digest each team's leads get.</summary>
    public DigestOptions Digest { get; init; } = new();
}

/// <summary>When the weekly digest goes out (section <c>Dashboard:Digest</c>), in each team's calendar time zone.</summary>
public sealed record DigestOptions
{
    /// <summary>False: no digests are sent.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The day of the week it is sent.</summary>
    public DayOfWeek Day { get; init; } = DayOfWeek.Monday;

    /// <summary>The local time of day it is sent (<c>09:00</c>), in the team's calendar time zone.</summary>
    public TimeOnly Time { get; init; } = new(9, 0);
}

namespace Switchboard.Core.Kudos;

/// <summary>The weekly round-up of resolved requests (<c>Kudos:RoundUp</c>), sent at a local time in each requester's time zone.</summary>
public sealed record KudosRoundUpOptions
{
    /// <summary>Whether round-ups are sent at all (off unless configured, so a bare setup messages nobody unasked).</summary>
    public bool Enabled { get; init; }

    /// <summary>The day it is sent, covering the week up to then.</summary>
    public DayOfWeek Day { get; init; } = DayOfWeek.Friday;

    /// <summary>The local time it is sent on <see cref="Day"/>.</summary>
    public TimeOnly At { get; init; } = new(15, 0);
}

/// <summary>The reminder to give (<c>Kudos:Reminders</c>).</summary>
public sealed record KudosReminderOptions
{
    /// <summary>
    /// Days without giving after which a person is reminded, and the least time between two reminders; 0 sends none.
    /// Sent at <see cref="KudosRoundUpOptions.At"/> in their time zone. Off unless configured.
    /// </summary>
    public int AfterDays { get; init; }
}

/// <summary>The fair board and unsung helpers (<c>Kudos:FairBoard</c>).</summary>
public sealed record KudosFairBoardOptions
{
    /// <summary>Resolved tickets an agent or team needs in the period before they are ranked, so one lucky ticket doesn't top the board.</summary>
    public int MinimumResolutions { get; init; } = 3;

    /// <summary>How many places a board shows.</summary>
    public int Places { get; init; } = 10;
}

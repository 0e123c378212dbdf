namespace Switchboard.Core.People;

/// <summary>The <c>People</c> configuration section: what operators know about people that platforms don't say.</summary>
public sealed record PeopleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "People";

    /// <summary>Department, manager and time zone by e-mail. Where an entry says something, it wins over the platforms.</summary>
    public List<ProfileOptions> Profiles { get; init; } = [];

    /// <summary>
    /// How long an unchanged sighting of a person is not written again by this process. Longer means fewer
    /// writes; "last seen" and "last platform used" may then lag by up to this much across instances.
    /// </summary>
    public TimeSpan RefreshAfter { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>One configured person (<c>People:Profiles:n</c>).</summary>
public sealed record ProfileOptions
{
    /// <summary>Their work e-mail: how the entry finds the person.</summary>
    public string Email { get; init; } = "";

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Department.</summary>
    public string? Department { get; init; }

    /// <summary>Their manager's e-mail.</summary>
    public string? Manager { get; init; }
}

namespace Switchboard.Core.Kudos;

/// <summary>The rules of peer recognition (section <c>Kudos</c>); every rule is explained to the person it stops.</summary>
public sealed record KudosOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Kudos";

    /// <summary>The company values a kudos can be tagged with (<c>#ownership</c>).</summary>
    public List<KudosValueOptions> Values { get; init; } = [];

    /// <summary>Whether a kudos must name one of <see cref="Values"/>.</summary>
    public ValueRequirement ValueRequirement { get; init; } = ValueRequirement.Optional;

    /// <summary>How many characters the reason needs at least, so "thanks!" alone is not a kudos.</summary>
    public int MinimumReasonLength { get; init; } = 10;

    /// <summary>How many kudos a person can give per <see cref="Period"/> (a kudos to three people costs three).</summary>
    public int Allowance { get; init; } = 10;

    /// <summary>How often the allowance starts again.</summary>
    public KudosPeriod Period { get; init; } = KudosPeriod.Week;

    /// <summary>The local time, in the giver's time zone, at which a new period starts (on Monday for a week, the 1st for a month).</summary>
    public TimeOnly ResetAt { get; init; } = new(0, 0);

    /// <summary>How many kudos one person can give the same person per period, so two friends can't trade them.</summary>
    public int PairCap { get; init; } = 3;

    /// <summary>Also tell each receiver's manager, when the people directory knows them.</summary>
    public ManagerNotes ManagerNotes { get; init; } = ManagerNotes.Off;

    /// <summary>
    /// The recognition channel on each platform, keyed by platform id (<c>Kudos:Channels:slack:ConversationId</c>):
    /// every kudos is posted in each of them.
    /// </summary>
    public Dictionary<string, KudosChannelOptions> Channels { get; init; } = [];

    /// <summary>The weekly round-up DM of resolved requests, with one-click thanks.</summary>
    public KudosRoundUpOptions RoundUp { get; init; } = new();

    /// <summary>The reminder for people who haven't given in a while.</summary>
    public KudosReminderOptions Reminders { get; init; } = new();

    /// <summary>The fair board (thanks per resolved ticket) and unsung helpers.</summary>
    public KudosFairBoardOptions FairBoard { get; init; } = new();

    /// <summary>The value with this name or emoji (without '#', case-insensitive), or null.</summary>
    public KudosValueOptions? FindValue(string tag) => Values.FirstOrDefault(v =>
        string.Equals(v.Name, tag, StringComparison.OrdinalIgnoreCase) ||
        (v.Emoji is { Length: > 0 } emoji && string.Equals(emoji.Trim(':'), tag.Trim(':'), StringComparison.OrdinalIgnoreCase)));
}

/// <summary>One company value (<c>Kudos:Values:0:Name</c>).</summary>
public sealed record KudosValueOptions
{
    /// <summary>The tag people write after '#', e.g. <c>ownership</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>An emoji shown with it (a character, or a shortcode such as <c>:rocket:</c> that can be tagged too).</summary>
    public string? Emoji { get; init; }

    /// <summary>What the value means, shown in help.</summary>
    public string? Description { get; init; }
}

/// <summary>Whether a kudos must name a company value.</summary>
public enum ValueRequirement
{
    /// <summary>A value may be named.</summary>
    Optional,
    /// <summary>A value must be named.</summary>
    Required,
}

/// <summary>Whether receivers' managers hear about their kudos.</summary>
public enum ManagerNotes
{
    /// <summary>They don't.</summary>
    Off,
    /// <summary>A short note to the manager, when known.</summary>
    On,
}

/// <summary>How long an allowance lasts.</summary>
public enum KudosPeriod
{
    /// <summary>From the reset time one day to the next.</summary>
    Day,
    /// <summary>From Monday's reset time to the next Monday's.</summary>
    Week,
    /// <summary>From the 1st of the month's reset time to the next month's.</summary>
    Month,
}

/// <summary>A platform's recognition channel (<c>Kudos:Channels:{platform}</c>).</summary>
public sealed record KudosChannelOptions
{
    /// <summary>The platform's channel id (Slack <c>C0123</c>, Teams <c>19:...@thread.tacv2</c>, playground <c>team:kudos</c>).</summary>
    public string ConversationId { get; init; } = "";

    /// <summary>Where the platform serves that channel (the Teams service URL), when it has several addresses.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The tenant or workspace the channel belongs to, when the platform has several.</summary>
    public string? OrganizationId { get; init; }
}

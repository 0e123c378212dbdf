using System.Globalization;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.Dashboard;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Work;
using Switchboard.Host.Playground;
using Switchboard.Redis;
using Switchboard.Slack;
using Switchboard.Slack.Outbound;
using Switchboard.Teams;

namespace Switchboard.Host.Configuration;

/// <summary>A configured value that cannot be read as its setting's type.</summary>
/// <param name="Key">The full key (<c>ServiceTeams:it:Sla:Resolution:High</c>).</param>
/// <param name="Problem">What is wrong with it, in words an operator can act on.</param>
/// <param name="IsProperty">
/// True for a value the binder would throw on (a property); false for a dictionary key or value or a list
/// element, which the binder silently leaves out.
/// </param>
public sealed record BadSetting(string Key, string Problem, bool IsProperty)
{
    public override string ToString() => $"{Key}: {Problem}";
}

/// <summary>
/// Checks every configured value of the known sections against the type it binds to (durations, enum
/// names, numbers, switches, URLs) before anything is bound. The configuration binder would otherwise
/// stop at the first bad property with an exception, and silently drop a bad dictionary entry or list
/// element (an SLA of "4 hours", a priority misspelt as a key).
/// </summary>
public static class SettingValues
{
    /// <summary>
    /// The sections the host binds, with the type each binds to. A new options section belongs here;
    /// a test checks that every <c>*Options</c> type with a section name is listed.
    /// </summary>
    public static readonly IReadOnlyList<(string Section, Type Type)> Sections =
    [
        (ServiceTeamsOptions.Section, typeof(Dictionary<string, ServiceTeamOptions>)),
        (AdminOptions.Section, typeof(AdminOptions)),
        (PlaygroundOptions.Section, typeof(PlaygroundOptions)),
        (RedisOptions.SectionName, typeof(RedisOptions)),
        (TeamsOptions.Section, typeof(TeamsOptions)),
        (SlackOptions.Section, typeof(SlackOptions)),
        (PeopleOptions.Section, typeof(PeopleOptions)),
        (WorkQueueOptions.SectionName, typeof(WorkQueueOptions)),
        (WorkProcessorOptions.SectionName, typeof(WorkProcessorOptions)),
        (SchedulerRunnerOptions.SectionName, typeof(SchedulerRunnerOptions)),
        (TicketOutboxOptions.SectionName, typeof(TicketOutboxOptions)),
        (SurveyOptions.SectionName, typeof(SurveyOptions)),
        (KudosOptions.SectionName, typeof(KudosOptions)),
        (SlackOutboundOptions.Section, typeof(SlackOutboundOptions)),
        (QueuesOptions.SectionName, typeof(QueuesOptions)),
        (AnswersOptions.Section, typeof(Dictionary<string, Dictionary<string, ConfiguredAnswerOptions>>)),
        (RoutingMemoryOptions.Section, typeof(RoutingMemoryOptions)),
        (DashboardOptions.SectionName, typeof(DashboardOptions)),
    ];

    /// <summary>Every value under <see cref="Sections"/> that its type cannot hold.</summary>
    public static IReadOnlyList<BadSetting> Check(IConfiguration configuration) =>
        Sections.SelectMany(s => Walk(configuration.GetSection(s.Section), s.Type, isProperty: false)).ToList();

    private static IEnumerable<BadSetting> Walk(IConfigurationSection section, Type type, bool isProperty)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            if (section.Value is { } value && Problem(type, value) is { } problem)
                yield return new BadSetting(section.Path, problem, isProperty);
            yield break;
        }

        if (DictionaryTypes(type) is var (keyType, valueType))
        {
            foreach (var child in section.GetChildren())
            {
                if (keyType.IsEnum && !IsName(keyType, child.Key))
                    yield return new BadSetting(child.Path, $"\"{child.Key}\" is not {Describe(keyType)}.", IsProperty: false);
                else
                    foreach (var bad in Walk(child, valueType, isProperty: false)) yield return bad;
            }
            yield break;
        }

        if (ElementType(type) is { } elementType)
        {
            foreach (var child in section.GetChildren())
                foreach (var bad in Walk(child, elementType, isProperty: false)) yield return bad;
            yield break;
        }

        // A settings record: check the keys that name one of its properties (others are not ours to judge).
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) continue;
            foreach (var bad in Walk(child, property.PropertyType, isProperty: true)) yield return bad;
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly);

    private static string? Problem(Type type, string value)
    {
        var text = value.Trim();
        if (type == typeof(string)) return null;
        if (type == typeof(TimeSpan))
            // "4" parses as four days: a duration must show its hours and minutes to be read the same by everyone.
            return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _)
                ? null
                : $"\"{value}\" is not a duration: write hh:mm:ss or d.hh:mm:ss (00:30:00 is 30 minutes, 1.00:00:00 is one day).";
        if (type.IsEnum)
            return IsName(type, text) ? null : $"\"{value}\" is not {Describe(type)}.";
        if (type == typeof(bool))
            return bool.TryParse(text, out _) ? null : $"\"{value}\" is not true or false.";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) &&
                   (type != typeof(int) || number is >= int.MinValue and <= int.MaxValue) &&
                   (type != typeof(short) || number is >= short.MinValue and <= short.MaxValue)
                ? null
                : $"\"{value}\" is not a whole number.";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : $"\"{value}\" is not a number.";
        if (type == typeof(Uri))
            return Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _) && text.Length > 0 ? null : $"\"{value}\" is not a URL.";
        if (type == typeof(Guid))
            return Guid.TryParse(text, out _) ? null : $"\"{value}\" is not a GUID.";
        if (type == typeof(DateOnly))
            // One spelling only: "03/04/2026" is March in one country and April in the next.
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : $"\"{value}\" is not a date: write yyyy-MM-dd (2026-12-25).";
        if (type == typeof(TimeOnly))
            return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : $"\"{value}\" is not a time of day: write HH:mm (09:00).";
        if (type == typeof(DateTimeOffset))
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : $"\"{value}\" is not a date and time.";
        return null;
    }

    // Names only: the binder would also take "1" or "High, Low", which nobody means in a settings file.
    private static bool IsName(Type enumType, string text) =>
        Enum.GetNames(enumType).Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

    private static string Describe(Type enumType) =>
        $"a {enumType.Name.ToLowerInvariant()} ({string.Join(", ", Enum.GetNames(enumType))})";

    private static (Type Key, Type Value)? DictionaryTypes(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments() is [var key, var value] ? (key, value) : null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}

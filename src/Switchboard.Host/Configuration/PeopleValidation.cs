using Microsoft.Extensions.Options;
using Switchboard.Core.People;

namespace Switchboard.Host.Configuration;

/// <summary>Checks the <c>People</c> section and names the bad entry: a profile nobody can be matched to, or a time zone that doesn't exist.</summary>
public sealed class PeopleValidation : IValidateOptions<PeopleOptions>
{
    public ValidateOptionsResult Validate(string? name, PeopleOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshAfter < TimeSpan.Zero) failures.Add("People:RefreshAfter must not be negative.");
        for (var i = 0; i < options.Profiles.Count; i++)
        {
            var profile = options.Profiles[i];
            var path = $"People:Profiles:{i}";
            if (!profile.Email.Contains('@')) failures.Add($"{path}:Email must be the person's e-mail address.");
            if (profile.TimeZone is { } zone && TimeZoneIds.Normalize(zone) is null)
                failures.Add($"{path}:TimeZone '{zone}' is not a time zone; use an IANA id such as Europe/Berlin.");
            if (profile.Manager is { } manager && !manager.Contains('@'))
                failures.Add($"{path}:Manager must be the manager's e-mail address.");
        }
        foreach (var dup in options.Profiles.Where(p => p.Email.Contains('@')).GroupBy(p => p.Email.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            failures.Add($"People:Profiles lists '{dup.Key}' more than once.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

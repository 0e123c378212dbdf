using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Configuration;

/// <summary>
/// The <c>ServiceTeams</c> section: one key per team, the key being the team's id
/// (<c>ServiceTeams:it:Name</c>, <c>ServiceTeams:it:Routing:Keywords:0</c>), so an environment variable such as
/// <c>ServiceTeams__it__Name</c> reaches exactly one team whatever the files list.
/// </summary>
public static class ServiceTeamsSettings
{
    /// <summary>Binds <see cref="ServiceTeamsOptions"/> from the keyed section and validates it at start-up.</summary>
    public static IServiceCollection AddServiceTeams(this IServiceCollection services)
    {
        services.AddOptions<ServiceTeamsOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Teams.AddRange(Read(configuration.GetSection(ServiceTeamsOptions.Section))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceTeamsOptions>, ServiceTeamsValidation>();
        return services;
    }

    /// <summary>The teams under <paramref name="section"/>, each with its key as id, by name (the order people choose from).</summary>
    public static IEnumerable<ServiceTeamOptions> Read(IConfigurationSection section) =>
        section.GetChildren()
            .Select(team => (team.Get<ServiceTeamOptions>() ?? new ServiceTeamOptions()) with { Id = team.Key })
            .OrderBy(team => team.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(team => team.Id, StringComparer.Ordinal);
}

/// <summary>Validates every team (data annotations don't recurse into lists) and names the bad setting.</summary>
public sealed class ServiceTeamsValidation : IValidateOptions<ServiceTeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceTeamsOptions options)
    {
        var failures = new List<string>();
        if (options.Teams.Count == 0)
            failures.Add($"{ServiceTeamsOptions.Section} names no team: add one, e.g. ServiceTeams:it:Name, :TicketPrefix and :Description (config/service-teams.json).");
        foreach (var team in options.Teams)
        {
            var path = $"{ServiceTeamsOptions.Section}:{team.Id}";
            failures.AddRange(Annotations(team, path));
            foreach (var (list, people) in new[] { ("Agents", team.Agents), ("Leads", team.Leads) })
            {
                for (var a = 0; a < people.Count; a++)
                {
                    var agent = people[a];
                    failures.AddRange(Annotations(agent, $"{path}:{list}:{a}"));
                    if (agent.Email is null && agent.Ids.Count == 0)
                        failures.Add($"{path}:{list}:{a} needs an Email or at least one of Ids (\"slack:U123\", \"teams:29:...\").");
                    if (agent.Ids.Any(id => !id.Contains(':')))
                        failures.Add($"{path}:{list}:{a}:Ids entries look like \"slack:U123\" or \"teams:29:...\".");
                }
            }
            foreach (var (kind, targets) in new[] { ("FirstResponse", team.Sla.FirstResponse), ("Resolution", team.Sla.Resolution) })
                foreach (var (priority, span) in targets.Where(t => t.Value <= TimeSpan.Zero))
                    failures.Add($"{path}:Sla:{kind}:{priority}: {span} is not a target; it must be longer than zero.");
            failures.AddRange(team.Calendar.Problems().Select(p => $"{path}:Calendar:{p.Key}: {p.Problem}"));
            if (team.Sla.AtRiskThreshold is not (> 0 and < 1))
                failures.Add($"{path}:Sla:AtRiskThreshold: {team.Sla.AtRiskThreshold} must lie between 0 and 1 (0.2: at risk in the last fifth of the time).");
            if (team.Sla.WaitingNudgeAfter <= TimeSpan.Zero)
                failures.Add($"{path}:Sla:WaitingNudgeAfter: {team.Sla.WaitingNudgeAfter} must be longer than zero.");
            if (team.Sla.AutoResolveAfter <= TimeSpan.Zero)
                failures.Add($"{path}:Sla:AutoResolveAfter: {team.Sla.AutoResolveAfter} must be longer than zero.");
        }
        foreach (var dup in options.Teams.GroupBy(t => t.TicketPrefix, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            failures.Add($"{ServiceTeamsOptions.Section}: the TicketPrefix '{dup.Key}' is used by more than one team ({string.Join(", ", dup.Select(t => t.Id))}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Annotations(object value, string path)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        return results.Select(r => $"{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
    }
}

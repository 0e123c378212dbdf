using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Configuration;

/// <summary>Validates every team (data annotations don't recurse into lists) and names the bad setting.</summary>
public sealed class ServiceTeamsValidation : IValidateOptions<ServiceTeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceTeamsOptions options)
    {
        var failures = new List<string>();
        if (options.Teams.Count == 0) failures.Add("ServiceTeams:Teams must list at least one team.");
        for (var i = 0; i < options.Teams.Count; i++)
        {
            var team = options.Teams[i];
            var path = $"ServiceTeams:Teams:{i}";
            failures.AddRange(Annotations(team, path));
            for (var a = 0; a < team.Agents.Count; a++)
            {
                var agent = team.Agents[a];
                failures.AddRange(Annotations(agent, $"{path}:Agents:{a}"));
                if (agent.Email is null && agent.Ids.Count == 0)
                    failures.Add($"{path}:Agents:{a} needs an Email or at least one of Ids (\"slack:U123\", \"teams:29:...\").");
                if (agent.Ids.Any(id => !id.Contains(':')))
                    failures.Add($"{path}:Agents:{a}:Ids entries look like \"slack:U123\" or \"teams:29:...\".");
            }
            foreach (var (priority, span) in team.Sla.FirstResponse.Concat(team.Sla.Resolution))
                if (span <= TimeSpan.Zero) failures.Add($"{path}:Sla target for {priority} must be positive.");
        }
        foreach (var dup in options.Teams.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            failures.Add($"ServiceTeams:Teams has the Id '{dup.Key}' more than once.");
        foreach (var dup in options.Teams.GroupBy(t => t.TicketPrefix, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            failures.Add($"ServiceTeams:Teams has the TicketPrefix '{dup.Key}' more than once.");
        // One channel works one team's requests: its privacy (and so what confidential text it shows) is that team's.
        var channels = options.Teams.SelectMany(t => new[] { t.Channels.Teams?.ChannelId, t.Channels.Slack?.ChannelId })
            .Where(id => !string.IsNullOrEmpty(id));
        foreach (var dup in channels.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"ServiceTeams:Teams:*:Channels names the channel '{dup.Key}' for more than one team.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Annotations(object value, string path)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        return results.Select(r => $"{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
    }
}

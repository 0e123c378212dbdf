using Microsoft.Extensions.Options;
using Switchboard.Core.Answers;
using Switchboard.Core.Routing;

namespace Switchboard.Host.Configuration;

/// <summary>
/// The <c>Answers</c> section: one key per team, then one key per answer (<c>Answers:it:vpn-connect:Question</c>),
/// from <c>config/answers/&lt;team&gt;.json</c>. Checked at start-up against the service teams, naming each bad setting.
/// </summary>
public static class AnswersSettings
{
    /// <summary>Binds <see cref="AnswersOptions"/> from the keyed section and validates it at start-up.</summary>
    public static IServiceCollection AddAnswers(this IServiceCollection services)
    {
        services.AddOptions<AnswersOptions>()
            .Configure<IConfiguration>((options, configuration) => Bind(options, configuration.GetSection(AnswersOptions.Section)))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnswersOptions>, AnswersValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AnswersOptions>>().Value);
        return services;
    }

    /// <summary>The answers under <paramref name="section"/>, each with its team and key.</summary>
    public static IReadOnlyList<ConfiguredAnswerOptions> Read(IConfigurationSection section) =>
        section.GetChildren()
            .SelectMany(team => team.GetChildren().Select(answer =>
                (answer.Get<ConfiguredAnswerOptions>() ?? new ConfiguredAnswerOptions()) with { Team = team.Key, Key = answer.Key }))
            .ToList();

    private static void Bind(AnswersOptions options, IConfigurationSection section) => options.Configured.AddRange(Read(section));
}

/// <summary>Validates the configured answers against the service teams.</summary>
public sealed class AnswersValidation(IOptions<ServiceTeamsOptions> teams) : IValidateOptions<AnswersOptions>
{
    public ValidateOptionsResult Validate(string? name, AnswersOptions options)
    {
        // Without teams there is nothing to check answers against; the ServiceTeams validation says what is missing.
        if (teams.Value.Teams.Count == 0) return ValidateOptionsResult.Success;
        var failures = options.Problems(new TeamDirectory(teams.Value)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Switchboard.Core;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Host.Configuration;

namespace Switchboard.Host;

public static class CoreRegistration
{
    /// <summary>The validated options the core reads, then the core itself (<see cref="SwitchboardCoreServiceCollectionExtensions.AddSwitchboardCore"/>).</summary>
    public static IHostApplicationBuilder AddSwitchboardCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddServiceTeams();
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => isDevelopment || !string.IsNullOrWhiteSpace(o.ApiKey),
                "Admin:ApiKey is required outside Development (it protects /api/routing/preview and, when enabled, the playground).")
            .ValidateOnStart();

        // Every JSON API speaks enums as strings and leaves out nulls.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddSingleton(sp => new TeamDirectory(sp.GetRequiredService<IOptions<ServiceTeamsOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value);
        services.AddOptions<TicketOutboxOptions>().BindConfiguration(TicketOutboxOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TicketOutboxOptions>>().Value);
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.SectionName)
            .Validate(o => o.ExpiresAfter > TimeSpan.Zero, "Survey:ExpiresAfter must be longer than zero.").ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SurveyOptions>>().Value);
        services.AddOptions<KudosOptions>().BindConfiguration(KudosOptions.SectionName)
            .Validate(o => o.Allowance >= 0 && o.PairCap >= 1 && o.MinimumReasonLength >= 0, "Kudos:Allowance must be 0 or more, Kudos:PairCap 1 or more.")
            .Validate(o => o.Values.All(v => !string.IsNullOrWhiteSpace(v.Name) && !v.Name.Contains(' ')), "Kudos:Values entries need a Name without spaces (it is typed as a #tag).")
            .Validate(o => o.Reminders.AfterDays >= 0 && o.FairBoard.MinimumResolutions >= 1 && o.FairBoard.Places >= 1,
                "Kudos:Reminders:AfterDays must be 0 (off) or more, Kudos:FairBoard:MinimumResolutions and Places 1 or more.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KudosOptions>>().Value);
        services.AddAnswers();
        services.AddOptions<RoutingMemoryOptions>().BindConfiguration(RoutingMemoryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Refresh > TimeSpan.Zero, "RoutingMemory:Refresh must be longer than zero.").ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RoutingMemoryOptions>>().Value);
        // The engine, the outbox and the modules, as the tests' engine harness and the bench wire them too.
        services.AddSwitchboardCore();
        services.AddHostedService<RouterWarmUp>();
        services.AddQueues(builder.Configuration.GetSection(QueuesOptions.SectionName).Get<QueuesOptions>());
        builder.AddPeopleDirectory();
        return builder;
    }
}

using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;
using Switchboard.Host.Configuration;

namespace Switchboard.Host;

public static class CoreRegistration
{
    /// <summary>The engine, the domain services and their validated options.</summary>
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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TeamDirectory(sp.GetRequiredService<IOptions<ServiceTeamsOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value);
        services.AddSingleton<IRequestRouter, HintRouter>();
        services.AddSingleton<StateDocuments>();
        services.AddSingleton<PlatformGateways>();
        services.AddSingleton<TeamChannels>();
        // What ticket changes show and tell on the platforms goes through the durable outbox.
        services.AddOptions<TicketOutboxOptions>().BindConfiguration(TicketOutboxOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TicketOutboxOptions>>().Value);
        services.AddSingleton<TicketOutbox>();
        services.AddSingleton<IWorkHandler, TicketOutboxDispatcher>();
        services.AddSingleton<IWorkHandler, TicketOutboxGuard>();
        services.AddConversationEngine();
        // Modules: one line each.
        services.AddModule<RequestsModule>();
        services.AddQueues(builder.Configuration.GetSection(QueuesOptions.SectionName).Get<QueuesOptions>());
        builder.AddPeopleDirectory();
        return builder;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Routing;
using Switchboard.Teams.Auth;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Inbound;

namespace Switchboard.Teams;

/// <summary>Host wiring for the Teams channel.</summary>
public static class TeamsChannelExtensions
{
    /// <summary>
    /// Binds and validates the bot identity (root keys <c>MicrosoftAppId</c>, ...) and the <c>Teams</c>
    /// section at start-up, and registers the adapter, the gateway, the Connector client and the service
    /// teams' channels under <c>Teams:ServiceTeamChannels</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTeamsChannel(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder)) return builder;
        var services = builder.Services;
        services.AddOptions<BotCredentialsOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentialsOptions>, BotCredentialsValidator>();
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton<IConfiguredTeamChannels, TeamsConfiguredTeamChannels>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(TeamsHttpClients.OpenId, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(TeamsHttpClients.Token, c => c.Timeout = TimeSpan.FromSeconds(10));
        // Attempts and the whole call are timed out by the resilience pipeline (Teams:AttemptTimeout, Teams:TotalTimeout).
        services.AddHttpClient(TeamsHttpClients.Connector, c => c.Timeout = Timeout.InfiniteTimeSpan).AddConnectorResilience();

        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton<TenantPolicy>();
        services.AddSingleton<ServiceUrlTrust>();
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton(sp => new ConversationPacer(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<TeamsOptions>>().Value.PacedConversations));
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<TeamsGateway>();
        services.AddSingleton<IPlatformGateway>(sp => sp.GetRequiredService<TeamsGateway>());
        services.AddSingleton<TeamsMemberDirectory>();
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<TeamsMessageExtensions>();
        services.AddSingleton<IDirectChatOpener, TeamsDirectChatOpener>();
        services.AddSingleton<TeamsInstallations>();
        services.AddSingleton<TeamsActivityHandler>();
        return builder;
    }

    /// <summary>Maps <c>POST /api/messages</c> for the Bot Framework Connector and the Emulator.</summary>
    public static IEndpointRouteBuilder MapTeamsChannel(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TeamsActivityHandler>() is null) return endpoints;
        endpoints.MapPost(MessagesEndpoint.Path, MessagesEndpoint.HandleAsync).WithName("TeamsMessages");
        return endpoints;
    }

    private static bool IsEnabled(IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(TeamsOptions.Section).GetValue(nameof(TeamsOptions.Enabled), defaultValue: true);
}

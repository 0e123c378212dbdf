using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Queues;
using Switchboard.Core.Routing;
using Switchboard.Core.Work;
using Switchboard.Slack.Home;
using Switchboard.Slack.Inbound;
using Switchboard.Slack.Outbound;
using Switchboard.Slack.Processing;
using Switchboard.Slack.SocketMode;

namespace Switchboard.Slack;

/// <summary>Registers and maps the Slack channel.</summary>
public static class SlackChannelExtensions
{
    private const string RetryNumHeader = "X-Slack-Retry-Num";

    /// <summary>
    /// Adds the Slack adapter, gateway, Web API client and the service teams' channels under
    /// <c>Slack:ServiceTeamChannels</c> when <c>Slack:SigningSecret</c>, <c>Slack:BotToken</c> or <c>Slack:AppToken</c> is
    /// configured or <c>Slack:SocketMode</c> is on. Start-up fails, naming each setting, when what that way of
    /// receiving needs is missing: over HTTP the signing secret and bot token, in Socket Mode the app-level token
    /// (<c>xapp-...</c>) and bot token. Inbound turns go through the durable <see cref="IWorkQueue"/> and are run by the
    /// <see cref="WorkProcessor"/>, which the host provides.
    /// </summary>
    public static IHostApplicationBuilder AddSlackChannel(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SlackOptions.Section);
        var socketMode = bool.TryParse(section[nameof(SlackOptions.SocketMode)], out var on) && on;
        var enabled = socketMode ||
                      !string.IsNullOrWhiteSpace(section[nameof(SlackOptions.SigningSecret)]) ||
                      !string.IsNullOrWhiteSpace(section[nameof(SlackOptions.BotToken)]) ||
                      !string.IsNullOrWhiteSpace(section[nameof(SlackOptions.AppToken)]);
        if (!enabled) return builder;

        var services = builder.Services;
        services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.SocketMode || !string.IsNullOrWhiteSpace(o.SigningSecret),
                "Slack:SigningSecret is required when Slack is enabled over HTTP; without it no Slack request can be verified (or set Slack:SocketMode to true with Slack:AppToken).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.BotToken),
                "Slack:BotToken is required when Slack is enabled (the bot token, xoxb-...).")
            .Validate(o => !o.SocketMode || !string.IsNullOrWhiteSpace(o.AppToken),
                "Slack:AppToken is required when Slack:SocketMode is true (an app-level token, xapp-..., with the connections:write scope).")
            // The value itself is never repeated: a bot token pasted here by mistake must not end up in a log.
            .Validate(o => !o.SocketMode || string.IsNullOrWhiteSpace(o.AppToken) || o.AppToken.StartsWith("xapp-", StringComparison.Ordinal),
                "Slack:AppToken must be an app-level token starting with xapp- (Basic Information → App-Level Tokens); the value set is not one.")
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri && (o.ApiBaseUrl.Scheme == "https" || (o.ApiBaseUrl.Scheme == "http" && o.ApiBaseUrl.IsLoopback)),
                "Slack:ApiBaseUrl must be an absolute https URL, e.g. https://slack.com/api/ (plain http only on loopback: the bot token travels with every call).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackChannelsValidator>();
        services.AddSingleton<IConfiguredTeamChannels, SlackConfiguredTeamChannels>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SlackApiClient.HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            var baseUrl = options.ApiBaseUrl.ToString();
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BotToken);
            // Attempts and the whole call are timed out by the resilience pipeline (Slack:Outbound).
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).AddSlackResilience();
        services.AddOptions<SlackOutboundOptions>().BindConfiguration(SlackOutboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackRequestReader>();
        services.AddSingleton<SlackChannelPacer>();
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackUserDirectory>();
        services.AddSingleton<SlackActionCodec>();
        services.AddSingleton<BlockKitRenderer>();
        services.AddSingleton<SlackInboundQueue>();
        services.AddSingleton<SlackSubmissionWaiters>();
        services.AddSingleton<SlackTurnRunner>();
        services.AddSingleton<SlackEventsHandler>();
        services.AddSingleton<SlackCommandsHandler>();
        services.AddSingleton<SlackInteractivityHandler>();
        services.AddSingleton<IPlatformGateway, SlackGateway>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<IDirectChatOpener, SlackDirectChatOpener>();
        services.AddSingleton<IHomeTabPublisher, SlackHomePublisher>();
        services.AddSingleton<IWorkHandler, SlackInboundWorkHandler>();
        services.AddSingleton<SlackChannelMarker>();
        if (socketMode) AddSocketMode(services);
        return builder;
    }

    /// <summary>The Socket Mode connections, their <c>apps.connections.open</c> client (app-level token) and readiness check.</summary>
    private static void AddSocketMode(IServiceCollection services)
    {
        services.AddHttpClient(SlackSocketModeService.HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            var baseUrl = options.ApiBaseUrl.ToString();
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AppToken);
            http.Timeout = SlackSocketModeService.OpenTimeout;
        });
        services.AddSingleton<SlackEnvelopeDispatcher>();
        services.AddSingleton<SlackSocketState>();
        services.AddHostedService<SlackSocketModeService>();
        services.AddHealthChecks().AddCheck<SlackSocketHealthCheck>(SlackSocketHealthCheck.Name, tags: [SlackSocketHealthCheck.ReadyTag]);
    }

    /// <summary>Maps <c>/api/slack/events</c>, <c>/commands</c> and <c>/interactivity</c> when Slack is enabled.</summary>
    public static IEndpointRouteBuilder MapSlackChannel(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<SlackChannelMarker>() is null) return endpoints;

        var slack = endpoints.MapGroup("/api/slack");

        slack.MapPost("/events", async (HttpContext context, SlackRequestReader reader, SlackEventsHandler handler, CancellationToken cancellationToken) =>
        {
            var read = await reader.ReadAsync(context.Request, cancellationToken);
            if (!read.IsVerified) return read.Refuse();
            var retry = int.TryParse(context.Request.Headers[RetryNumHeader], out var number) ? number : (int?)null;
            return (await handler.HandleAsync(read.Body!, retry, cancellationToken)).ToHttpResult();
        });

        slack.MapPost("/commands", async (HttpContext context, SlackRequestReader reader, SlackCommandsHandler handler, CancellationToken cancellationToken) =>
        {
            var read = await reader.ReadAsync(context.Request, cancellationToken);
            if (!read.IsVerified) return read.Refuse();
            var form = SlackWire.ParseForm(read.Body!);
            // Slack's certificate check: answered, never dispatched, whatever else the form carries.
            if (form.ContainsKey("ssl_check")) return Results.Ok();
            return (await handler.HandleAsync(form, cancellationToken)).ToHttpResult();
        });

        slack.MapPost("/interactivity", async (HttpContext context, SlackRequestReader reader, SlackInteractivityHandler handler, CancellationToken cancellationToken) =>
        {
            var read = await reader.ReadAsync(context.Request, cancellationToken);
            if (!read.IsVerified) return read.Refuse();
            var form = SlackWire.ParseForm(read.Body!);
            if (form.ContainsKey("ssl_check")) return Results.Ok();
            return form.TryGetValue("payload", out var payload)
                ? (await handler.HandleAsync(payload, cancellationToken)).ToHttpResult()
                : SlackReply.Invalid("The form has no payload field.").ToHttpResult();
        });

        return endpoints;
    }
}

/// <summary>Present in DI when Slack is enabled, so the endpoints are mapped only then.</summary>
internal sealed class SlackChannelMarker;

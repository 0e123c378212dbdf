using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Switchboard.Core.Conversations;

namespace Switchboard.Teams.Connector;

/// <summary>
/// The resilience pipeline of the Connector client: the shared <see cref="SendRetry"/> rule decides what is
/// repeated (a POST creates an activity or a conversation, so only a 429, a 412 or a connection that never
/// opened is retried; GET and PUT also after a 5xx or no answer), a 429 waits out <c>Retry-After</c> and holds
/// back the other sends to that conversation (<see cref="ConversationPacer.Defer"/>) without slowing others.
/// </summary>
internal static class ConnectorResilience
{
    /// <summary>The conversation a request writes to, for pacing after a 429.</summary>
    public static readonly HttpRequestOptionsKey<string> Conversation = new("Switchboard.Teams.Conversation");

    public static SendKind KindOf(HttpMethod method) => method == HttpMethod.Post ? SendKind.Creating : SendKind.Repeatable;

    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder client)
    {
        // Timeouts measure the network, so they run on the real clock; the waits between attempts (Retry-After,
        // back-off) run on the injected TimeProvider, so tests control them.
        client.AddResilienceHandler("teams-connector-call", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.TotalTimeout);
        });
        client.AddResilienceHandler("teams-connector", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value;
            var pacer = context.ServiceProvider.GetRequiredService<ConversationPacer>();
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = time;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryAfter,
                ShouldHandle = args =>
                {
                    // Every 429 answer is counted, the last one too (OnRetry sees only those that are repeated).
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests) Switchboard.Core.SwitchboardTelemetry.RateLimited(TeamsPlatform.Id);
                    return ValueTask.FromResult(options.MaxRetryAttempts > 0 && MayRepeat(args.Context, args.Outcome, options, time));
                },
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ConnectorClient.RetryAfter(response, time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests &&
                        args.Context.GetRequestMessage()?.Options.TryGetValue(Conversation, out var conversation) == true)
                        pacer.Defer(conversation, time.GetUtcNow() + args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        });
        client.AddResilienceHandler("teams-connector-attempt", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.AttemptTimeout);
        });
        return client;
    }

    /// <summary>What went wrong with one attempt, or null when it did not fail in a way worth repeating.</summary>
    public static SendFailure? Classify(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => SendFailure.RateLimited,
        // Teams answers 412 when it did not take the request and asks for it again.
        { Result.StatusCode: HttpStatusCode.PreconditionFailed } => SendFailure.NotTaken,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError } => SendFailure.ServerError,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } => SendFailure.NotTaken,
        { Exception: HttpRequestException or TimeoutRejectedException } => SendFailure.NoAnswer,
        _ => null,
    };

    private static bool MayRepeat(ResilienceContext context, Outcome<HttpResponseMessage> outcome, TeamsOptions options, TimeProvider time)
    {
        if (Classify(outcome) is not { } failure) return false;
        if (outcome.Result is { } response && ConnectorClient.RetryAfter(response, time.GetUtcNow()) > options.MaxRetryAfter) return false;
        var method = context.GetRequestMessage()?.Method ?? HttpMethod.Post;
        return SendRetry.MayRepeat(KindOf(method), failure);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Outbound;

/// <summary>How calls to the Slack Web API are retried and timed out (section <c>Slack:Outbound</c>).</summary>
public sealed record SlackOutboundOptions
{
    public const string Section = "Slack:Outbound";

    /// <summary>How often one call is repeated after a failure that may be repeated (see <see cref="SendRetry"/>).</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>The first back-off when Slack names no <c>Retry-After</c>; it doubles (with jitter) per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest <c>Retry-After</c> waited out within a call; a longer one fails the call (the outbox tries later).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before it counts as unanswered.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one call may take with all its attempts and waits.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The resilience pipeline of the <see cref="SlackApiClient.HttpClientName"/> client: the shared
/// <see cref="SendRetry"/> rule decides what is repeated, a 429 waits out <c>Retry-After</c> and holds back
/// the other messages to that channel (<see cref="SlackChannelPacer.Defer"/>) without slowing other channels.
/// </summary>
internal static class SlackResilience
{
    /// <summary>The channel a request writes to, for pacing after a 429.</summary>
    public static readonly HttpRequestOptionsKey<string> Channel = new("Switchboard.Slack.Channel");

    // Web API methods that create something each time they are called; everything else is safe to repeat.
    private static readonly HashSet<string> Creating = new(StringComparer.Ordinal)
    {
        "chat.postMessage", "chat.postEphemeral", "views.open",
    };

    public static SendKind KindOf(string method) => Creating.Contains(method) ? SendKind.Creating : SendKind.Repeatable;

    public static IHttpClientBuilder AddSlackResilience(this IHttpClientBuilder client)
    {
        // Timeouts measure the network, so they run on the real clock; the waits between attempts (Retry-After,
        // back-off) run on the injected TimeProvider, so tests control them.
        client.AddResilienceHandler("slack-web-api-call", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SlackOutboundOptions>>().Value.TotalTimeout);
        });
        client.AddResilienceHandler("slack-web-api", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SlackOutboundOptions>>().Value;
            var pacer = context.ServiceProvider.GetRequiredService<SlackChannelPacer>();
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
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests) Switchboard.Core.SwitchboardTelemetry.RateLimited(SlackPlatform.Id);
                    return ValueTask.FromResult(options.MaxRetryAttempts > 0 && MayRepeat(args.Context, args.Outcome, options, time));
                },
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time.GetUtcNow())),
                OnRetry = args =>
                {
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests &&
                        args.Context.GetRequestMessage()?.Options.TryGetValue(Channel, out var channel) == true)
                        pacer.Defer(channel, time.GetUtcNow() + args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        });
        client.AddResilienceHandler("slack-web-api-attempt", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SlackOutboundOptions>>().Value.AttemptTimeout);
        });
        return client;
    }

    /// <summary>What went wrong with one attempt, or null when it did not fail in a way worth repeating.</summary>
    public static SendFailure? Classify(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => SendFailure.RateLimited,
        { Result.StatusCode: >= HttpStatusCode.InternalServerError } => SendFailure.ServerError,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } => SendFailure.NotTaken,
        { Exception: HttpRequestException or TimeoutRejectedException } => SendFailure.NoAnswer,
        _ => null,
    };

    private static bool MayRepeat(ResilienceContext context, Outcome<HttpResponseMessage> outcome, SlackOutboundOptions options, TimeProvider time)
    {
        if (Classify(outcome) is not { } failure) return false;
        if (failure == SendFailure.RateLimited && RetryAfter(outcome.Result, time.GetUtcNow()) > options.MaxRetryAfter) return false;
        var method = context.GetRequestMessage()?.RequestUri?.Segments[^1] ?? "";
        return SendRetry.MayRepeat(KindOf(method), failure);
    }

    /// <summary>The wait a 429's <c>Retry-After</c> asks for (seconds or an HTTP date); null lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return response?.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null;
    }
}

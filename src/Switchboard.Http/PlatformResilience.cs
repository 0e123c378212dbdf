using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;
using Switchboard.Core;
using Switchboard.Core.Conversations;

namespace Switchboard.Http;

/// <summary>How long a platform call may take and how often it is repeated, read from the platform's options.</summary>
/// <param name="MaxRetryAttempts">How often one call is repeated after a failure that may be repeated; 0 repeats nothing.</param>
/// <param name="RetryBaseDelay">The first back-off when the platform names no <c>Retry-After</c>; it doubles (with jitter) per attempt.</param>
/// <param name="MaxRetryAfter">The longest <c>Retry-After</c> waited out within a call; a longer one fails the call (the outbox tries later).</param>
/// <param name="AttemptTimeout">How long one attempt may take before it counts as unanswered.</param>
/// <param name="TotalTimeout">How long one call may take with all its attempts and waits.</param>
public sealed record PlatformCallLimits(int MaxRetryAttempts, TimeSpan RetryBaseDelay, TimeSpan MaxRetryAfter, TimeSpan AttemptTimeout, TimeSpan TotalTimeout);

/// <summary>What differs between the platforms' clients; everything else <see cref="PlatformResilience"/> does the same way.</summary>
public sealed record PlatformResiliencePolicy
{
    /// <summary>The platform, for the 429 counter.</summary>
    public required Platform Platform { get; init; }

    /// <summary>Names the client's pipelines (<c>{Name}-call</c>, <c>{Name}</c>, <c>{Name}-attempt</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The client's limits, read when its pipelines are built.</summary>
    public required Func<IServiceProvider, PlatformCallLimits> Limits { get; init; }

    /// <summary>Whether a request creates something each time (so it is repeated only when the platform surely did not take it).</summary>
    public required Func<HttpRequestMessage?, SendKind> KindOf { get; init; }

    /// <summary>What an HTTP status says about an attempt (null: not a failure worth repeating). Exceptions are classified the same way for every platform.</summary>
    public required Func<HttpStatusCode, SendFailure?> ClassifyStatus { get; init; }

    /// <summary>The wait an answer asks for (its <c>Retry-After</c>), or null to let the back-off decide.</summary>
    public required Func<HttpResponseMessage, DateTimeOffset, TimeSpan?> RetryAfter { get; init; }

    /// <summary>The request option naming the conversation or channel a request writes to, held back after a 429.</summary>
    public required HttpRequestOptionsKey<string> PaceKey { get; init; }

    /// <summary>Holds back the sends to one conversation or channel until a time (the platform's pacer).</summary>
    public required Func<IServiceProvider, Action<string, DateTimeOffset>> Defer { get; init; }
}

/// <summary>
/// The resilience pipeline every platform client uses: a whole-call timeout, retries that follow the shared
/// <see cref="SendRetry"/> rule (a creating call is repeated only when the platform surely did not take it), a 429
/// counted and its <c>Retry-After</c> waited out while the other sends to that conversation are held back
/// (<see cref="PlatformResiliencePolicy.Defer"/>) without slowing anyone else, and a timeout per attempt.
/// </summary>
public static class PlatformResilience
{
    private const string ExecutionAttempt = "ExecutionAttempt";

    /// <summary>Adds the three pipelines to <paramref name="client"/>, in order: call timeout, retry, attempt timeout.</summary>
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder client, PlatformResiliencePolicy policy)
    {
        // Polly reports every attempt at Information, and logging one line per platform call cost a noticeable share
        // of a turn's CPU in the bench; an attempt that failed (Warning) is still logged.
        client.Services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = args =>
            args.Event.EventName == ExecutionAttempt && args.Event.Severity == ResilienceEventSeverity.Information
                ? ResilienceEventSeverity.Debug
                : args.Event.Severity);

        // Timeouts measure the network, so they run on the real clock; the waits between attempts (Retry-After,
        // back-off) run on the injected TimeProvider, so tests control them.
        client.AddResilienceHandler($"{policy.Name}-call", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(policy.Limits(context.ServiceProvider).TotalTimeout);
        });
        client.AddResilienceHandler(policy.Name, (pipeline, context) =>
        {
            var limits = policy.Limits(context.ServiceProvider);
            var defer = policy.Defer(context.ServiceProvider);
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = time;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, limits.MaxRetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = limits.RetryBaseDelay,
                MaxDelay = limits.MaxRetryAfter,
                ShouldHandle = args =>
                {
                    // Every 429 answer is counted, the last one too (OnRetry sees only those that are repeated).
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests) SwitchboardTelemetry.RateLimited(policy.Platform);
                    return ValueTask.FromResult(limits.MaxRetryAttempts > 0 && MayRepeat(policy, args.Context, args.Outcome, limits, time));
                },
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? policy.RetryAfter(response, time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests &&
                        args.Context.GetRequestMessage()?.Options.TryGetValue(policy.PaceKey, out var key) == true)
                        defer(key, time.GetUtcNow() + args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        });
        client.AddResilienceHandler($"{policy.Name}-attempt", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(policy.Limits(context.ServiceProvider).AttemptTimeout);
        });
        return client;
    }

    /// <summary>What went wrong with one attempt, or null when it did not fail in a way worth repeating.</summary>
    public static SendFailure? Classify(Outcome<HttpResponseMessage> outcome, Func<HttpStatusCode, SendFailure?> classifyStatus) => outcome switch
    {
        { Result: { } response } => classifyStatus(response.StatusCode),
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } => SendFailure.NotTaken,
        { Exception: HttpRequestException or TimeoutRejectedException } => SendFailure.NoAnswer,
        _ => null,
    };

    /// <summary>
    /// Whether an exception from a creating call means the platform may have done it although no answer came, so
    /// it must not be made again (the caller turns it into a <see cref="DeliveryUncertainException"/>).
    /// </summary>
    public static bool MayHaveBeenDone(Exception exception) =>
        Classify(Outcome.FromException<HttpResponseMessage>(exception), _ => null) == SendFailure.NoAnswer;

    private static bool MayRepeat(PlatformResiliencePolicy policy, ResilienceContext context, Outcome<HttpResponseMessage> outcome, PlatformCallLimits limits, TimeProvider time)
    {
        if (Classify(outcome, policy.ClassifyStatus) is not { } failure) return false;
        if (outcome.Result is { } response && policy.RetryAfter(response, time.GetUtcNow()) > limits.MaxRetryAfter) return false;
        return SendRetry.MayRepeat(policy.KindOf(context.GetRequestMessage()), failure);
    }
}

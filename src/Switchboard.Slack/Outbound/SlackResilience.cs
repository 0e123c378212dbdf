using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Http;

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
/// The resilience pipeline of the <see cref="SlackApiClient.HttpClientName"/> client (<see cref="PlatformResilience"/>):
/// Web API methods that post something are repeated only when Slack surely did not take them, a 429 waits out
/// <c>Retry-After</c> and holds back the other messages to that channel (<see cref="SlackChannelPacer.Defer"/>).
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

    private static readonly PlatformResiliencePolicy Policy = new()
    {
        Platform = SlackPlatform.Id,
        Name = "slack-web-api",
        Limits = sp => LimitsOf(sp.GetRequiredService<IOptions<SlackOutboundOptions>>().Value),
        KindOf = request => KindOf(request?.RequestUri?.Segments[^1] ?? ""),
        ClassifyStatus = status => status switch
        {
            HttpStatusCode.TooManyRequests => SendFailure.RateLimited,
            >= HttpStatusCode.InternalServerError => SendFailure.ServerError,
            _ => null,
        },
        RetryAfter = RetryAfter,
        PaceKey = Channel,
        Defer = sp => sp.GetRequiredService<SlackChannelPacer>().Defer,
    };

    private static PlatformCallLimits LimitsOf(SlackOutboundOptions o) =>
        new(o.MaxRetryAttempts, o.RetryBaseDelay, o.MaxRetryAfter, o.AttemptTimeout, o.TotalTimeout);

    public static SendKind KindOf(string method) => Creating.Contains(method) ? SendKind.Creating : SendKind.Repeatable;

    public static IHttpClientBuilder AddSlackResilience(this IHttpClientBuilder client) => client.AddPlatformResilience(Policy);

    /// <summary>The wait a 429's <c>Retry-After</c> asks for (seconds or an HTTP date); null lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return response?.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Switchboard.Slack.Outbound;

/// <summary>A Slack user as <c>users.info</c> describes them.</summary>
public sealed record SlackUserInfo(string Id, string Name, string? Email, string? TimeZone, bool IsBot);

/// <summary>
/// The few Slack Web API methods Switchboard calls, through the named <see cref="HttpClientName"/> client
/// (base URL and bearer bot token set at registration). A 429 is waited out (<c>Retry-After</c>) and retried, so nothing is dropped;
/// messages are paced per channel; <c>ok: false</c> becomes a <see cref="SlackApiException"/>.
/// </summary>
internal sealed partial class SlackApiClient(
    IHttpClientFactory httpClients,
    SlackChannelPacer pacer,
    TimeProvider time,
    ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "slack";
    private const int MaxRateLimitedAttempts = 8;
    private const int MaxServerErrorAttempts = 3;
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    // Methods that are safe to repeat after a 5xx or a dropped connection (no duplicate message can result).
    private static readonly HashSet<string> Repeatable = new(StringComparer.Ordinal)
    {
        "users.info", "conversations.open", "chat.update", "chat.getPermalink",
    };

    public async Task<string> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text, ["unfurl_links"] = false };
        if (blocks is not null) body["blocks"] = blocks;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        await pacer.WaitAsync(channel, cancellationToken);
        var answer = await CallAsync("chat.postMessage", body, cancellationToken);
        return answer.GetProperty("ts").GetString() ?? throw new SlackApiException("chat.postMessage", "missing_ts");
    }

    public async Task UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text, ["blocks"] = blocks ?? [] };
        await CallAsync("chat.update", body, cancellationToken);
    }

    public async Task<string?> PostEphemeralAsync(string channel, string user, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        if (blocks is not null) body["blocks"] = blocks;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        await pacer.WaitAsync(channel, cancellationToken);
        var answer = await CallAsync("chat.postEphemeral", body, cancellationToken);
        return answer.TryGetProperty("message_ts", out var ts) ? ts.GetString() : null;
    }

    public async Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        await CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, cancellationToken);

    /// <summary>Opens (or finds) the bot's direct-message channel with <paramref name="userId"/>.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, cancellationToken);
        return answer.GetProperty("channel").GetProperty("id").GetString()
               ?? throw new SlackApiException("conversations.open", "missing_channel");
    }

    public async Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("users.info", new JsonObject { ["user"] = userId }, cancellationToken);
        // An answer without the user (a proxy or a Slack change) is a failed lookup, not a lost turn.
        if (!answer.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
            throw new SlackApiException("users.info", "missing_user");
        var profile = user.TryGetProperty("profile", out var p) ? p : default;
        var name = FirstNonEmpty(
            Read(profile, "display_name"), Read(profile, "real_name"), Read(user, "real_name"), Read(user, "name")) ?? userId;
        return new SlackUserInfo(
            userId,
            name,
            Read(profile, "email"),
            Read(user, "tz"),
            user.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True);
    }

    /// <summary>Calls a Web API method and returns the parsed answer when <c>ok</c> is true.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonObject body, CancellationToken cancellationToken)
    {
        var rateLimited = 0;
        var failed = 0;
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                var http = httpClients.CreateClient(HttpClientName);
                response = await http.PostAsJsonAsync(method, body, cancellationToken);
            }
            catch (HttpRequestException) when (Repeatable.Contains(method) && ++failed < MaxServerErrorAttempts)
            {
                await Task.Delay(Backoff(failed), time, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Switchboard.Core.SwitchboardTelemetry.RateLimited(SlackPlatform.Id);
                    if (++rateLimited >= MaxRateLimitedAttempts) throw new SlackApiException(method, "ratelimited");
                    var wait = RetryAfter(response);
                    LogRateLimited(logger, method, wait.TotalSeconds);
                    await Task.Delay(wait, time, cancellationToken);
                    continue;
                }
                if ((int)response.StatusCode >= 500 && Repeatable.Contains(method) && ++failed < MaxServerErrorAttempts)
                {
                    await Task.Delay(Backoff(failed), time, cancellationToken);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
                }

                using var document = await JsonDocument.ParseAsync(
                    await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                var root = document.RootElement.Clone();
                if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True) return root;
                var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown_error" : "unknown_error";
                LogFailed(logger, method, error);
                throw new SlackApiException(method, error);
            }
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta
                   ?? (header?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt));

    private static string? Read(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} was rate limited; retrying in {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} answered error {Error}")]
    private static partial void LogFailed(ILogger logger, string method, string error);
}

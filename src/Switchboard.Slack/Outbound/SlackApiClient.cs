using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Http;

namespace Switchboard.Slack.Outbound;

/// <summary>A Slack user as <c>users.info</c> describes them.</summary>
public sealed record SlackUserInfo(string Id, string Name, string? Email, string? TimeZone, bool IsBot);

/// <summary>
/// The few Slack Web API methods Switchboard calls, through the named <see cref="HttpClientName"/> client
/// (base URL and bearer bot token set at registration; retries, <c>Retry-After</c> and timeouts in its
/// resilience pipeline, see <see cref="SlackResilience"/>). Messages are paced per channel; <c>ok: false</c>
/// becomes a <see cref="SlackApiException"/>; a message post that got no answer becomes a
/// <see cref="DeliveryUncertainException"/>, since it may have been posted.
/// </summary>
internal sealed partial class SlackApiClient(
    IHttpClientFactory httpClients,
    SlackChannelPacer pacer,
    ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "slack";

    public async Task<string> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text, ["unfurl_links"] = false };
        if (blocks is not null) body["blocks"] = blocks;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        await pacer.WaitAsync(channel, cancellationToken);
        var answer = await CallAsync("chat.postMessage", body, cancellationToken, channel);
        return answer.GetProperty("ts").GetString() ?? throw new SlackApiException("chat.postMessage", "missing_ts");
    }

    public async Task UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text, ["blocks"] = blocks ?? [] };
        await CallAsync("chat.update", body, cancellationToken, channel);
    }

    public async Task<string?> PostEphemeralAsync(string channel, string user, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        if (blocks is not null) body["blocks"] = blocks;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        await pacer.WaitAsync(channel, cancellationToken);
        var answer = await CallAsync("chat.postEphemeral", body, cancellationToken, channel);
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
    /// <param name="method">The Web API method.</param>
    /// <param name="body">Its JSON arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="channel">The channel the call writes to, so a 429 holds back that channel's other messages.</param>
    public async Task<JsonElement> CallAsync(string method, JsonObject body, CancellationToken cancellationToken, string? channel = null)
    {
        // Serialized once, with its length: JsonContent would serialize again on every retry and send it chunked.
        var json = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(json)) body.WriteTo(writer);
        var content = new ReadOnlyMemoryContent(json.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = content };
        if (channel is not null) request.Options.Set(SlackResilience.Channel, channel);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (SlackResilience.KindOf(method) == SendKind.Creating && !cancellationToken.IsCancellationRequested &&
                                  PlatformResilience.MayHaveBeenDone(e))
        {
            throw new DeliveryUncertainException($"Slack {method} got no answer; it may have been done.", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                LogRateLimited(logger, method);
                throw new SlackApiException(method, "ratelimited");
            }
            if (!response.IsSuccessStatusCode) throw new SlackApiException(method, $"http_{(int)response.StatusCode}");

            using var document = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = document.RootElement.Clone();
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True) return root;
            var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown_error" : "unknown_error";
            LogFailed(logger, method, error);
            throw new SlackApiException(method, error);
        }
    }

    private static string? Read(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} stayed rate limited through its retries")]
    private static partial void LogRateLimited(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} answered error {Error}")]
    private static partial void LogFailed(ILogger logger, string method, string error);
}

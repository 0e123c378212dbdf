using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>Signs requests the way Slack does, independently of the production code.</summary>
public static class SlackSigner
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var hash = hmac.ComputeHash([.. prefix, .. body]);
        return "v0=" + Convert.ToHexString(hash).ToLowerInvariant();
    }

    public static HttpRequestMessage Request(string path, string body, string mediaType, DateTimeOffset now, string secret = Secret, int? retryNum = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Sign(secret, timestamp, bytes));
        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        return request;
    }

    public static HttpRequestMessage Json(string path, string json, DateTimeOffset now, int? retryNum = null) =>
        Request(path, json, "application/json", now, retryNum: retryNum);

    public static HttpRequestMessage Form(string path, IEnumerable<KeyValuePair<string, string>> fields, DateTimeOffset now)
    {
        var body = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        return Request(path, body, "application/x-www-form-urlencoded", now);
    }

    public static HttpRequestMessage Interaction(string payloadJson, DateTimeOffset now) =>
        Form("/api/slack/interactivity", [new("payload", payloadJson)], now);
}

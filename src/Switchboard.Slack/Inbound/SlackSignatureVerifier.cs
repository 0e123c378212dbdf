using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchboard.Slack.Inbound;

/// <summary>Why a request was or was not accepted.</summary>
internal enum SlackVerification
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    OutsideWindow,
    BadSignature,
}

/// <summary>
/// Slack's <c>v0</c> request signature: HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> with the signing secret,
/// compared in constant time, with a timestamp window against replays.
/// </summary>
internal sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    private const string Version = "v0";

    public SlackVerification Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return SlackVerification.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return SlackVerification.MalformedTimestamp;

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)options.Value.TimestampTolerance.TotalSeconds) return SlackVerification.OutsideWindow;

        var secret = options.Value.SigningSecret;
        // Start-up refuses an empty secret; this guards against an HMAC keyed with nothing ever matching.
        if (string.IsNullOrEmpty(secret)) return SlackVerification.BadSignature;

        var expected = Compute(secret, timestamp, body);
        var given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SlackVerification.Valid : SlackVerification.BadSignature;
    }

    /// <summary>The ASCII bytes of <c>v0=&lt;hex&gt;</c> for this request.</summary>
    internal static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        var hex = Convert.ToHexStringLower(hmac.GetHashAndReset());
        return Encoding.ASCII.GetBytes($"{Version}={hex}");
    }
}

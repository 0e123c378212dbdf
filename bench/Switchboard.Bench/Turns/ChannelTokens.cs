using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Bench.Turns;

/// <summary>
/// The bench's stand-in for the Bot Framework channel's signing key: an RSA key generated when the bench
/// starts, published by the fake platform as OpenID metadata + JWKS, and used to sign the bearer tokens the
/// Teams load sends. Like the Connector, which reuses one token for about an hour, one token per service URL
/// is signed and reused (re-signed after <see cref="Reuse"/>), so signing never limits the load.
/// </summary>
public sealed class ChannelTokens(string appId) : IDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string ChannelId = "msteams";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan Reuse = TimeSpan.FromMinutes(20);

    private readonly RSA _key = RSA.Create(2048);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Header, DateTimeOffset SignedAt)> _signed = new(StringComparer.Ordinal);

    public string KeyId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..16];

    public string AppId => appId;

    /// <summary>The <c>Authorization</c> header value for activities carrying <paramref name="serviceUrl"/>.</summary>
    public string AuthorizationFor(string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (_signed.TryGetValue(serviceUrl, out var cached) && now - cached.SignedAt < Reuse) return cached.Header;
            var header = "Bearer " + Sign(serviceUrl, now);
            _signed[serviceUrl] = (header, now);
            return header;
        }
    }

    /// <summary>The JWKS document: the one key, endorsed for Teams as the real channel keys are.</summary>
    public JsonObject Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64Url(parameters.Modulus!),
                ["e"] = Base64Url(parameters.Exponent!),
                ["endorsements"] = new JsonArray(ChannelId, "webchat", "directline"),
            }),
        };
    }

    private string Sign(string serviceUrl, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT", ["x5t"] = KeyId };
        var payload = new JsonObject
        {
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["aud"] = appId,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _key.Dispose();
}

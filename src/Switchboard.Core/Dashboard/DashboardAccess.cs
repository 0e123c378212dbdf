using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.People;

namespace Switchboard.Core.Dashboard;

/// <summary>What a signed dashboard link lets its holder see: the reports of <see cref="Teams"/> until <see cref="ExpiresAt"/>.</summary>
/// <param name="Lead">The lead the link was given to.</param>
/// <param name="Teams">The service team ids they lead.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record DashboardAccess(PersonId Lead, IReadOnlyList<string> Teams, DateTimeOffset ExpiresAt)
{
    /// <summary>True when the link covers <paramref name="teamId"/>.</summary>
    public bool Covers(string teamId) => Teams.Contains(teamId, StringComparer.Ordinal);
}

/// <summary>Why a dashboard token was refused.</summary>
public enum DashboardTokenProblem
{
    /// <summary>The token is valid.</summary>
    None,
    /// <summary>Not a token this service makes (cut short, not base64url, not the payload's shape).</summary>
    Malformed,
    /// <summary>The signature does not match: changed, or signed with another key.</summary>
    BadSignature,
    /// <summary>Signed by us, but past its expiry.</summary>
    Expired,
}

/// <summary>The result of reading a dashboard token.</summary>
/// <param name="Access">What the token grants; null when refused.</param>
/// <param name="Problem">Why it was refused, or <see cref="DashboardTokenProblem.None"/>.</param>
public sealed record DashboardTokenCheck(DashboardAccess? Access, DashboardTokenProblem Problem);

/// <summary>
/// Signs and checks the tokens of leads' dashboard links: <c>base64url(payload).base64url(HMAC-SHA256(key, "dashboard.v1." + payload part))</c>,
/// where the payload is the lead's person id, their team ids and the expiry. Nothing is stored: any instance with the
/// same key checks any link, and a link cannot be widened to another team without the key.
/// </summary>
public sealed class DashboardTokens
{
    // Binds the signature to this use of the key, so a value signed for something else never passes as a dashboard token.
    private static readonly byte[] Purpose = "dashboard.v1."u8.ToArray();
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer over <paramref name="signingKey"/> (see <see cref="DashboardOptions.SigningKey"/>).</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="DashboardOptions.MinimumKeyLength"/>.</exception>
    public DashboardTokens(string signingKey, TimeProvider time)
    {
        if (string.IsNullOrEmpty(signingKey) || signingKey.Length < DashboardOptions.MinimumKeyLength)
            throw new ArgumentException($"The dashboard signing key needs at least {DashboardOptions.MinimumKeyLength} characters.", nameof(signingKey));
        _key = Encoding.UTF8.GetBytes(signingKey);
        _time = time;
    }

    /// <summary>The token for <paramref name="access"/>.</summary>
    public string Sign(DashboardAccess access)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new TokenPayload(access.Lead.Value, [.. access.Teams], access.ExpiresAt.ToUnixTimeSeconds()), DashboardJsonContext.Default.TokenPayload);
        var body = Base64Url.EncodeToString(payload);
        return $"{body}.{Base64Url.EncodeToString(Signature(body))}";
    }

    /// <summary>Reads <paramref name="token"/>: what it grants, or why it is refused.</summary>
    public DashboardTokenCheck Check(string? token)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
            return Refused(DashboardTokenProblem.Malformed);
        // The signature is checked before the payload is parsed: nobody's bytes reach the JSON reader unsigned.
        if (!CryptographicOperations.FixedTimeEquals(Signature(parts[0]), Base64Url.DecodeFromChars(parts[1])))
            return Refused(DashboardTokenProblem.BadSignature);
        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[0]), DashboardJsonContext.Default.TokenPayload);
        }
        catch (JsonException)
        {
            return Refused(DashboardTokenProblem.Malformed);
        }
        if (payload is not { Lead.Length: > 0, Teams.Count: > 0 }) return Refused(DashboardTokenProblem.Malformed);
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Expires);
        if (_time.GetUtcNow() >= expires) return Refused(DashboardTokenProblem.Expired);
        return new DashboardTokenCheck(new DashboardAccess(new PersonId(payload.Lead), payload.Teams, expires), DashboardTokenProblem.None);
    }

    private byte[] Signature(string body)
    {
        var signed = new byte[Purpose.Length + Encoding.ASCII.GetByteCount(body)];
        Purpose.CopyTo(signed, 0);
        Encoding.ASCII.GetBytes(body, signed.AsSpan(Purpose.Length));
        return HMACSHA256.HashData(_key, signed);
    }

    private static DashboardTokenCheck Refused(DashboardTokenProblem problem) => new(null, problem);

    internal sealed record TokenPayload(
        [property: JsonPropertyName("p")] string Lead,
        [property: JsonPropertyName("t")] List<string> Teams,
        [property: JsonPropertyName("e")] long Expires);
}

[JsonSerializable(typeof(DashboardTokens.TokenPayload))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;

using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Auth;

/// <summary>Who signed a token that passed validation.</summary>
internal enum TokenSource
{
    /// <summary>Authentication is disabled (Development, no app id).</summary>
    None,
    /// <summary>A Bot Framework channel (Teams) via the Connector: issuer <c>https://api.botframework.com</c>.</summary>
    Channel,
    /// <summary>Azure AD: the Emulator or a single-tenant bot's own tenant.</summary>
    AzureAd,
}

/// <summary>The outcome of checking a request's bearer token.</summary>
internal sealed record AuthOutcome(bool Succeeded, string? Reason, TokenSource Source, string? ServiceUrlClaim, IReadOnlyList<string> Endorsements)
{
    public static AuthOutcome Fail(string reason) => new(false, reason, TokenSource.None, null, []);

    public static readonly AuthOutcome Anonymous = new(true, null, TokenSource.None, null, []);

    /// <summary>Checks what the token vouches for against the activity it came with; null when they agree.</summary>
    public string? CheckActivity(Activity activity)
    {
        if (Source == TokenSource.None) return null;
        if (Source == TokenSource.Channel &&
            !string.Equals(ServiceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return "The activity's serviceUrl does not match the token's serviceurl claim.";
        if (Endorsements.Count > 0 && !Endorsements.Contains(activity.ChannelId ?? "", StringComparer.OrdinalIgnoreCase))
            return $"The signing key is not endorsed for channel '{activity.ChannelId}'.";
        return null;
    }
}

/// <summary>
/// Validates the bearer token on every <c>POST /api/messages</c> as the Bot Framework requires:
/// RS256/384/512 signature by a key from the issuer's OpenID metadata, issuer, audience = our app id,
/// lifetime with five minutes of skew, and (after the body is parsed) the <c>serviceurl</c> claim and
/// the key's channel endorsements.
/// </summary>
/// <remarks>
/// A channel sends the same token with every activity until shortly before it expires, and checking an RSA
/// signature is most of what a turn costs here: a token that passed is remembered (by its SHA-256, never the token
/// itself) and accepted again without re-verifying until <see cref="ReuseMargin"/> before its expiry, for at most
/// <see cref="TeamsOptions.ValidatedTokenCacheSize"/> tokens. Refused tokens are never remembered.
/// </remarks>
internal sealed class BotAuthenticator : IDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private static readonly string[] BotFrameworkTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private readonly BotCredentialsOptions _credentials;
    private readonly OpenIdKeySource _channelKeys;
    private readonly OpenIdKeySource _azureAdKeys;
    private readonly HashSet<string> _azureAdIssuers;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly MemoryCache _validated;
    private long _fullChecks;

    /// <summary>How long before a token's expiry it is verified in full again rather than accepted as remembered.</summary>
    public static readonly TimeSpan ReuseMargin = TimeSpan.FromMinutes(1);

    public BotAuthenticator(IOptions<BotCredentialsOptions> credentials, IOptions<TeamsOptions> options, IHttpClientFactory httpClients, TimeProvider time)
    {
        _credentials = credentials.Value;
        _time = time;
        var teams = options.Value;
        _channelKeys = new OpenIdKeySource(teams.OpenIdMetadataUrl, httpClients.CreateClient(TeamsHttpClients.OpenId), time, teams.MetadataRefreshInterval);
        _azureAdKeys = new OpenIdKeySource(teams.EmulatorOpenIdMetadataUrl, httpClients.CreateClient(TeamsHttpClients.OpenId), time, teams.MetadataRefreshInterval);
        _validated = new MemoryCache(new MemoryCacheOptions { SizeLimit = teams.ValidatedTokenCacheSize, CompactionPercentage = 0.25 });

        var tenants = BotFrameworkTenants.ToList();
        if (_credentials.IsSingleTenant && !string.IsNullOrWhiteSpace(_credentials.MicrosoftAppTenantId))
            tenants.Add(_credentials.MicrosoftAppTenantId);
        _azureAdIssuers = new HashSet<string>(
            tenants.SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" }),
            StringComparer.Ordinal);
    }

    public async Task<AuthOutcome> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (_credentials.AuthenticationDisabled) return AuthOutcome.Anonymous;

        if (string.IsNullOrWhiteSpace(authorization)) return AuthOutcome.Fail("The Authorization header is missing.");
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return AuthOutcome.Fail("The Authorization scheme must be Bearer.");
        var token = authorization[scheme.Length..].Trim();
        var tokenKey = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_validated.Get<ValidatedToken>(tokenKey) is { } known && _time.GetUtcNow() < known.ReuseUntil) return known.Outcome;

        JsonWebToken jwt;
        try
        {
            if (!_handler.CanReadToken(token)) return AuthOutcome.Fail("The bearer token is not a well-formed JWT.");
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return AuthOutcome.Fail("The bearer token is not a well-formed JWT.");
        }

        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
            return AuthOutcome.Fail($"The token algorithm '{jwt.Alg}' is not accepted; RS256, RS384 or RS512 is required.");
        if (string.IsNullOrEmpty(jwt.Kid)) return AuthOutcome.Fail("The token names no signing key (kid).");

        var issuer = jwt.Issuer;
        TokenSource source;
        OpenIdKeySource keys;
        if (string.Equals(issuer, ChannelIssuer, StringComparison.Ordinal))
        {
            source = TokenSource.Channel;
            keys = _channelKeys;
        }
        else if (_azureAdIssuers.Contains(issuer))
        {
            source = TokenSource.AzureAd;
            keys = _azureAdKeys;
        }
        else
        {
            return AuthOutcome.Fail("The token issuer is not trusted.");
        }

        JsonWebKey? key;
        try
        {
            key = await keys.FindKeyAsync(jwt.Kid, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return AuthOutcome.Fail("The issuer's signing keys could not be loaded.");
        }
        if (key is null) return AuthOutcome.Fail("The token's signing key (kid) is unknown to the issuer.");

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = _credentials.MicrosoftAppId,
            IssuerSigningKey = key,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            // Lifetime is checked below against the injected clock.
            ValidateLifetime = false,
            RequireExpirationTime = true,
            TryAllIssuerSigningKeys = false,
        };
        Interlocked.Increment(ref _fullChecks);
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return AuthOutcome.Fail(Describe(result.Exception));

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
            return AuthOutcome.Fail("The token has no expiry.");
        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo + ClockSkew < now) return AuthOutcome.Fail("The token has expired.");
        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) && jwt.ValidFrom - ClockSkew > now)
            return AuthOutcome.Fail("The token is not valid yet.");

        if (source == TokenSource.AzureAd)
        {
            var version = Claim(jwt, "ver");
            var appIdClaim = version switch { "1.0" => "appid", "2.0" => "azp", _ => null };
            if (appIdClaim is null) return AuthOutcome.Fail("The Azure AD token version is not 1.0 or 2.0.");
            if (!string.Equals(Claim(jwt, appIdClaim), _credentials.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
                return AuthOutcome.Fail($"The token's {appIdClaim} claim is not this bot's app id.");
            return Remember(tokenKey, jwt, new AuthOutcome(true, null, source, null, Endorsements(key)));
        }

        var serviceUrl = Claim(jwt, "serviceurl");
        if (string.IsNullOrEmpty(serviceUrl)) return AuthOutcome.Fail("The token has no serviceurl claim.");
        return Remember(tokenKey, jwt, new AuthOutcome(true, null, source, serviceUrl, Endorsements(key)));
    }

    /// <summary>How many signatures were checked (tokens accepted as remembered are not).</summary>
    internal long FullChecks => Interlocked.Read(ref _fullChecks);

    public void Dispose() => _validated.Dispose();

    private AuthOutcome Remember(string tokenKey, JsonWebToken jwt, AuthOutcome outcome)
    {
        var reuseUntil = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) - ReuseMargin;
        if (reuseUntil > _time.GetUtcNow()) _validated.Set(tokenKey, new ValidatedToken(outcome, reuseUntil), new MemoryCacheEntryOptions { Size = 1 });
        return outcome;
    }

    private sealed record ValidatedToken(AuthOutcome Outcome, DateTimeOffset ReuseUntil);

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) ? value : null;

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "The token audience is not this bot's app id.",
        SecurityTokenInvalidIssuerException => "The token issuer is not trusted.",
        SecurityTokenInvalidAlgorithmException => "The token algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "The token's signing key is unknown.",
        SecurityTokenInvalidSignatureException => "The token signature is invalid.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is invalid.",
    };

    private static IReadOnlyList<string> Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is null) return [];
        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            string single => [single],
            IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).OfType<string>().ToList(),
            _ => [],
        };
    }
}

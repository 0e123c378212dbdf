using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Testing;

/// <summary>One request the fake received, and what it answered.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body, DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    /// <summary>The JSON the fake answered with (set once answered).</summary>
    public JsonNode? Response { get; set; }

    /// <summary>The id the fake handed out for a created activity or conversation.</summary>
    public string? ResponseId => Response?["activityId"]?.GetValue<string>() ?? Response?["id"]?.GetValue<string>();
}

/// <summary>
/// A loopback Kestrel server standing in for the Microsoft side: OpenID metadata and JWKS for the
/// Bot Framework channel and Azure AD (Emulator) issuers, the client-credentials token endpoint and
/// the Connector REST API, recording every request.
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string ChannelKeyId = "channel-key-1";
    public const string AzureAdKeyId = "aad-key-1";
    public static readonly string[] DefaultEndorsements = ["msteams", "emulator"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter, string Code)> _failures = new();
    private readonly ConcurrentDictionary<string, RSA> _channelKeys = new();
    private readonly ConcurrentDictionary<string, string[]> _endorsements = new();
    private readonly RSA _azureAdKey = RSA.Create(2048);
    private int _ids;
    private int _tokens;

    private FakeBotFramework(WebApplication app)
    {
        _app = app;
        _channelKeys[ChannelKeyId] = RSA.Create(2048);
        _endorsements[ChannelKeyId] = DefaultEndorsements;
    }

    public static async Task<FakeBotFramework> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFramework(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The service URL activities carry (the Connector lives here too).</summary>
    public string ServiceUrl => BaseUrl + "/amer/";

    public string ChannelMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string AzureAdMetadataUrl => BaseUrl + "/aad/v2.0/.well-known/openid-configuration";
    public string TokenEndpoint => BaseUrl + "/{tenant}/oauth2/v2.0/token";

    /// <summary>Seconds the access tokens handed out are valid.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>E-mail addresses returned by the members endpoint, by user id.</summary>
    public ConcurrentDictionary<string, string> MemberEmails { get; } = new();

    /// <summary>Display names the members endpoint returns, by user id (the e-mail's local part when not set).</summary>
    public ConcurrentDictionary<string, string> MemberNames { get; } = new();

    /// <summary>Members' Entra object ids: a member look-up by one answers with the member's Teams id, as Teams does.</summary>
    public ConcurrentDictionary<string, string> MemberObjectIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A member the Connector knows: what a member look-up answers for <paramref name="userId"/> (and for
    /// <paramref name="aadObjectId"/>, when given).
    /// </summary>
    public void AddMember(string userId, string name, string email, string? aadObjectId = null)
    {
        MemberNames[userId] = name;
        MemberEmails[userId] = email;
        if (aadObjectId is not null) MemberObjectIds[aadObjectId] = userId;
    }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public IReadOnlyList<RecordedRequest> ConnectorRequests => _requests.Where(r => r.Path.Contains("/v3/", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<RecordedRequest> ConnectorWrites => ConnectorRequests.Where(r => r.Method != "GET").ToList();

    public IReadOnlyList<RecordedRequest> TokenRequests => _requests.Where(r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)).ToList();

    public int JwksFetches(string which) => _requests.Count(r => r.Path == $"/keys/{which}");

    /// <summary>
    /// Decides for each Connector request (after any queued <see cref="FailNext"/>) whether the Connector fails it
    /// instead of doing it: null does it. A failed request is recorded without a <see cref="RecordedRequest.Response"/>.
    /// </summary>
    public Func<RecordedRequest, ConnectorFault?>? Faults { get; set; }

    /// <summary>Connector requests this matches are never answered nor done, as if the network ate them: they wait until the caller gives up.</summary>
    public Func<RecordedRequest, bool>? Unanswered { get; set; }

    /// <summary>The next Connector requests answer with these statuses, in order.</summary>
    public void FailNext(HttpStatusCode status, string? retryAfter = null, string code = "Throttled") => _failures.Enqueue((status, retryAfter, code));

    /// <summary>Publishes another channel signing key (key rotation).</summary>
    public void AddChannelKey(string keyId, params string[] endorsements)
    {
        _channelKeys[keyId] = RSA.Create(2048);
        _endorsements[keyId] = endorsements.Length == 0 ? DefaultEndorsements : endorsements;
    }

    /// <summary>The newest request that matches, once one has arrived (what the host sends, it sends in the background).</summary>
    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (_requests.LastOrDefault(match) is { } found) return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Timed out waiting for {what}. Requests: {string.Join(" | ", Requests.Select(r => $"{r.Method} {r.Path}"))}");
    }

    public void ClearRequests()
    {
        while (_requests.TryDequeue(out _)) { }
    }

    public RSA ChannelKey(string keyId = ChannelKeyId) => _channelKeys[keyId];

    public RSA AzureAdKey => _azureAdKey;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        var recorded = new RecordedRequest(method, path, context.Request.Headers.Authorization.FirstOrDefault(), body, DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);
        context.Items[typeof(RecordedRequest)] = recorded;

        switch (path)
        {
            case "/v1/.well-known/openidconfiguration":
                await WriteJsonAsync(context, new JsonObject
                {
                    ["issuer"] = "https://api.botframework.com",
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = BaseUrl + "/keys/channel",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                });
                return;
            case "/aad/v2.0/.well-known/openid-configuration":
                await WriteJsonAsync(context, new JsonObject
                {
                    ["issuer"] = "https://login.microsoftonline.com/{tenantid}/v2.0",
                    ["jwks_uri"] = BaseUrl + "/keys/aad",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
                return;
            case "/keys/channel":
                await WriteJsonAsync(context, new JsonObject
                {
                    ["keys"] = new JsonArray(_channelKeys.Select(k => (JsonNode)Jwk(k.Key, k.Value, _endorsements[k.Key])).ToArray()),
                });
                return;
            case "/keys/aad":
                await WriteJsonAsync(context, new JsonObject { ["keys"] = new JsonArray(Jwk(AzureAdKeyId, _azureAdKey, null)) });
                return;
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) && method == "POST")
        {
            var n = Interlocked.Increment(ref _tokens);
            await WriteJsonAsync(context, new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = TokenLifetimeSeconds,
                ["ext_expires_in"] = TokenLifetimeSeconds,
                ["access_token"] = $"access-token-{n}",
            });
            return;
        }

        if (path.Contains("/v3/", StringComparison.Ordinal))
        {
            if (_failures.TryDequeue(out var failure))
            {
                context.Response.StatusCode = (int)failure.Status;
                if (failure.RetryAfter is not null) context.Response.Headers.RetryAfter = failure.RetryAfter;
                await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = "failed" } }.ToJsonString());
                return;
            }
            if (Unanswered?.Invoke(recorded) == true)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return;
            }
            if (Faults?.Invoke(recorded) is { } fault)
            {
                context.Response.StatusCode = (int)fault.Status;
                if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
                await context.Response.WriteAsync("""{"error":{"code":"ServiceError","message":"try again"}}""");
                return;
            }
            await ConnectorAsync(context, method, path[(path.IndexOf("/v3/", StringComparison.Ordinal) + 4)..], body);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task ConnectorAsync(HttpContext context, string method, string route, string body)
    {
        // route: conversations[/{id}[/activities[/{activityId}] | /members/{userId}]]
        var parts = route.Split('/');
        if (parts is ["conversations"] && method == "POST")
        {
            var request = JsonNode.Parse(body)!;
            var activityId = NextId("root");
            var channel = request["channelData"]?["channel"]?["id"]?.GetValue<string>();
            var id = channel is not null ? $"{channel};messageid={activityId}" : $"a:chat-{activityId}";
            await WriteJsonAsync(context, new JsonObject { ["id"] = id, ["activityId"] = activityId });
            return;
        }
        if (parts is ["conversations", _, "activities"] && method == "POST")
        {
            await WriteJsonAsync(context, new JsonObject { ["id"] = NextId("msg") });
            return;
        }
        if (parts is ["conversations", _, "activities", _] && method == "POST")
        {
            await WriteJsonAsync(context, new JsonObject { ["id"] = NextId("reply") });
            return;
        }
        if (parts is ["conversations", _, "activities", var updated] && method == "PUT")
        {
            await WriteJsonAsync(context, new JsonObject { ["id"] = updated });
            return;
        }
        if (parts is ["conversations", _, "members", var requested] && method == "GET")
        {
            var userId = MemberObjectIds.TryGetValue(requested, out var teamsId) ? teamsId : requested;
            if (!MemberEmails.TryGetValue(userId, out var email))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("""{"error":{"code":"MemberNotFoundInConversation","message":"not found"}}""");
                return;
            }
            await WriteJsonAsync(context, new JsonObject
            {
                ["id"] = userId,
                ["name"] = MemberNames.TryGetValue(userId, out var name) ? name : email.Split('@')[0],
                ["email"] = email,
                ["userPrincipalName"] = email,
            });
            return;
        }
        context.Response.StatusCode = 404;
    }

    private string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _ids)}";

    private static Task WriteJsonAsync(HttpContext context, JsonObject json)
    {
        if (context.Items[typeof(RecordedRequest)] is RecordedRequest recorded) recorded.Response = json.DeepClone();
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json.ToJsonString());
    }

    private static JsonObject Jwk(string keyId, RSA key, string[]? endorsements)
    {
        var parameters = key.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements is not null) jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray());
        return jwk;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _channelKeys.Values) key.Dispose();
        _azureAdKey.Dispose();
    }
}

/// <summary>A failure the fake Connector answers with instead of doing a request: a status, and for a 429 its <c>Retry-After</c>.</summary>
public sealed record ConnectorFault(HttpStatusCode Status, string? RetryAfter = null);

/// <summary>Makes bearer tokens the way the Bot Framework and Azure AD do, and the forgeries attackers try.</summary>
public sealed class TestTokens(FakeBotFramework fake, string appId)
{
    public const string BotFrameworkTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    public string Channel(
        string? serviceUrl = null,
        string? audience = null,
        string issuer = "https://api.botframework.com",
        string keyId = FakeBotFramework.ChannelKeyId,
        TimeSpan? expiresIn = null,
        TimeSpan? notBeforeIn = null,
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? fake.ServiceUrl };
        return Sign(fake.ChannelKey(keyId), keyId, issuer, audience ?? appId, claims, expiresIn, notBeforeIn, algorithm);
    }

    /// <summary>A token signed with a key the issuer never published, under a key id nobody knows.</summary>
    public string ChannelWithUnknownKey()
    {
        using var stranger = RSA.Create(2048);
        return Sign(stranger, "unknown-key", "https://api.botframework.com", appId,
            new Dictionary<string, object> { ["serviceurl"] = fake.ServiceUrl }, null, null, SecurityAlgorithms.RsaSha256);
    }

    public string Emulator(string version = "1.0", string? tokenAppId = null, string? issuer = null)
    {
        var claims = new Dictionary<string, object> { ["ver"] = version };
        claims[version == "1.0" ? "appid" : "azp"] = tokenAppId ?? appId;
        issuer ??= version == "1.0" ? $"https://sts.windows.net/{BotFrameworkTenant}/" : $"https://login.microsoftonline.com/{BotFrameworkTenant}/v2.0";
        return Sign(fake.AzureAdKey, FakeBotFramework.AzureAdKeyId, issuer, appId, claims, null, null, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>A token with <c>alg: none</c> and no signature.</summary>
    public string Unsigned()
    {
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"JWT","kid":"{{FakeBotFramework.ChannelKeyId}}"}""");
        return $"{header}.{Base64UrlEncoder.Encode(Payload())}.";
    }

    /// <summary>The classic key-confusion forgery: HS256 with the issuer's public key as the HMAC secret.</summary>
    public string Hs256WithPublicKey()
    {
        var header = Base64UrlEncoder.Encode($$"""{"alg":"HS256","typ":"JWT","kid":"{{FakeBotFramework.ChannelKeyId}}"}""");
        var signingInput = $"{header}.{Base64UrlEncoder.Encode(Payload())}";
        var secret = fake.ChannelKey().ExportSubjectPublicKeyInfo();
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private string Payload()
    {
        var now = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "https://api.botframework.com",
            ["aud"] = appId,
            ["serviceurl"] = fake.ServiceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        });
    }

    private static string Sign(RSA key, string keyId, string issuer, string audience, Dictionary<string, object> claims,
        TimeSpan? expiresIn, TimeSpan? notBeforeIn, string algorithm)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var notBefore = now + (notBeforeIn ?? TimeSpan.FromMinutes(-1));
        if (notBefore >= expires) notBefore = expires.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId }, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}

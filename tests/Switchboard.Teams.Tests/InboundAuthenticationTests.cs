using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class AuthFixture : IAsyncLifetime
{
    public const string SkypeOnlyKeyId = "skype-only-key";

    private TeamsHost _host = null!;

    public FakeBotFramework Fake => _host.Fake;
    public TeamsTestApp App => _host.App;
    public TestTokens Tokens => _host.Tokens;

    public async Task InitializeAsync() =>
        _host = await TeamsHost.StartAsync((fake, _) =>
        {
            fake.AddChannelKey(SkypeOnlyKeyId, "skype");
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();
}

public sealed class InboundAuthenticationTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private FakeBotFramework Fake => fixture.Fake;
    private TeamsTestApp App => fixture.App;
    private TestTokens Tokens => fixture.Tokens;

    public static TheoryData<string, string> RefusedCases => new()
    {
        { "missing header", "header is missing" },
        { "wrong scheme", "scheme must be Bearer" },
        { "malformed token", "not a well-formed JWT" },
        { "alg none", "algorithm 'none'" },
        { "HS256 signed with the public key", "algorithm 'HS256'" },
        { "unknown kid", "signing key (kid) is unknown" },
        { "wrong audience", "audience" },
        { "wrong issuer", "issuer is not trusted" },
        { "expired beyond skew", "expired" },
        { "not yet valid", "not valid yet" },
        { "serviceurl mismatch", "serviceurl claim" },
        { "unendorsed channel", "not endorsed for channel 'msteams'" },
        { "Emulator v1 token with a wrong app id", "appid claim" },
        { "Emulator v2 token with a wrong app id", "azp claim" },
        { "Azure AD token from a foreign tenant", "issuer is not trusted" },
    };

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Post_WithBadCredentials_Returns401AndHasNoSideEffect(string scenario, string reason)
    {
        var activity = TeamsPayloads.PersonalMessage(Fake.ServiceUrl, "My VPN drops every call");
        var authorization = scenario switch
        {
            "missing header" => null,
            "wrong scheme" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String("bot:secret"u8.ToArray())),
            "malformed token" => Bearer("not-a.jwt"),
            "alg none" => Bearer(Tokens.Unsigned()),
            "HS256 signed with the public key" => Bearer(Tokens.Hs256WithPublicKey()),
            "unknown kid" => Bearer(Tokens.ChannelWithUnknownKey()),
            "wrong audience" => Bearer(Tokens.Channel(audience: "00000000-0000-0000-0000-00000000beef")),
            "wrong issuer" => Bearer(Tokens.Channel(issuer: "https://api.botframework.evil")),
            "expired beyond skew" => Bearer(Tokens.Channel(expiresIn: TimeSpan.FromMinutes(-6))),
            "not yet valid" => Bearer(Tokens.Channel(notBeforeIn: TimeSpan.FromMinutes(6), expiresIn: TimeSpan.FromMinutes(60))),
            "serviceurl mismatch" => Bearer(Tokens.Channel(serviceUrl: "https://smba.trafficmanager.net/emea/")),
            "unendorsed channel" => Bearer(Tokens.Channel(keyId: AuthFixture.SkypeOnlyKeyId)),
            "Emulator v1 token with a wrong app id" => Bearer(Tokens.Emulator("1.0", tokenAppId: "11111111-2222-3333-4444-555555555555")),
            "Emulator v2 token with a wrong app id" => Bearer(Tokens.Emulator("2.0", tokenAppId: "11111111-2222-3333-4444-555555555555")),
            "Azure AD token from a foreign tenant" => Bearer(Tokens.Emulator("1.0", issuer: "https://sts.windows.net/0badf00d-0000-4000-8000-000000000000/")),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var writes = App.State.Writes.Count;
        var claims = App.Claims.Claims.Count;
        var connector = Fake.ConnectorRequests.Count;

        var response = await App.PostAsync(activity, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(reason, body["reason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(writes, App.State.Writes.Count);
        Assert.Equal(claims, App.Claims.Claims.Count);
        Assert.Equal(connector, Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Post_WithValidChannelToken_IsAnswered()
    {
        var before = Fake.ConnectorWrites.Count;

        var response = await App.PostAsync(TeamsPayloads.PersonalMessage(Fake.ServiceUrl, "help"), Tokens.Channel());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(BotAnswered(before), "the bot did not answer in the personal chat");
    }

    [Fact]
    public async Task Post_WithTokenExpiredWithinSkew_IsAccepted()
    {
        var before = Fake.ConnectorWrites.Count;

        var response = await App.PostAsync(TeamsPayloads.PersonalMessage(Fake.ServiceUrl, "help"), Tokens.Channel(expiresIn: TimeSpan.FromMinutes(-3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(BotAnswered(before), "the bot did not answer in the personal chat");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Post_WithEmulatorToken_IsAccepted(string version)
    {
        var before = Fake.ConnectorWrites.Count;

        var response = await App.PostAsync(TeamsPayloads.PersonalMessage(Fake.ServiceUrl, "help"), Tokens.Emulator(version));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(BotAnswered(before), "the bot did not answer in the personal chat");
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    public async Task Post_WithStrongerRsaAlgorithm_IsAccepted(string algorithm)
    {
        var before = Fake.ConnectorWrites.Count;

        var response = await App.PostAsync(TeamsPayloads.PersonalMessage(Fake.ServiceUrl, "help"), Tokens.Channel(algorithm: algorithm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(BotAnswered(before), "the bot did not answer in the personal chat");
    }

    [Fact]
    public async Task Post_WithBodyOverTheLimit_Returns413AndDoesNothing()
    {
        var huge = TeamsPayloads.PersonalMessage(Fake.ServiceUrl, new string('x', 300 * 1024));
        var claims = App.Claims.Claims.Count;
        var connector = Fake.ConnectorRequests.Count;

        var response = await App.PostAsync(huge, Tokens.Channel());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(claims, App.Claims.Claims.Count);
        Assert.Equal(connector, Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Post_WithValidTokenAndMalformedBody_Returns400()
    {
        var response = await App.PostAsync("{ this is not json", Tokens.Channel());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private bool BotAnswered(int writesBefore) =>
        Fake.ConnectorWrites.Skip(writesBefore).Any(r => r.Path == $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities");

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}

/// <summary>Key rotation gets its own fake so fetch counts are not shared with other tests.</summary>
public sealed class SigningKeyRefreshTests : IAsyncLifetime
{
    private TeamsHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Post_SignedWithRotatedKey_RefreshesMetadataOnceAndIsAccepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "hi"))).StatusCode);
        Assert.Equal(1, _host.Fake.JwksFetches("channel"));

        _host.Fake.AddChannelKey("rotated-key");
        var response = await _host.App.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "hi again"), _host.Tokens.Channel(keyId: "rotated-key"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _host.Fake.JwksFetches("channel"));
    }

    [Fact]
    public async Task Post_WithUnknownKidRepeatedly_RefreshesMetadataAtMostOnce()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "hi"))).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            var response = await _host.App.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "hi"), _host.Tokens.ChannelWithUnknownKey());
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, _host.Fake.JwksFetches("channel"));
    }
}

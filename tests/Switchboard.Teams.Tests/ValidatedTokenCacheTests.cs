using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Teams.Auth;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Tests;

/// <summary>A channel token that passed is accepted again without checking its signature, but never past its expiry.</summary>
public sealed class ValidatedTokenCacheTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeBotFramework _fake = null!;
    private TestTokens _tokens = null!;
    private BotAuthenticator _authenticator = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
        _authenticator = new BotAuthenticator(
            Options.Create(new BotCredentialsOptions { MicrosoftAppId = TeamsPayloads.AppId }),
            Options.Create(new TeamsOptions { OpenIdMetadataUrl = _fake.ChannelMetadataUrl, EmulatorOpenIdMetadataUrl = _fake.AzureAdMetadataUrl }),
            new PlainHttpClients(), _clock);
    }

    public async Task DisposeAsync()
    {
        _authenticator.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Authenticate_SameTokenAgain_IsAcceptedWithoutCheckingItsSignatureAgain()
    {
        var token = "Bearer " + _tokens.Channel();

        var first = await _authenticator.AuthenticateAsync(token, CancellationToken.None);
        var second = await _authenticator.AuthenticateAsync(token, CancellationToken.None);

        Assert.True(first.Succeeded, first.Reason);
        Assert.Equal(first, second);
        Assert.Equal(1, _authenticator.FullChecks);
    }

    [Fact]
    public async Task Authenticate_RememberedTokenNearItsExpiry_IsCheckedInFullAgain_AndRefusedOnceExpired()
    {
        var token = "Bearer " + _tokens.Channel(expiresIn: TimeSpan.FromMinutes(10));
        Assert.True((await _authenticator.AuthenticateAsync(token, CancellationToken.None)).Succeeded);

        _clock.Advance(TimeSpan.FromMinutes(9.5));
        Assert.True((await _authenticator.AuthenticateAsync(token, CancellationToken.None)).Succeeded);
        Assert.Equal(2, _authenticator.FullChecks);

        _clock.Advance(BotAuthenticator.ClockSkew + TimeSpan.FromMinutes(1));
        var expired = await _authenticator.AuthenticateAsync(token, CancellationToken.None);
        Assert.False(expired.Succeeded);
        Assert.Contains("expired", expired.Reason);
    }

    [Fact]
    public async Task Authenticate_RefusedToken_IsCheckedEveryTime()
    {
        var token = "Bearer " + _tokens.Channel(audience: "00000000-0000-0000-0000-00000000beef");

        Assert.False((await _authenticator.AuthenticateAsync(token, CancellationToken.None)).Succeeded);
        Assert.False((await _authenticator.AuthenticateAsync(token, CancellationToken.None)).Succeeded);

        Assert.Equal(2, _authenticator.FullChecks);
    }

    [Fact]
    public async Task Authenticate_RememberedToken_StillHasItsServiceUrlCheckedAgainstEachActivity()
    {
        var token = "Bearer " + _tokens.Channel();
        await _authenticator.AuthenticateAsync(token, CancellationToken.None);

        var again = await _authenticator.AuthenticateAsync(token, CancellationToken.None);

        Assert.NotNull(again.CheckActivity(new Activity { ServiceUrl = "https://smba.trafficmanager.net/emea/", ChannelId = "msteams" }));
        Assert.Null(again.CheckActivity(new Activity { ServiceUrl = _fake.ServiceUrl, ChannelId = "msteams" }));
    }

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}

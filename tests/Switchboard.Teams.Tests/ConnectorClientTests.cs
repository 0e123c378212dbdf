using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Schema;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class ConnectorClientTests
{
    private static readonly Activity Hello = new() { Type = ActivityTypes.Message, Text = "hello" };

    [Fact]
    public async Task Token_ForSeveralSends_IsFetchedOnceAndAttachedToEach()
    {
        await using var harness = await OutboundHarness.StartAsync();

        for (var i = 0; i < 3; i++)
            await harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None);

        var tokenRequest = Assert.Single(harness.Fake.TokenRequests);
        Assert.Equal("/botframework.com/oauth2/v2.0/token", tokenRequest.Path);
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body);
        Assert.Contains($"client_id={TeamsPayloads.AppId}", tokenRequest.Body);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenRequest.Body);
        Assert.Equal(3, harness.Fake.ConnectorWrites.Count);
        Assert.All(harness.Fake.ConnectorWrites, r => Assert.Equal("Bearer access-token-1", r.Authorization));
    }

    [Fact]
    public async Task Token_RequestedConcurrently_IsFetchedOnce()
    {
        await using var harness = await OutboundHarness.StartAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => harness.Tokens.GetTokenAsync(CancellationToken.None)));

        Assert.Single(harness.Fake.TokenRequests);
        Assert.All(tokens, t => Assert.Equal("access-token-1", t));
    }

    [Fact]
    public async Task Token_ShortlyBeforeExpiry_IsRefreshed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
        await using var harness = await OutboundHarness.StartAsync(time: clock);

        Assert.Equal("access-token-1", await harness.Tokens.GetTokenAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("access-token-1", await harness.Tokens.GetTokenAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("access-token-2", await harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Equal(2, harness.Fake.TokenRequests.Count);
    }

    [Fact]
    public async Task Token_ForSingleTenantBot_ComesFromTheTenantsEndpoint()
    {
        await using var harness = await OutboundHarness.StartAsync(s =>
        {
            s["MicrosoftAppType"] = "SingleTenant";
            s["MicrosoftAppTenantId"] = TeamsPayloads.TenantId;
        });

        await harness.Tokens.GetTokenAsync(CancellationToken.None);

        Assert.Equal($"/{TeamsPayloads.TenantId}/oauth2/v2.0/token", Assert.Single(harness.Fake.TokenRequests).Path);
    }

    [Fact]
    public async Task Send_ToUntrustedHost_IsRefusedWithoutAnyRequestOrToken()
    {
        await using var harness = await OutboundHarness.StartAsync(s => s["Teams:TrustedServiceHosts:0"] = "smba.trafficmanager.net");

        await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None));

        Assert.Empty(harness.Fake.Requests);
    }

    [Fact]
    public async Task Send_Throttled_WaitsForRetryAfterThenSucceeds()
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "1");
        var clock = Stopwatch.StartNew();

        var sent = await harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None);

        Assert.NotNull(sent.Id);
        var attempts = harness.Fake.ConnectorWrites;
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {attempts[1].At - attempts[0].At}");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task Send_PreconditionFailed_IsRetriedBecauseTheConnectorTookNothing()
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(HttpStatusCode.PreconditionFailed);
        harness.Fake.FailNext(HttpStatusCode.PreconditionFailed);

        var sent = await harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None);

        Assert.NotNull(sent.Id);
        Assert.Equal(3, harness.Fake.ConnectorWrites.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Update_ServerError_IsRetriedBecauseRepeatingAnUpdateChangesNothing(HttpStatusCode status)
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(status);
        harness.Fake.FailNext(status);

        await harness.Connector.UpdateActivityAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, "msg-1", Hello, CancellationToken.None);

        Assert.Equal(3, harness.Fake.ConnectorWrites.Count);
        Assert.All(harness.Fake.ConnectorWrites, r => Assert.Equal("PUT", r.Method));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Send_ServerError_IsNotPostedAgainBecauseTheActivityMayExist(HttpStatusCode status)
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(status);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(harness.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task Send_RetryAfterLongerThanAllowed_FailsWithoutWaiting()
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "3600");

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Single(harness.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task Send_Forbidden_IsNotRetriedAndCarriesTheErrorCode()
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.FailNext(HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Connector.SendToConversationAsync(harness.Fake.ServiceUrl, TeamsPayloads.PersonalConversationId, Hello, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("Throttled", error.ErrorCode);
        Assert.Single(harness.Fake.ConnectorWrites);
    }

    [Fact]
    public async Task GetMember_ReturnsTheEmail()
    {
        await using var harness = await OutboundHarness.StartAsync();
        harness.Fake.MemberEmails[TeamsPayloads.AgentId] = "alex.kim@contoso.example";

        var member = await harness.Connector.GetMemberAsync(harness.Fake.ServiceUrl, TeamsPayloads.ItChannelId, TeamsPayloads.AgentId, CancellationToken.None);
        var unknown = await harness.Connector.GetMemberAsync(harness.Fake.ServiceUrl, TeamsPayloads.ItChannelId, "29:nobody", CancellationToken.None);

        Assert.Equal("alex.kim@contoso.example", member!.Email);
        Assert.Null(unknown);
    }

    [Fact]
    public void RetryAfter_AsHttpDate_IsTheTimeUntilThatDate()
    {
        var now = DateTimeOffset.Parse("2026-03-02T09:00:00Z");
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), ConnectorClient.RetryAfter(response, now));
    }
}

public sealed class ServiceUrlTrustTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://europe.botframework.com/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/", true)]
    [InlineData("http://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://evil.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/", false)]
    [InlineData("https://botframework.com.evil.example/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/amer/", false)]
    [InlineData("https://user@smba.trafficmanager.net/amer/", false)]
    [InlineData("http://127.0.0.1:5000/", false)]
    [InlineData("not a url", false)]
    public void DefaultHosts_TrustOnlyTheConnectorHosts(string serviceUrl, bool trusted)
    {
        var trust = new ServiceUrlTrust(Microsoft.Extensions.Options.Options.Create(new TeamsOptions()));

        Assert.Equal(trusted, trust.IsTrusted(serviceUrl));
    }

    [Fact]
    public void LoopbackOrigin_IsTrustedOnlyOnItsPortWhenListed()
    {
        var trust = new ServiceUrlTrust(Microsoft.Extensions.Options.Options.Create(new TeamsOptions { TrustedServiceHosts = ["http://127.0.0.1:5000"] }));

        Assert.True(trust.IsTrusted("http://127.0.0.1:5000/amer/"));
        Assert.False(trust.IsTrusted("http://127.0.0.1:5001/amer/"));
        Assert.False(trust.IsTrusted("https://smba.trafficmanager.net/amer/"));
    }

    [Theory]
    [InlineData("*.trafficmanager.net")]
    [InlineData("*.azurewebsites.net")]
    [InlineData("http://evil.example")]
    [InlineData("*")]
    public void Pattern_ThatTrustsWhatAnyoneCanRegister_IsRejected(string pattern)
    {
        Assert.False(ServiceUrlTrust.TryParsePattern(pattern, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}

public sealed class ConversationPacerTests
{
    [Fact]
    public async Task EighthSendWithinOneSecond_WaitsUntilTheWindowFrees()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
        var pacer = new ConversationPacer(clock);

        for (var i = 0; i < 7; i++)
            Assert.True(pacer.WaitTurnAsync("19:thread", CancellationToken.None).IsCompletedSuccessfully);
        var eighth = pacer.WaitTurnAsync("19:thread", CancellationToken.None);
        var otherConversation = pacer.WaitTurnAsync("a:other", CancellationToken.None);

        Assert.False(eighth.IsCompleted);
        Assert.True(otherConversation.IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(eighth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await eighth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SixtyOneSendsInThirtySeconds_TheLastWaitsForTheOldest()
    {
        var start = DateTimeOffset.Parse("2026-03-02T09:00:00Z");
        // 60 sends spread 400 ms apart: within 7/1s and 8/2s, but the 61st hits 60/30s.
        var log = Enumerable.Range(0, 60).Select(i => start + TimeSpan.FromMilliseconds(400 * i)).ToList();
        var now = start + TimeSpan.FromMilliseconds(400 * 60);

        Assert.Equal(start + TimeSpan.FromSeconds(30) - now, ConversationPacer.WaitFor(log, now));
    }

    [Fact]
    public void ManyConversations_AtMostTheCapacityIsRemembered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
        using var pacer = new ConversationPacer(clock, capacity: 100);

        for (var i = 0; i < 5_000; i++)
            Assert.True(pacer.WaitTurnAsync($"a:chat-{i}", CancellationToken.None).IsCompletedSuccessfully);

        Assert.InRange(pacer.Count, 1, 100);
    }
}

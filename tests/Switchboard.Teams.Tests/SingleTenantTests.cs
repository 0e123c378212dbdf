using System.Net;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>A single-tenant bot also accepts Azure AD tokens issued by its own tenant, and only those.</summary>
public sealed class SingleTenantTests : IAsyncLifetime
{
    private const string OurTenant = TeamsPayloads.TenantId;
    private FakeBotFramework _fake = null!;
    private TestTokens _tokens = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("SingleTenant", HttpStatusCode.OK)]
    [InlineData("MultiTenant", HttpStatusCode.Unauthorized)]
    public async Task TokenFromOurOwnTenant_IsAcceptedOnlyBySingleTenantBots(string appType, HttpStatusCode expected)
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Recording, s =>
        {
            s["MicrosoftAppType"] = appType;
            s["MicrosoftAppTenantId"] = OurTenant;
        });
        var token = _tokens.Emulator("2.0", issuer: $"https://login.microsoftonline.com/{OurTenant}/v2.0");

        var response = await app.PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "help"), token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, app.Engine.Turns.Count);
    }
}

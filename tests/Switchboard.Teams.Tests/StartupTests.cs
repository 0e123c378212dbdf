using System.Net;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class StartupTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task StartUp_OutsideDevelopmentWithoutAppId_FailsNamingMicrosoftAppId()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TeamsTestApp.StartAsync(_fake, TestEngine.Real, s =>
        {
            s["Admin:ApiKey"] = "admin-key";
            s["MicrosoftAppId"] = "";
        }, environment: "Production"));

        Assert.Contains("MicrosoftAppId is empty", error.ToString());
    }

    [Fact]
    public async Task StartUp_OutsideDevelopmentWithAppIdButNoPassword_FailsNamingMicrosoftAppPassword()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TeamsTestApp.StartAsync(_fake, TestEngine.Real, s =>
        {
            s["Admin:ApiKey"] = "admin-key";
            s["MicrosoftAppPassword"] = "";
        }, environment: "Production"));

        Assert.Contains("MicrosoftAppPassword is empty", error.ToString());
    }

    [Fact]
    public async Task StartUp_SingleTenantWithoutTenant_FailsNamingMicrosoftAppTenantId()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TeamsTestApp.StartAsync(_fake, TestEngine.Real, s => s["MicrosoftAppType"] = "SingleTenant"));

        Assert.Contains("MicrosoftAppTenantId is empty", error.ToString());
    }

    [Fact]
    public async Task StartUp_TrustingEveryTrafficManagerHost_Fails()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TeamsTestApp.StartAsync(_fake, TestEngine.Real, s => s["Teams:TrustedServiceHosts:1"] = "*.trafficmanager.net"));

        Assert.Contains("Teams:TrustedServiceHosts", error.ToString());
    }

    [Fact]
    public async Task StartUp_OutsideDevelopmentFullyConfigured_RequiresATokenAtTheEndpoint()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, s =>
        {
            s["Admin:ApiKey"] = "admin-key";
            s["Teams:AllowedTenants:0"] = TeamsPayloads.TenantId;
        }, environment: "Production");

        var response = await app.PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "help"), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Development_WithoutAppId_TakesEmulatorTrafficWithoutTokens()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, s =>
        {
            s["MicrosoftAppId"] = "";
            s["MicrosoftAppPassword"] = "";
            s["Teams:TrustedServiceHosts:0"] = "smba.trafficmanager.net";
        });
        var message = TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "help").Replace("\"msteams\"", "\"emulator\"");

        var response = await app.PostAsync(message, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_fake.ConnectorWrites);
        Assert.Null(reply.Authorization);
        Assert.Empty(_fake.TokenRequests);
    }

    [Fact]
    public async Task TeamsDisabled_OutsideDevelopment_NeedsNoBotCredentialsAndMapsNoEndpoint()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, s =>
        {
            s["Admin:ApiKey"] = "admin-key";
            s["Teams:Enabled"] = "false";
            s["MicrosoftAppId"] = "";
            s["MicrosoftAppPassword"] = "";
        }, environment: "Production");

        var response = await app.PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "help"), token: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_fake.ConnectorWrites);
    }

    [Fact]
    public async Task StartUp_OutsideDevelopmentWithoutAllowedTenants_FailsNamingTeamsAllowedTenants()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TeamsTestApp.StartAsync(_fake, TestEngine.Real, s => s["Admin:ApiKey"] = "admin-key", environment: "Production"));

        Assert.Contains("Teams:AllowedTenants is empty", error.ToString());
    }
}

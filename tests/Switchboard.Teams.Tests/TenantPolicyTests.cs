using System.Net;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

public sealed class TenantPolicyTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Post_FromATenantNotAllowed_Returns403AndHasNoSideEffect()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, s => s["Teams:AllowedTenants:0"] = "11111111-2222-3333-4444-555555555555");
        var tokens = new TestTokens(_fake, TeamsPayloads.AppId);

        var response = await app.PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "My VPN drops every call"), tokens.Channel());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not allowed to use this bot", await response.Content.ReadAsStringAsync());
        Assert.Empty(_fake.ConnectorWrites);
        Assert.Empty(app.State.Writes);
        Assert.Empty(app.Claims.Claims);
    }

    [Fact]
    public async Task Post_FromAnAllowedTenant_IsHandled()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, s => s["Teams:AllowedTenants:0"] = TeamsPayloads.TenantId);
        var tokens = new TestTokens(_fake, TeamsPayloads.AppId);

        var response = await app.PostAsync(TeamsPayloads.PersonalMessage(_fake.ServiceUrl, "help"), tokens.Channel());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(_fake.ConnectorWrites);
    }

    [Fact]
    public async Task Invoke_WhoseValueIsNotAnObject_Returns400InTheInvokeBody()
    {
        await using var app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real);
        var tokens = new TestTokens(_fake, TeamsPayloads.AppId);
        var invoke = TeamsPayloads.CardAction(_fake.ServiceUrl, "ticket.assign-me", new System.Text.Json.Nodes.JsonObject(), "1700000000001");

        var response = await app.PostAsync(FixArrayValue(invoke), tokens.Channel());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"statusCode\":400", await response.Content.ReadAsStringAsync());
    }

    // Turns the invoke's object "value" into an array holding it, as a malformed client might send.
    private static string FixArrayValue(string invoke)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(invoke)!.AsObject();
        var value = json["value"]!.DeepClone();
        json["value"] = new System.Text.Json.Nodes.JsonArray(value);
        return json.ToJsonString();
    }
}

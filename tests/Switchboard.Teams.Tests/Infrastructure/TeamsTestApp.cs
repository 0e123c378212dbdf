using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>
/// The Teams channel hosted on a test server with a scripted engine and recording stores: what the
/// adapter turns each activity into, and what it stores and sends.
/// </summary>
public sealed class TeamsTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TeamsTestApp(WebApplication app, RecordingEngine engine, RecordingStateStore state, RecordingIdempotencyStore claims)
    {
        _app = app;
        Engine = engine;
        State = state;
        Claims = claims;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public RecordingEngine Engine { get; }
    public RecordingStateStore State { get; }
    public RecordingIdempotencyStore Claims { get; }
    public IServiceProvider Services => _app.Services;

    public static Dictionary<string, string?> DefaultSettings(FakeBotFramework fake) => new()
    {
        ["MicrosoftAppType"] = "MultiTenant",
        ["MicrosoftAppId"] = TeamsPayloads.AppId,
        ["MicrosoftAppPassword"] = "test-client-secret",
        ["MicrosoftAppTenantId"] = "",
        ["Teams:OpenIdMetadataUrl"] = fake.ChannelMetadataUrl,
        ["Teams:EmulatorOpenIdMetadataUrl"] = fake.AzureAdMetadataUrl,
        ["Teams:TokenEndpoint"] = fake.TokenEndpoint,
        ["Teams:TrustedServiceHosts:0"] = fake.BaseUrl,
        ["Teams:RetryBaseDelay"] = "00:00:00.050",
        ["InternalTeams:Teams:0:Id"] = "it",
        ["InternalTeams:Teams:0:Name"] = "IT Support",
        ["InternalTeams:Teams:1:Id"] = "hr",
        ["InternalTeams:Teams:1:Name"] = "People & HR",
    };

    public static async Task<TeamsTestApp> StartAsync(FakeBotFramework fake, Action<Dictionary<string, string?>>? configure = null, string environment = "Development")
    {
        var settings = DefaultSettings(fake);
        configure?.Invoke(settings);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);

        var engine = new RecordingEngine();
        var state = new RecordingStateStore(new MemoryStateStore());
        var claims = new RecordingIdempotencyStore(new MemoryIdempotencyStore(TimeProvider.System));
        builder.Services.AddSingleton<IStateStore>(state);
        builder.Services.AddSingleton<IIdempotencyStore>(claims);
        builder.Services.AddSingleton<IConversationEngine>(engine);
        builder.Services.AddOptions<InternalTeamsOptions>().BindConfiguration(InternalTeamsOptions.Section);
        builder.AddTeamsChannel();

        var app = builder.Build();
        app.MapTeamsChannel();
        await app.StartAsync();
        return new TeamsTestApp(app, engine, state, claims);
    }

    public Task<HttpResponseMessage> PostAsync(string activityJson, string? token) =>
        PostAsync(activityJson, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    public async Task<HttpResponseMessage> PostAsync(string activityJson, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activityJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

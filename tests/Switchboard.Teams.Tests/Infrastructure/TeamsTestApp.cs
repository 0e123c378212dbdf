using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>Which engine answers the turns.</summary>
public enum TestEngine
{
    /// <summary>The real conversation engine, as the host wires it.</summary>
    Real,
    /// <summary>A scripted engine that records turns: what the adapter makes of each activity.</summary>
    Recording,
}

/// <summary>
/// The real host (<see cref="WebApplicationFactory{TEntryPoint}"/> over <c>Program</c>) pointed at the fake
/// Bot Framework, with recording state and idempotency stores so tests can assert what was stored.
/// </summary>
public sealed class TeamsTestApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private TeamsTestApp(WebApplicationFactory<Program> factory, RecordingEngine engine, RecordingStateStore state, RecordingIdempotencyStore claims)
    {
        _factory = factory;
        Engine = engine;
        State = state;
        Claims = claims;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    /// <summary>Turns seen when the app runs with <see cref="TestEngine.Recording"/>.</summary>
    public RecordingEngine Engine { get; }

    public RecordingStateStore State { get; }
    public RecordingIdempotencyStore Claims { get; }
    public IServiceProvider Services => _factory.Services;

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
    };

    public static Task<TeamsTestApp> StartAsync(FakeBotFramework fake, TestEngine engine = TestEngine.Recording,
        Action<Dictionary<string, string?>>? configure = null, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        var settings = DefaultSettings(fake);
        configure?.Invoke(settings);
        var recordingEngine = new RecordingEngine();
        var state = new RecordingStateStore(new MemoryStateStore());
        var claims = new RecordingIdempotencyStore(new MemoryIdempotencyStore(TimeProvider.System));

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment(environment);
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(registered =>
            {
                registered.AddSingleton<IStateStore>(state);
                registered.AddSingleton<IIdempotencyStore>(claims);
                if (engine == TestEngine.Recording) registered.AddSingleton<IConversationEngine>(recordingEngine);
                services?.Invoke(registered);
            });
        });
        try
        {
            return Task.FromResult(new TeamsTestApp(factory, recordingEngine, state, claims));
        }
        catch
        {
            factory.Dispose();
            throw;
        }
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
        await _factory.DisposeAsync();
    }
}

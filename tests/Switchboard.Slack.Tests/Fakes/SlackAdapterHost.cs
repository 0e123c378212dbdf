using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>
/// Just the Slack channel on a test server, with a recording engine in place of the real one, so the adapter's
/// translation (wire → Turn) and the gateway (message → Web API) can be asserted exactly.
/// </summary>
public sealed class SlackAdapterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlackAdapterHost(WebApplication app, FakeSlackApi api, RecordingEngine engine, RecordingWorkQueue queue)
    {
        _app = app;
        Api = api;
        Engine = engine;
        Queue = queue;
        Client = app.GetTestClient();
    }

    public FakeSlackApi Api { get; }

    /// <summary>The durable work queue the handlers store turns in (in memory here).</summary>
    public RecordingWorkQueue Queue { get; }

    public RecordingEngine Engine { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the host; with <paramref name="socketMode"/>, the fake Web API hands out that server's Socket Mode connections.</summary>
    public static async Task<SlackAdapterHost> StartAsync(TimeProvider? time = null, IDictionary<string, string?>? settings = null, FakeSocketModeServer? socketMode = null)
    {
        var api = await FakeSlackApi.StartAsync();
        api.SocketMode = socketMode;
        api.Users["U0REQUESTER"] = ("Maya Patel", "maya.patel@contoso.example");
        api.Users["UAGENT"] = ("Alex Kim", "alex.kim@contoso.example");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackSigner.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = api.BaseUrl,
            ["Slack:MaxBodyBytes"] = "16384",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);

        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IStateStore, MemoryStateStore>();
        builder.Services.AddSingleton<IPeopleStore, MemoryPeopleStore>();
        builder.Services.AddSingleton(new PeopleOptions());
        builder.Services.AddSingleton<PeopleDirectory>();
        builder.Services.AddOptions<ServiceTeamsOptions>().Configure(o => o.Teams.AddRange(
        [
            new ServiceTeamOptions { Id = "it", Name = "IT Support", TicketPrefix = "IT", Description = "Laptops" },
            new ServiceTeamOptions { Id = "hr", Name = "People & HR", TicketPrefix = "HR", Description = "Leave" },
        ]));
        var engine = new RecordingEngine();
        builder.Services.AddSingleton<IConversationEngine>(engine);
        // The adapter maps entry points through the module registry; the engine that would answer is recorded.
        builder.Services.AddSingleton(sp => new TeamDirectory(sp.GetRequiredService<IOptions<ServiceTeamsOptions>>().Value));
        builder.Services.AddSingleton<IntentForms>().AddModule<RequestsModule>();
        builder.Services.AddSingleton<IIdempotencyStore>(new MemoryIdempotencyStore(TimeProvider.System));
        // The queue and its processor keep real time: a test's clock is for the Slack client under test.
        var queue = new RecordingWorkQueue(new MemoryWorkQueue(TimeProvider.System, new WorkQueueOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(50) }));
        builder.Services.AddSingleton<IWorkQueue>(queue);
        builder.Services.AddSingleton(sp => new WorkProcessor(queue, sp.GetServices<IWorkHandler>(), new WorkProcessorOptions(),
            TimeProvider.System, sp.GetRequiredService<ILogger<WorkProcessor>>()));
        builder.Services.AddHostedService<ProcessorService>();
        builder.AddSlackChannel();

        var app = builder.Build();
        app.MapSlackChannel();
        await app.StartAsync();
        return new SlackAdapterHost(app, api, engine, queue);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>Runs the work processor, as the host does.</summary>
    private sealed class ProcessorService(WorkProcessor processor) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => processor.RunAsync(stoppingToken);
    }
}

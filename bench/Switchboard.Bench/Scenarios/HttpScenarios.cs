using System.Net.Http.Json;

namespace Switchboard.Bench.Scenarios;

/// <summary><c>GET /healthz</c>: the host's HTTP pipeline with no storage; every other scenario's yardstick.</summary>
public sealed class BaselineScenario(HttpClient http) : IScenario
{
    public string Name => "baseline";
    public string Baseline => "baseline";
    public string Operation => "GET /healthz";

    public int Workers(int requested) => requested;

    public Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/healthz", cancellationToken);
        await HttpChecks.EnsureOkAsync(response, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary><c>POST /api/routing/preview</c> with varied request texts: JSON in and out plus the router, no storage.</summary>
public sealed class RoutingPreviewScenario(HttpClient http) : IScenario
{
    private long _next;

    public string Name => "routing-preview";
    public string Baseline => "baseline";
    public string Operation => "POST /api/routing/preview";

    public int Workers(int requested) => requested;

    public Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
    {
        var texts = RequestTexts.All;
        var text = texts[(int)(Interlocked.Increment(ref _next) % texts.Count)];
        using var response = await http.PostAsJsonAsync("/api/routing/preview", new { text }, cancellationToken);
        await HttpChecks.EnsureOkAsync(response, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal static class HttpChecks
{
    public static async Task EnsureOkAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            // Read the body so the measured time includes receiving it, as a real client would.
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new BenchFailure($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {Truncate(body)}");
    }

    public static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}

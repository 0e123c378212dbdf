using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Testing;

/// <summary>One Web API call the fake received.</summary>
public sealed record SlackApiCall(string Method, JsonObject Body, string? Authorization, DateTimeOffset At)
{
    /// <summary>What the fake answered (set once answered; null for scripted failures).</summary>
    public JsonObject? Answer { get; set; }

    public string? Str(string name) => Body[name]?.GetValue<string>();

    /// <summary>All the text in the call's blocks (and its fallback text), for loose content assertions.</summary>
    public string AllText => Body.ToJsonString();

    /// <summary>The button values in the call's blocks.</summary>
    public IEnumerable<JsonObject> Buttons =>
        (Body["blocks"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "actions")
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>());
}

/// <summary>
/// A loopback Kestrel app that answers like the Slack Web API (<c>POST /api/{method}</c>) and records every call.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackApiCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripted = new();
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _ts = 1_700_000_000_000100;

    private FakeSlackApi(WebApplication app) => _app = app;

    /// <summary>users.info answers, by user id.</summary>
    public ConcurrentDictionary<string, (string Name, string? Email)> Users { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<SlackApiCall> Calls => _calls.ToArray();

    public IEnumerable<SlackApiCall> CallsTo(string method) => _calls.Where(c => c.Method == method);

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.MapPost("/api/{method}", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/') + "/api/";
        return fake;
    }

    /// <summary>
    /// Decides for each call (after any scripted answer) whether Slack fails it instead of doing it: null does it.
    /// A failed call is recorded without an <see cref="SlackApiCall.Answer"/>: it had no effect.
    /// </summary>
    public Func<SlackApiCall, SlackFault?>? Faults { get; set; }

    /// <summary>When set, <c>apps.connections.open</c> is answered by this Socket Mode server (as slack.com answers both).</summary>
    public FakeSocketModeServer? SocketMode { get; set; }

    /// <summary>How long the fake waits after doing a call before it answers (a slow network: the caller may give up on a call that was done).</summary>
    public Func<SlackApiCall, TimeSpan>? AnswerDelay { get; set; }

    /// <summary>The calls Slack did (answered <c>ok</c>), as opposed to those it failed.</summary>
    public IEnumerable<SlackApiCall> Done(string method) => CallsTo(method).Where(c => c.Answer?["ok"]?.GetValue<bool>() == true);

    /// <summary>The next call to <paramref name="method"/> answers 429 with <c>Retry-After</c>.</summary>
    public void RateLimitNext(string method, int retryAfterSeconds) =>
        Script(method, async context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("");
        });

    /// <summary>The next call to <paramref name="method"/> answers <c>{"ok":false,"error":...}</c>.</summary>
    public void FailNext(string method, string error) =>
        Script(method, context => context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = error }));

    /// <summary>The next call to <paramref name="method"/> answers exactly <paramref name="answer"/> (HTTP 200).</summary>
    public void AnswerNext(string method, JsonObject answer) =>
        Script(method, context => context.Response.WriteAsJsonAsync(answer));

    /// <summary>
    /// Calls to <paramref name="method"/> are recorded but never answered (Slack hanging): each waits until its caller
    /// gives up or goes away, or the fake stops.
    /// </summary>
    public void Hold(string method) => _held[method] = true;

    /// <summary>Waits until <paramref name="predicate"/> holds for the recorded calls (background work is asynchronous).</summary>
    public async Task<IReadOnlyList<SlackApiCall>> WaitForAsync(Func<IReadOnlyList<SlackApiCall>, bool> predicate, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var calls = Calls;
            if (predicate(calls)) return calls;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Timed out waiting for {what}. Calls: {string.Join(" | ", Calls.Select(c => c.Method + " " + c.Body.ToJsonString()))}");
    }

    public Task<SlackApiCall> WaitForCallAsync(string method, Func<SlackApiCall, bool>? match = null, int timeoutMs = 10_000) =>
        WaitForAsync(calls => calls.Any(c => c.Method == method && (match?.Invoke(c) ?? true)), method, timeoutMs)
            .ContinueWith(t => t.Result.Last(c => c.Method == method && (match?.Invoke(c) ?? true)), TaskScheduler.Default);

    private void Script(string method, Func<HttpContext, Task> answer) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue(answer);

    private async Task HandleAsync(HttpContext context, string method)
    {
        // apps.connections.open is posted as an empty form; every other method as JSON.
        var body = context.Request.HasJsonContentType() ? await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [] : [];
        var call = new SlackApiCall(method, body, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow);
        _calls.Enqueue(call);

        if (_held.ContainsKey(method))
        {
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, gone.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            await scripted(context);
            return;
        }
        if (Faults?.Invoke(call) is { } fault)
        {
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("");
            return;
        }

        JsonObject answer = method switch
        {
            "chat.postMessage" => new() { ["channel"] = body["channel"]?.DeepClone(), ["ts"] = NextTs(), ["message"] = new JsonObject { ["text"] = body["text"]?.DeepClone() } },
            "chat.update" => new() { ["channel"] = body["channel"]?.DeepClone(), ["ts"] = body["ts"]?.DeepClone() },
            "chat.postEphemeral" => new() { ["message_ts"] = NextTs() },
            "views.open" => new() { ["view"] = new JsonObject { ["id"] = "V" + Interlocked.Increment(ref _ts) } },
            "views.publish" => new() { ["view"] = new JsonObject { ["id"] = "V" + Interlocked.Increment(ref _ts), ["type"] = "home" } },
            "conversations.open" => new() { ["channel"] = new JsonObject { ["id"] = "D" + body["users"]?.GetValue<string>() } },
            "users.info" => UserInfo(body["user"]?.GetValue<string>() ?? ""),
            "apps.connections.open" when SocketMode is not null => SocketMode.OpenConnection(call.Authorization),
            _ => new() { ["ok"] = false, ["error"] = "unknown_method" },
        };
        answer.TryAdd("ok", true);
        call.Answer = answer;
        if (AnswerDelay?.Invoke(call) is { } delay && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject UserInfo(string id)
    {
        if (!Users.TryGetValue(id, out var user)) return new() { ["ok"] = false, ["error"] = "user_not_found" };
        return new()
        {
            ["user"] = new JsonObject
            {
                ["id"] = id,
                ["name"] = user.Name.ToLowerInvariant().Replace(' ', '.'),
                ["real_name"] = user.Name,
                ["tz"] = "Europe/Berlin",
                ["is_bot"] = false,
                ["profile"] = new JsonObject { ["display_name"] = user.Name, ["real_name"] = user.Name, ["email"] = user.Email },
            },
        };
    }

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _ts);
        return (value / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>A failure the fake answers with instead of doing a call: an HTTP status, and for a 429 its <c>Retry-After</c>.</summary>
public sealed record SlackFault(int Status, int? RetryAfterSeconds = null);

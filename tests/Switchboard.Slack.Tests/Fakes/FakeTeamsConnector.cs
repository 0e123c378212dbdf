using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>One Connector request the fake received.</summary>
public sealed record ConnectorCall(string Method, string Path, JsonNode? Body)
{
    /// <summary>The activity id the fake answered with.</summary>
    public string? AnswerId { get; set; }

    public string AllText => Body?.ToJsonString() ?? "";
}

/// <summary>
/// A loopback stand-in for the Bot Framework Connector (Teams' outbound API): creates channel threads, takes
/// activities and updates, answers member look-ups with e-mail addresses, and records everything.
/// </summary>
public sealed class FakeTeamsConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private int _ids = 1000;

    private FakeTeamsConnector(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The service URL activities carry and the Connector is called at.</summary>
    public string ServiceUrl => BaseUrl + "/amer/";

    /// <summary>Member e-mail addresses by Teams user id.</summary>
    public ConcurrentDictionary<string, (string Name, string Email)> Members { get; } = new();

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToArray();

    public static async Task<FakeTeamsConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTeamsConnector(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = _calls.LastOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Timed out waiting for {what}. Connector calls: {string.Join(" | ", Calls.Select(c => $"{c.Method} {c.Path}"))}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Method is "POST" or "PUT"
            ? await JsonNode.ParseAsync(context.Request.Body)
            : null;
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        var call = new ConnectorCall(context.Request.Method, path, body);
        _calls.Enqueue(call);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var v3 = Array.IndexOf(segments, "v3");
        var rest = v3 < 0 ? [] : segments[(v3 + 1)..];

        JsonObject answer;
        if (context.Request.Method == "POST" && rest is ["conversations"])
        {
            var id = Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var channel = body?["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? "a:conversation";
            answer = new JsonObject { ["id"] = $"{channel};messageid={id}", ["activityId"] = id };
        }
        else if (context.Request.Method == "GET" && rest is ["conversations", _, "members", var user] && Members.TryGetValue(user, out var member))
        {
            answer = new JsonObject { ["id"] = user, ["name"] = member.Name, ["email"] = member.Email, ["userPrincipalName"] = member.Email };
        }
        else if (context.Request.Method == "GET")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        else if (context.Request.Method == "PUT" && rest is ["conversations", _, "activities", var activityId])
        {
            answer = new JsonObject { ["id"] = activityId };
        }
        else
        {
            answer = new JsonObject { ["id"] = Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        call.AnswerId = answer["activityId"]?.GetValue<string>() ?? answer["id"]?.GetValue<string>();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

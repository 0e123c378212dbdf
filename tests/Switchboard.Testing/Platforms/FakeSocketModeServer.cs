using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Testing;

/// <summary>An envelope the fake sent: its id, type and payload, on which connection, and the how-many-th try it was.</summary>
public sealed record SentEnvelope(string EnvelopeId, string Type, JsonObject Payload, bool AcceptsResponsePayload, int Connection, int RetryAttempt, DateTimeOffset SentAt);

/// <summary>An acknowledgement the fake received: for which envelope, with what payload, on which connection, how long after the send.</summary>
public sealed record ReceivedAck(string EnvelopeId, JsonObject? Payload, int Connection, TimeSpan After);

/// <summary>
/// Slack's side of Socket Mode on loopback (Kestrel with WebSockets): <c>POST /api/apps.connections.open</c> hands out
/// single-use <c>ws://</c> URLs to callers with the app-level token <see cref="AppToken"/>, <c>/link</c> accepts the
/// WebSocket and says hello. Tests send envelopes, see the acknowledgements (and their payloads and timing), ask for a
/// refresh (<c>disconnect</c>), or drop a connection. Like Slack, an envelope left unacknowledged on a connection that
/// closes is sent again, with <c>retry_attempt</c> raised, on the next open connection.
/// </summary>
public sealed class FakeSocketModeServer : IAsyncDisposable
{
    public const string AppToken = "xapp-1-A0SWITCHBD-1-fakeapptoken";
    public const string AppId = "A0SWITCHBD";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tickets = new(StringComparer.Ordinal);
    private readonly List<FakeSocketConnection> _connections = [];
    private readonly ConcurrentQueue<SentEnvelope> _sent = new();
    private readonly ConcurrentQueue<ReceivedAck> _acks = new();
    private readonly ConcurrentQueue<ReceivedAck> _discarded = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _opens;
    private int _envelopes;

    private FakeSocketModeServer(WebApplication app) => _app = app;

    /// <summary>The Web API base URL serving <c>apps.connections.open</c> (point <c>Slack:ApiBaseUrl</c> here, or use <see cref="FakeSlackApi.SocketMode"/>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Calls to <c>apps.connections.open</c>, with the Authorization header each carried.</summary>
    public ConcurrentQueue<string> OpenCalls { get; } = new();

    /// <summary>Every connection that said hello, in order (numbered from 1).</summary>
    public IReadOnlyList<FakeSocketConnection> Connections
    {
        get { lock (_connections) return [.. _connections]; }
    }

    public IReadOnlyList<SentEnvelope> Sent => _sent.ToArray();

    public IReadOnlyList<ReceivedAck> Acks => _acks.ToArray();

    /// <summary>
    /// While set, acknowledgements are received but count for nothing (kept in <see cref="Discarded"/>): as if they
    /// had never been sent, the way a host that dies between storing an envelope and acknowledging it looks to Slack.
    /// </summary>
    public bool DiscardAcks { get; set; }

    /// <summary>Acknowledgements that arrived while <see cref="DiscardAcks"/> was set.</summary>
    public IReadOnlyList<ReceivedAck> Discarded => _discarded.ToArray();

    /// <summary>How long an envelope left unacknowledged by a closed connection waits for another connection to be sent on.</summary>
    public TimeSpan RedeliveryWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When set, <c>apps.connections.open</c> answers this error instead of a URL (<c>null</c>: works).</summary>
    public string? OpenError { get; set; }

    public static async Task<FakeSocketModeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSocketModeServer(app);
        app.UseWebSockets();
        app.MapPost("/api/apps.connections.open", (HttpContext context) =>
            Results.Text(fake.OpenConnection(context.Request.Headers.Authorization.ToString()).ToJsonString(), "application/json"));
        app.Map("/link", fake.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/') + "/api/";
        return fake;
    }

    /// <summary>The answer of <c>apps.connections.open</c> for a caller presenting <paramref name="authorization"/>.</summary>
    public JsonObject OpenConnection(string? authorization)
    {
        OpenCalls.Enqueue(authorization ?? "");
        if (authorization != $"Bearer {AppToken}") return new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" };
        if (OpenError is { } error) return new JsonObject { ["ok"] = false, ["error"] = error };
        var ticket = $"ticket-{Interlocked.Increment(ref _opens)}-{Guid.NewGuid():N}";
        _tickets[ticket] = true;
        var socket = BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal).Replace("/api/", "/link/", StringComparison.Ordinal);
        return new JsonObject { ["ok"] = true, ["url"] = $"{socket}?ticket={ticket}" };
    }

    /// <summary>
    /// Sends an envelope on <paramref name="on"/> (by default the newest open connection, or the next one when that
    /// closes before the envelope goes out) and returns its id.
    /// </summary>
    public async Task<string> SendAsync(string type, JsonObject payload, bool acceptsResponsePayload, FakeSocketConnection? on = null,
        string? envelopeId = null, int retryAttempt = 0, string? retryReason = null)
    {
        var id = envelopeId ?? $"env-{Interlocked.Increment(ref _envelopes):D4}-{Guid.NewGuid():N}";
        var envelope = new JsonObject
        {
            ["envelope_id"] = id,
            ["type"] = type,
            ["payload"] = payload.DeepClone(),
            ["accepts_response_payload"] = acceptsResponsePayload,
            ["retry_attempt"] = retryAttempt,
            ["retry_reason"] = retryReason ?? "",
        };
        FakeSocketConnection? closed = null;
        while (true)
        {
            var connection = on ?? await WaitForOpenConnectionAsync(except: closed);
            // Recorded only once the connection is known to be open, and before anything can close it: an envelope on a
            // connection that then closes is in the record its redelivery reads.
            var sent = await connection.TrySendAsync(envelope, () =>
                _sent.Enqueue(new SentEnvelope(id, type, payload, acceptsResponsePayload, connection.Number, retryAttempt, DateTimeOffset.UtcNow)));
            if (sent) return id;
            if (on is not null) throw new WebSocketException(WebSocketError.InvalidState, $"Connection {on.Number} has closed.");
            closed = connection;
        }
    }

    /// <summary>Sends the envelope again as Slack does when its acknowledgement did not arrive in time.</summary>
    public Task<string> RetryAsync(string envelopeId, string reason = "timeout", FakeSocketConnection? on = null)
    {
        var last = _sent.Last(s => s.EnvelopeId == envelopeId);
        return SendAsync(last.Type, last.Payload, last.AcceptsResponsePayload, on, envelopeId, last.RetryAttempt + 1, reason);
    }

    public IReadOnlyList<ReceivedAck> AcksFor(string envelopeId) => _acks.Where(a => a.EnvelopeId == envelopeId).ToList();

    /// <summary>The first acknowledgement of <paramref name="envelopeId"/> (after <paramref name="count"/> - 1 others).</summary>
    public async Task<ReceivedAck> WaitForAckAsync(string envelopeId, int count = 1, int timeoutMs = 10_000)
    {
        await WaitUntilAsync(() => AcksFor(envelopeId).Count >= count, $"ack {count} of {envelopeId}", timeoutMs);
        return AcksFor(envelopeId)[count - 1];
    }

    /// <summary>Waits until <paramref name="count"/> connections have said hello since the start, and returns the last of them.</summary>
    public async Task<FakeSocketConnection> WaitForConnectionAsync(int count, int timeoutMs = 10_000)
    {
        await WaitUntilAsync(() => Connections.Count >= count, $"{count} connection(s)", timeoutMs);
        return Connections[count - 1];
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}. Connections: {string.Join(", ", Connections.Select(c => $"{c.Number}{(c.IsOpen ? " open" : " closed")}"))}; " +
                                           $"sent: {string.Join(", ", Sent.Select(s => $"{s.EnvelopeId}@{s.Connection}#{s.RetryAttempt}"))}; acks: {string.Join(", ", Acks.Select(a => $"{a.EnvelopeId}@{a.Connection}"))}");
            await Task.Delay(10);
        }
    }

    private async Task<FakeSocketConnection> WaitForOpenConnectionAsync(FakeSocketConnection? except, int timeoutMs = 10_000)
    {
        FakeSocketConnection? open = null;
        await WaitUntilAsync(() => (open = Connections.LastOrDefault(c => c.IsOpen && c != except)) is not null, "an open connection", timeoutMs);
        return open!;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || !_tickets.TryRemove(ticket, out _))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeSocketConnection connection;
        int open;
        lock (_connections)
        {
            connection = new FakeSocketConnection(_connections.Count + 1, socket, context);
            _connections.Add(connection);
            open = _connections.Count(c => c.IsOpen);
        }
        connection.OpenAtHello = open;
        await connection.SendAsync(new JsonObject
        {
            ["type"] = "hello",
            ["num_connections"] = open,
            ["connection_info"] = new JsonObject { ["app_id"] = AppId },
            ["debug_info"] = new JsonObject { ["host"] = "fake-socket-mode", ["approximate_connection_time"] = 18060 },
        });
        await ReceiveAsync(connection, socket);
        await connection.MarkClosedAsync();
        // Slack sends what this connection left unacknowledged again, elsewhere.
        await RedeliverAsync(connection);
    }

    private async Task ReceiveAsync(FakeSocketConnection connection, WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult frame;
                do
                {
                    frame = await socket.ReceiveAsync(buffer, _stopping.Token);
                    if (frame.MessageType == WebSocketMessageType.Close)
                    {
                        await connection.AnswerCloseAsync(_stopping.Token);
                        return;
                    }
                    message.Write(buffer, 0, frame.Count);
                } while (!frame.EndOfMessage);

                var ack = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray())) as JsonObject;
                if (ack?["envelope_id"]?.GetValue<string>() is not { } id) continue;
                var sent = _sent.LastOrDefault(s => s.EnvelopeId == id && s.Connection == connection.Number);
                (DiscardAcks ? _discarded : _acks).Enqueue(new ReceivedAck(id, ack["payload"] as JsonObject, connection.Number,
                    sent is null ? TimeSpan.Zero : DateTimeOffset.UtcNow - sent.SentAt));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // Dropped by a test, by the client, or the fake is stopping.
        }
    }

    private async Task RedeliverAsync(FakeSocketConnection closed)
    {
        if (_stopping.IsCancellationRequested) return;
        var unacknowledged = _sent
            .Where(s => s.Connection == closed.Number)
            .GroupBy(s => s.EnvelopeId)
            .Where(g => !_acks.Any(a => a.EnvelopeId == g.Key))
            .Select(g => g.Key)
            .ToList();
        foreach (var id in unacknowledged)
        {
            try
            {
                await RetryAsync(id, "connection_closed", await WaitForOpenConnectionAsync(except: closed, (int)RedeliveryWait.TotalMilliseconds));
            }
            catch (Exception ex) when (ex is TimeoutException or WebSocketException or ObjectDisposedException)
            {
                // No connection came back: the test that dropped it sees the envelope unanswered.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var connection in Connections.Where(c => c.IsOpen)) connection.Drop();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One WebSocket the fake accepted.</summary>
public sealed class FakeSocketConnection(int number, WebSocket socket, HttpContext context)
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Number { get; } = number;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>How many of the app's connections were open (this one included) when this one said hello.</summary>
    public int OpenAtHello { get; internal set; }

    /// <summary>Completes when the connection has closed, whoever closed it.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Slack's warning that it will close this connection (<c>refresh_requested</c>, <c>warning</c>, <c>link_disabled</c>).</summary>
    public Task DisconnectAsync(string reason = "refresh_requested") =>
        SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "fake-socket-mode" } });

    /// <summary>Closes the connection from Slack's side, with close frames.</summary>
    public async Task CloseAsync()
    {
        await _sending.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "refresh", CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame (a network failure).</summary>
    public void Drop()
    {
        try
        {
            context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // It closed on its own meanwhile.
        }
    }

    internal async Task SendAsync(JsonObject message)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> unless the connection has closed (false). <paramref name="sending"/> runs just
    /// before, under the lock closing takes too. A send the closing connection breaks counts as sent: Slack sends it
    /// again elsewhere, as it does everything left unacknowledged there.
    /// </summary>
    internal async Task<bool> TrySendAsync(JsonObject message, Action sending)
    {
        await _sending.WaitAsync();
        try
        {
            if (!IsOpen || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return false;
            sending();
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            return true;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Answers the client's close frame; not while a send is under way, which a WebSocket does not allow.</summary>
    internal async Task AnswerCloseAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(CancellationToken.None);
        try
        {
            if (socket.State == WebSocketState.CloseReceived) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Marks the connection closed once no send is under way: nothing is recorded on it afterwards.</summary>
    internal async Task MarkClosedAsync()
    {
        await _sending.WaitAsync();
        try
        {
            _closed.TrySetResult();
        }
        finally
        {
            _sending.Release();
        }
    }
}

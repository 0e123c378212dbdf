using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.SocketMode;

/// <summary>
/// One Socket Mode WebSocket: waits for Slack's <c>hello</c>, then hands each envelope to the
/// <see cref="SlackEnvelopeDispatcher"/> (envelopes run side by side: a modal waiting for its turn holds up no one)
/// and acknowledges it on this connection once it is stored, with the response payload where Slack takes one. An
/// envelope whose turn could not be stored is left unacknowledged, so that Slack delivers it again.
/// </summary>
internal sealed partial class SlackSocketConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly SlackEnvelopeDispatcher _dispatcher;
    private readonly SlackSocketState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private Task _receiving = Task.CompletedTask;
    private long _received;
    private int _saidHello;
    private int _disposed;

    private SlackSocketConnection(string name, ClientWebSocket socket, SlackEnvelopeDispatcher dispatcher, SlackSocketState state,
        int maxMessageBytes, TimeProvider time, ILogger logger)
    {
        Name = name;
        _socket = socket;
        _dispatcher = dispatcher;
        _state = state;
        _maxMessageBytes = maxMessageBytes;
        _time = time;
        _logger = logger;
    }

    /// <summary>The connection's name in logs (slot and number, e.g. <c>1.3</c>); never its URL, which holds a ticket.</summary>
    public string Name { get; }

    /// <summary>Completes when the connection is closed or lost.</summary>
    public Task Closed => _receiving;

    /// <summary>Completes with Slack's reason when Slack announces it will close this connection (<c>disconnect</c>).</summary>
    public Task<string> DisconnectRequested => _disconnect.Task;

    /// <summary>Connects to <paramref name="url"/> and returns once Slack has said hello within <paramref name="helloTimeout"/>.</summary>
    public static async Task<SlackSocketConnection> OpenAsync(Uri url, string name, SlackEnvelopeDispatcher dispatcher, SlackSocketState state,
        int maxMessageBytes, TimeSpan helloTimeout, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        var socket = new ClientWebSocket();
        // A connection that silently died (a NAT timeout, a lost network) is noticed by the missing pong.
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        var connection = new SlackSocketConnection(name, socket, dispatcher, state, maxMessageBytes, time, logger);
        try
        {
            using var timeout = new CancellationTokenSource(helloTimeout, time);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
            await socket.ConnectAsync(url, budget.Token);
            connection._receiving = connection.ReceiveAsync(stopping);
            await connection._hello.Task.WaitAsync(budget.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Closes the connection after a replacement is open: the envelopes that already arrived here are answered
    /// first (within <paramref name="drainLimit"/>), since Slack waits for their acknowledgements on this connection.
    /// </summary>
    public async Task RetireAsync(TimeSpan drainLimit)
    {
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(drainLimit, _time);
        }
        catch (TimeoutException)
        {
            // Slack delivers what was not acknowledged again, on another connection.
            LogDrainTimedOut(_logger, Name, _inFlight.Count);
        }
        await CloseAsync();
        await DisposeAsync();
    }

    /// <summary>Closes the connection the polite way (close frames both ways), then drops it whatever happened.</summary>
    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout, _time);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _sending.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                }
                finally
                {
                    _sending.Release();
                }
            }
            await _receiving.WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogCloseFailed(_logger, Name, ex.GetType().Name);
        }
        finally
        {
            _socket.Abort();
        }
    }

    private async Task ReceiveAsync(CancellationToken stopping)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var reason = "closed by Slack";
        try
        {
            while (true)
            {
                message.SetLength(0);
                var tooLarge = false;
                ValueWebSocketReceiveResult frame;
                do
                {
                    frame = await _socket.ReceiveAsync(buffer.AsMemory(), stopping);
                    if (frame.MessageType == WebSocketMessageType.Close) return;
                    if (message.Length + frame.Count > _maxMessageBytes) tooLarge = true;
                    else message.Write(buffer, 0, frame.Count);
                } while (!frame.EndOfMessage);

                if (tooLarge) LogTooLarge(_logger, Name, _maxMessageBytes);
                else Take(message.GetBuffer().AsMemory(0, (int)message.Length), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            reason = "stopping";
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            reason = ex.GetType().Name;
        }
        finally
        {
            _hello.TrySetException(new WebSocketException($"The Socket Mode connection closed before Slack said hello ({reason})."));
            if (Interlocked.Exchange(ref _saidHello, 0) == 1) _state.Closed();
            LogClosed(_logger, Name, reason);
            await AnswerCloseAsync();
        }
    }

    /// <summary>Completes the closing handshake Slack started, so that Slack sees a clean close.</summary>
    private async Task AnswerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived) return;
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout, _time);
            await _sending.WaitAsync(timeout.Token);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogCloseFailed(_logger, Name, ex.GetType().Name);
        }
    }

    private void Take(ReadOnlyMemory<byte> frame, CancellationToken stopping)
    {
        SlackSocketMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(frame.Span, SlackSocketJsonContext.Default.SlackSocketMessage);
        }
        catch (JsonException)
        {
            LogUnreadable(_logger, Name);
            return;
        }
        switch (message)
        {
            case { Type: "hello" }:
                if (Interlocked.Exchange(ref _saidHello, 1) == 0) _state.Opened();
                LogHello(_logger, Name, message.NumConnections);
                _hello.TrySetResult();
                break;
            case { Type: "disconnect" }:
                LogDisconnect(_logger, Name, message.Reason);
                _disconnect.TrySetResult(message.Reason ?? "unknown");
                break;
            case { EnvelopeId: { Length: > 0 } }:
                var key = Interlocked.Increment(ref _received);
                var arrived = _time.GetTimestamp();
                var handling = Task.Run(() => AnswerAsync(message, arrived, stopping), CancellationToken.None);
                _inFlight[key] = handling;
                handling.ContinueWith(_ => _inFlight.TryRemove(key, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                break;
        }
    }

    private async Task AnswerAsync(SlackSocketMessage envelope, long arrived, CancellationToken stopping)
    {
        var id = envelope.EnvelopeId!;
        SlackReply reply;
        try
        {
            reply = await _dispatcher.DispatchAsync(envelope, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down before the turn was stored: another instance gets it when Slack sends it again.
            LogNotAcknowledged(_logger, id, envelope.Type);
            SlackTelemetry.EnvelopeAnswered(envelope.Type, "not_stored", _time.GetElapsedTime(arrived));
            return;
        }
        catch (Exception ex)
        {
            // Unacknowledged, it comes back: a retry finds the turn stored (if it was) and is not handled twice.
            LogEnvelopeFailed(_logger, id, envelope.Type, ex.GetType().Name);
            SlackTelemetry.EnvelopeAnswered(envelope.Type, "failed", _time.GetElapsedTime(arrived));
            return;
        }
        if (reply.Kind == SlackReplyKind.NotStored)
        {
            LogNotAcknowledged(_logger, id, envelope.Type);
            SlackTelemetry.EnvelopeAnswered(envelope.Type, "not_stored", _time.GetElapsedTime(arrived));
            return;
        }
        // An unreadable payload stays unreadable: acknowledged, so that Slack stops sending it.
        if (reply.Kind == SlackReplyKind.Invalid) LogInvalid(_logger, id, envelope.Type, reply.Refusal);

        var ack = new JsonObject { ["envelope_id"] = id };
        if (envelope.AcceptsResponsePayload && reply.Body is not null) ack["payload"] = reply.Body;
        try
        {
            await SendAsync(ack, stopping);
            SlackTelemetry.EnvelopeAnswered(envelope.Type, "acknowledged", _time.GetElapsedTime(arrived));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            LogAckLost(_logger, id, Name, ex.GetType().Name);
            SlackTelemetry.EnvelopeAnswered(envelope.Type, "ack_lost", _time.GetElapsedTime(arrived));
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _socket.Abort();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The loop ends by itself once the socket is aborted; how it ended was logged there.
        }
        _socket.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connection {Connection} is open ({Connections} open for the app)")]
    private static partial void LogHello(ILogger logger, string connection, int? connections);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack will close Socket Mode connection {Connection} ({Reason}); opening its replacement")]
    private static partial void LogDisconnect(ILogger logger, string connection, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connection {Connection} closed ({Reason})")]
    private static partial void LogClosed(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing Slack Socket Mode connection {Connection} did not complete cleanly ({ErrorType})")]
    private static partial void LogCloseFailed(ILogger logger, string connection, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection {Connection} still had {Count} envelope(s) in hand when it was closed; Slack sends them again")]
    private static partial void LogDrainTimedOut(ILogger logger, string connection, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Socket Mode message on connection {Connection} was larger than {Limit} bytes and was dropped")]
    private static partial void LogTooLarge(ILogger logger, string connection, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Socket Mode message on connection {Connection} was not JSON and was dropped")]
    private static partial void LogUnreadable(ILogger logger, string connection);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack envelope {EnvelopeId} ({Type}) failed ({ErrorType}); left unacknowledged for Slack to send again")]
    private static partial void LogEnvelopeFailed(ILogger logger, string envelopeId, string? type, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack envelope {EnvelopeId} ({Type}) could not be stored; left unacknowledged for Slack to send again")]
    private static partial void LogNotAcknowledged(ILogger logger, string envelopeId, string? type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack envelope {EnvelopeId} ({Type}) was refused: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string envelopeId, string? type, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The acknowledgement of Slack envelope {EnvelopeId} was lost with connection {Connection} ({ErrorType}); Slack sends it again")]
    private static partial void LogAckLost(ILogger logger, string envelopeId, string connection, string errorType);
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Slack.SocketMode;

/// <summary>A Socket Mode connection could not be opened; <see cref="Reason"/> is Slack's error code or ours.</summary>
internal sealed class SlackSocketOpenException(string reason, TimeSpan? retryAfter = null)
    : Exception($"apps.connections.open failed: {reason}")
{
    public string Reason { get; } = reason;

    /// <summary>How long Slack asked us to wait (a 429's <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Slack Socket Mode (<c>Slack:SocketMode</c>): keeps <c>Slack:SocketConnections</c> WebSockets open to Slack, each
/// obtained from <c>apps.connections.open</c> with the app-level token. When Slack announces a <c>disconnect</c>
/// (its periodic refresh), the replacement is opened before the old connection is let go, so no envelope finds this
/// instance unreachable; a dropped connection, or one that cannot be opened, is retried with a doubling back-off
/// (<c>Slack:SocketReconnectDelay</c> up to <c>Slack:SocketMaxReconnectDelay</c>, plus jitter so instances
/// reconnecting after an outage spread out).
/// </summary>
internal sealed partial class SlackSocketModeService(
    IHttpClientFactory clients,
    SlackEnvelopeDispatcher dispatcher,
    SlackSocketState state,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    public const string HttpClientName = "slack-socket-mode";

    /// <summary>How long opening a connection (the API call, the WebSocket handshake and Slack's hello) may take.</summary>
    internal static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(10);

    // Slack waits 3 s for an acknowledgement: past that, finishing an envelope on a retiring connection is pointless.
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    // Envelope framing around a payload that may be as large as an HTTP body.
    private const int EnvelopeOverheadBytes = 64 * 1024;

    private int _opened;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(1, options.Value.SocketConnections).Select(slot => RunSlotAsync(slot, stoppingToken)));

    /// <summary>One connection, kept open for as long as the host runs: replaced on refresh, reopened when lost.</summary>
    private async Task RunSlotAsync(int slot, CancellationToken stopping)
    {
        SlackSocketConnection? current = null;
        var retiring = new List<Task>();
        try
        {
            current = await ConnectAsync(slot, afterDrop: false, stopping);
            while (true)
            {
                await Task.WhenAny(current.Closed, current.DisconnectRequested).WaitAsync(stopping);
                if (current.DisconnectRequested.IsCompleted)
                {
                    SlackTelemetry.Reconnected("refresh");
                    // The old connection goes on receiving (and acknowledging) until the new one is open.
                    var next = await ConnectAsync(slot, afterDrop: false, stopping);
                    retiring.Add(current.RetireAsync(AckDeadline));
                    current = next;
                }
                else
                {
                    SlackTelemetry.Reconnected("dropped");
                    LogDropped(logger, current.Name);
                    await current.DisposeAsync();
                    current = null;
                    current = await ConnectAsync(slot, afterDrop: true, stopping);
                }
                retiring.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: what arrived is answered (or left for Slack to send again), then the connection closes.
        }
        finally
        {
            if (current is not null) retiring.Add(current.RetireAsync(AckDeadline));
            await Task.WhenAll(retiring);
        }
    }

    private async Task<SlackSocketConnection> ConnectAsync(int slot, bool afterDrop, CancellationToken stopping)
    {
        TimeSpan? retryAfter = null;
        for (var attempt = afterDrop ? 1 : 0; ; attempt++)
        {
            if (attempt > 0) await Task.Delay(Backoff(attempt, retryAfter), time, stopping);
            try
            {
                var url = await OpenUrlAsync(stopping);
                var name = $"{slot}.{Interlocked.Increment(ref _opened)}";
                return await SlackSocketConnection.OpenAsync(url, name, dispatcher, state,
                    options.Value.MaxBodyBytes + EnvelopeOverheadBytes, OpenTimeout, time, logger, stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                SlackTelemetry.Reconnected("error");
                retryAfter = (ex as SlackSocketOpenException)?.RetryAfter;
                LogOpenFailed(logger, slot, attempt + 1, ex is SlackSocketOpenException open ? open.Reason : ex.GetType().Name);
            }
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter) =>
        Backoff(attempt, options.Value.SocketReconnectDelay, options.Value.SocketMaxReconnectDelay, retryAfter, Random.Shared.NextDouble());

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> (1 = the first retry): <paramref name="initial"/> doubled for
    /// each attempt before it, plus up to 20 % (<paramref name="jitter"/> from 0 to 1), never over <paramref name="max"/>;
    /// longer when Slack asked for longer (<paramref name="retryAfter"/>).
    /// </summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? retryAfter, double jitter)
    {
        var doubled = initial * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20)) * (1 + 0.2 * jitter);
        var delay = doubled > max ? max : doubled;
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    /// <summary><c>apps.connections.open</c> with the app-level token: the URL of a new connection (never logged: it holds a ticket).</summary>
    private async Task<Uri> OpenUrlAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(OpenTimeout, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        using var response = await clients.CreateClient(HttpClientName).PostAsync("apps.connections.open", new FormUrlEncodedContent([]), budget.Token);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new SlackSocketOpenException("rate_limited", response.Headers.RetryAfter?.Delta);
        if (!response.IsSuccessStatusCode) throw new SlackSocketOpenException($"http_{(int)response.StatusCode}");
        var answer = await response.Content.ReadFromJsonAsync(SlackSocketJsonContext.Default.SlackConnectionsOpen, budget.Token);
        if (answer is not { Ok: true, Url: { } url }) throw new SlackSocketOpenException(answer?.Error ?? "no_url");
        // Envelopes carry what people wrote: only an encrypted socket, except to a loopback test server.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == "wss" || (uri.Scheme == "ws" && uri.IsLoopback)))
            throw new SlackSocketOpenException("url_not_wss");
        return uri;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection {Connection} was lost; reconnecting")]
    private static partial void LogDropped(ILogger logger, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening Slack Socket Mode connection {Slot} failed (attempt {Attempt}: {Reason}); trying again after a back-off")]
    private static partial void LogOpenFailed(ILogger logger, int slot, int attempt, string reason);
}

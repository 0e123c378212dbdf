using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Slack.SocketMode;

/// <summary>How many of this instance's Socket Mode connections are open (said hello and not closed).</summary>
internal sealed class SlackSocketState
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public void Opened()
    {
        Interlocked.Increment(ref _open);
        SlackTelemetry.ConnectionOpened();
    }

    public void Closed()
    {
        Interlocked.Decrement(ref _open);
        SlackTelemetry.ConnectionClosed();
    }
}

/// <summary>
/// Readiness in Socket Mode: Slack can reach this instance only while one of its connections is open. Tagged
/// <see cref="ReadyTag"/>, which <c>/readyz</c> runs.
/// </summary>
internal sealed class SlackSocketHealthCheck(SlackSocketState state) : IHealthCheck
{
    public const string Name = "slack-socket";
    public const string ReadyTag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Open > 0
            ? HealthCheckResult.Healthy($"connected ({state.Open} Socket Mode connection{(state.Open == 1 ? "" : "s")} open)")
            : HealthCheckResult.Unhealthy("not connected (no Socket Mode connection is open)"));
}

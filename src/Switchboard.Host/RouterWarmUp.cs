using Switchboard.Core.Routing;

namespace Switchboard.Host;

/// <summary>
/// Builds the router while the host starts, before it takes requests: with some 7,600 examples and the logistic
/// regression trained at construction, that is about a second, which the first request that routes would otherwise
/// spend (a Slack modal submission has a few seconds in all). The trained hints are shared by every router built in
/// the process from the same hints (<see cref="HintRouter.Shared"/>), so a second host in the process starts at once.
/// </summary>
internal sealed partial class RouterWarmUp(IServiceProvider services, ILogger<RouterWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        services.GetRequiredService<IRequestRouter>();
        LogBuilt(Environment.TickCount64 - started);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Router ready in {Milliseconds} ms")]
    private partial void LogBuilt(long milliseconds);
}

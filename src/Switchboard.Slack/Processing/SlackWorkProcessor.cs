using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Processing;

/// <summary>Processes acknowledged Slack turns in the background, one reader per lane, until the app stops.</summary>
internal sealed partial class SlackWorkProcessor(
    SlackWorkQueue queue,
    SlackTurnRunner runner,
    ILogger<SlackWorkProcessor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, SlackWorkQueue.Lanes).Select(lane => RunLaneAsync(lane, stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Turns already acknowledged to Slack will not be redelivered: finish them while shutdown allows.
        queue.Complete();
        if (ExecuteTask is { } running) await Task.WhenAny(running, Task.Delay(Timeout.Infinite, cancellationToken));
        await base.StopAsync(cancellationToken);
    }

    private async Task RunLaneAsync(int lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in queue.Reader(lane).ReadAllAsync(stoppingToken))
            {
                try
                {
                    var (turn, result) = await runner.RunAsync(pending, stoppingToken);
                    await runner.DeliverNoticeAsync(turn, result, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (SlackApiException ex)
                {
                    LogSlackFailed(logger, pending.DeliveryId, ex.Method, ex.Error);
                }
                catch (Exception ex)
                {
                    LogFailed(logger, ex, pending.DeliveryId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack turn {DeliveryId} failed: {Method} answered {Error}")]
    private static partial void LogSlackFailed(ILogger logger, string? deliveryId, string method, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack turn {DeliveryId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string? deliveryId);
}

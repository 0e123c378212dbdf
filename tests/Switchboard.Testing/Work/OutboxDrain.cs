using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>Waits for the host's ticket outbox to deliver everything queued so far.</summary>
public static class OutboxDrain
{
    /// <summary>
    /// Returns once the outbox queue holds nothing ready, leased, delayed (retrying) or waiting; throws naming
    /// the queue's numbers when that takes longer than <paramref name="timeoutMs"/>.
    /// </summary>
    public static async Task WaitForOutboxAsync(this IServiceProvider services, int timeoutMs = 10_000)
    {
        var queue = services.GetRequiredService<IWorkQueue>();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var stats = await queue.GetStatsAsync(TicketOutbox.QueueName, CancellationToken.None);
            if (stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The ticket outbox did not drain: {stats}");
            await Task.Delay(10);
        }
    }
}

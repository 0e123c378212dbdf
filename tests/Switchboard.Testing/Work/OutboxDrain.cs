using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>Waits for a host's work queues to deliver everything queued so far.</summary>
public static class OutboxDrain
{
    /// <summary>
    /// Returns once the ticket outbox holds nothing ready, leased, delayed (retrying) or waiting; throws naming
    /// the queue's numbers when that takes longer than <paramref name="timeoutMs"/>.
    /// </summary>
    public static Task WaitForOutboxAsync(this IServiceProvider services, int timeoutMs = 10_000) =>
        services.WaitForQueueAsync(TicketOutbox.QueueName, timeoutMs);

    /// <summary>
    /// Returns once <paramref name="queue"/> holds nothing ready, leased, delayed (retrying) or waiting: every item
    /// offered so far has run to its end. Throws naming the queue's numbers when that takes longer than <paramref name="timeoutMs"/>.
    /// </summary>
    public static async Task WaitForQueueAsync(this IServiceProvider services, string queue, int timeoutMs = 10_000)
    {
        var work = services.GetRequiredService<IWorkQueue>();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var stats = await work.GetStatsAsync(queue, CancellationToken.None);
            if (stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The {queue} queue did not drain: {stats}");
            await Task.Delay(10);
        }
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Paces messages per Slack channel (Slack allows about one message per second per channel): a small burst,
/// then a steady rate. Waiters queue in order, so nothing is dropped.
/// </summary>
internal sealed class SlackChannelPacer : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SlackChannelPacer(IOptions<SlackOptions> options)
    {
        var o = options.Value;
        var period = TimeSpan.FromSeconds(1 / o.MessagesPerSecondPerChannel);
        _limiter = PartitionedRateLimiter.Create<string, string>(channel =>
            RateLimitPartition.GetTokenBucketLimiter(channel, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.ChannelBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }), StringComparer.Ordinal);
    }

    /// <summary>Waits for this channel's turn to send one message.</summary>
    public async Task WaitAsync(string channel, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(channel, 1, cancellationToken);
        if (!lease.IsAcquired) throw new InvalidOperationException($"Pacing refused a message for channel {channel}.");
    }

    public void Dispose() => _limiter.Dispose();
}

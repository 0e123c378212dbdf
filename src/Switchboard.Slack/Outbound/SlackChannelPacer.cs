using Microsoft.Extensions.Options;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Paces messages per Slack channel (Slack allows about one message per second per channel): a small burst,
/// then a steady rate. Each message reserves the next free slot of its channel and waits for it, so messages
/// keep their order and nothing is dropped. (A generic cell-rate algorithm: one timestamp per channel.)
/// After a 429 the channel's messages also wait for Slack's <c>Retry-After</c> (<see cref="Defer"/>); other
/// channels go on.
/// </summary>
internal sealed class SlackChannelPacer(IOptions<SlackOptions> options, TimeProvider time)
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / options.Value.MessagesPerSecondPerChannel);
    private readonly int _burst = options.Value.ChannelBurst;

    /// <summary>Waits for this channel's turn to send one message.</summary>
    public Task WaitAsync(string channel, CancellationToken cancellationToken)
    {
        var wait = Reserve(channel);
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, time, cancellationToken);
    }

    /// <summary>Holds back messages to <paramref name="channel"/> until <paramref name="until"/> (Slack asked to slow down).</summary>
    public void Defer(string channel, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_notBefore.TryGetValue(channel, out var current) || current < until) _notBefore[channel] = until;
        }
    }

    /// <summary>Takes the channel's next slot and says how long until it comes.</summary>
    internal TimeSpan Reserve(string channel)
    {
        var now = time.GetUtcNow();
        var tolerance = _interval * (_burst - 1);
        lock (_gate)
        {
            if (_nextSlot.Count + _notBefore.Count > PruneThreshold) Prune(now);
            var slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            var sendAt = slot - tolerance;
            if (_notBefore.TryGetValue(channel, out var notBefore) && notBefore > now)
            {
                // While a 429 is waited out there is no burst: messages leave from its end, one interval apart.
                slot = notBefore > slot ? notBefore : slot;
                sendAt = slot;
            }
            _nextSlot[channel] = slot + _interval;
            return sendAt > now ? sendAt - now : TimeSpan.Zero;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var idle in _nextSlot.Where(p => p.Value <= now).Select(p => p.Key).ToList()) _nextSlot.Remove(idle);
        foreach (var over in _notBefore.Where(p => p.Value <= now).Select(p => p.Key).ToList()) _notBefore.Remove(over);
    }
}

using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Paces messages per Slack channel (Slack allows about one message per second per channel): a small burst,
/// then a steady rate. Each message reserves the next free slot of its channel and waits for it, so messages
/// keep their order and nothing is dropped. (A generic cell-rate algorithm: one timestamp per channel.)
/// After a 429 the channel's messages also wait for Slack's <c>Retry-After</c> (<see cref="Defer"/>); other
/// channels go on.
/// </summary>
/// <remarks>
/// At most <see cref="SlackOptions.PacedChannels"/> channels are remembered; when more are, the least recently
/// used are forgotten. A forgotten channel was idle the longest, so its slot was long past anyway unless it is one
/// of thousands written to within a second. Nothing is swept on the send path.
/// </remarks>
internal sealed class SlackChannelPacer(IOptions<SlackOptions> options, TimeProvider time) : IDisposable
{
    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache _channels = new(new MemoryCacheOptions { SizeLimit = options.Value.PacedChannels, CompactionPercentage = 0.1 });
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
            var state = State(channel);
            if (state.NotBefore < until) state.NotBefore = until;
        }
    }

    /// <summary>How many channels are remembered now.</summary>
    internal int Count => _channels.Count;

    /// <summary>Takes the channel's next slot and says how long until it comes.</summary>
    internal TimeSpan Reserve(string channel)
    {
        var now = time.GetUtcNow();
        var tolerance = _interval * (_burst - 1);
        lock (_gate)
        {
            var state = State(channel);
            var slot = state.NextSlot > now ? state.NextSlot : now;
            var sendAt = slot - tolerance;
            if (state.NotBefore > now)
            {
                // While a 429 is waited out there is no burst: messages leave from its end, one interval apart.
                slot = state.NotBefore > slot ? state.NotBefore : slot;
                sendAt = slot;
            }
            state.NextSlot = slot + _interval;
            return sendAt > now ? sendAt - now : TimeSpan.Zero;
        }
    }

    public void Dispose() => _channels.Dispose();

    private ChannelSlots State(string channel) =>
        _channels.Get<ChannelSlots>(channel) ?? _channels.Set(channel, new ChannelSlots(), OneEntry);

    private sealed class ChannelSlots
    {
        public DateTimeOffset NextSlot { get; set; }

        public DateTimeOffset NotBefore { get; set; }
    }
}

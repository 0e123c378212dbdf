using Microsoft.Extensions.Caching.Memory;

namespace Switchboard.Teams.Connector;

/// <summary>
/// Keeps sends to one conversation (thread) within the Teams limits per bot per thread:
/// 7 per second, 8 per 2 seconds, 60 per 30 seconds, 1800 per hour. A send over a limit waits
/// for the oldest send in that window to age out instead of drawing a 429. After a 429 the conversation's
/// sends also wait for its <c>Retry-After</c> (<see cref="Defer"/>); other conversations go on.
/// </summary>
/// <remarks>
/// At most <c>capacity</c> conversations are remembered; when more are, the least recently used are forgotten (a
/// conversation busy enough to near a limit is used often, so it stays). Forgetting one can at worst draw a
/// 429, which is retried after its <c>Retry-After</c>. Nothing is swept on the send path.
/// </remarks>
internal sealed class ConversationPacer(TimeProvider time, int capacity = ConversationPacer.DefaultCapacity) : IDisposable
{
    public const int DefaultCapacity = 10_000;

    private static readonly (int Count, TimeSpan Window)[] Limits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);
    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };

    private readonly MemoryCache _conversations = new(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.1 });
    private readonly Lock _adding = new();

    /// <summary>Holds back sends to <paramref name="conversationKey"/> until <paramref name="until"/> (the Connector asked to slow down).</summary>
    public void Defer(string conversationKey, DateTimeOffset until)
    {
        var state = State(conversationKey);
        lock (state)
        {
            if (until > state.NotBefore) state.NotBefore = until;
        }
    }

    /// <summary>Waits until a send to <paramref name="conversationKey"/> is within the limits and records it.</summary>
    public async Task WaitTurnAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var state = State(conversationKey);
        while (true)
        {
            TimeSpan wait;
            lock (state)
            {
                var now = time.GetUtcNow();
                Trim(state.Sends, now);
                wait = WaitFor(state.Sends, now);
                if (state.NotBefore - now > wait) wait = state.NotBefore - now;
                if (wait <= TimeSpan.Zero)
                {
                    state.Sends.Add(now);
                    return;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>How many conversations are remembered now.</summary>
    internal int Count => _conversations.Count;

    public void Dispose() => _conversations.Dispose();

    /// <summary>How long a send at <paramref name="now"/> must wait, given earlier sends (oldest first).</summary>
    internal static TimeSpan WaitFor(List<DateTimeOffset> log, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (count, window) in Limits)
        {
            if (log.Count < count) continue;
            // The count-th most recent send must have left the window before another one fits.
            var blocking = log[log.Count - count];
            var free = blocking + window - now;
            if (free > wait) wait = free;
        }
        return wait;
    }

    private ConversationSends State(string conversationKey)
    {
        if (_conversations.Get<ConversationSends>(conversationKey) is { } state) return state;
        // Two first sends to one conversation must share one log.
        lock (_adding)
        {
            if (_conversations.Get<ConversationSends>(conversationKey) is { } raced) return raced;
            return _conversations.Set(conversationKey, new ConversationSends(), OneEntry);
        }
    }

    private static void Trim(List<DateTimeOffset> log, DateTimeOffset now)
    {
        var cut = 0;
        while (cut < log.Count && log[cut] <= now - LongestWindow) cut++;
        if (cut > 0) log.RemoveRange(0, cut);
    }

    private sealed class ConversationSends
    {
        public List<DateTimeOffset> Sends { get; } = [];

        public DateTimeOffset NotBefore { get; set; }
    }
}

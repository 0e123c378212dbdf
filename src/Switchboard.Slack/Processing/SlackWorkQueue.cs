using System.Threading.Channels;

namespace Switchboard.Slack.Processing;

/// <summary>
/// Turns acknowledged to Slack and waiting to be processed. Work is split into a few lanes by user, so one
/// person's turns run in order while different people are served in parallel.
/// </summary>
internal sealed class SlackWorkQueue
{
    public const int Lanes = 4;
    private const int CapacityPerLane = 2_500;

    private readonly Channel<SlackPendingTurn>[] _lanes = Enumerable.Range(0, Lanes)
        .Select(_ => Channel.CreateBounded<SlackPendingTurn>(new BoundedChannelOptions(CapacityPerLane)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        }))
        .ToArray();

    private int _accepted;

    /// <summary>How many turns were accepted for processing since start (a health figure; tests read it too).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Queues a turn; false when the lane is full (answer 503 so Slack retries later).</summary>
    public bool TryEnqueue(SlackPendingTurn turn)
    {
        if (!_lanes[LaneOf(turn.UserId)].Writer.TryWrite(turn)) return false;
        Interlocked.Increment(ref _accepted);
        return true;
    }

    public ChannelReader<SlackPendingTurn> Reader(int lane) => _lanes[lane].Reader;

    public void Complete()
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
    }

    private static int LaneOf(string userId)
    {
        // string.GetHashCode is randomised per process, which is fine: lanes only matter within one process.
        return (int)((uint)StringComparer.Ordinal.GetHashCode(userId) % Lanes);
    }
}

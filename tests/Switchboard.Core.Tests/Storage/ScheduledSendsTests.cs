using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Storage;

public sealed class ScheduledSendsTests
{
    private static readonly TimeSpan Memory = TimeSpan.FromDays(7);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero));
    private readonly MemoryIdempotencyStore _claims;
    private int _sends;

    public ScheduledSendsTests() => _claims = new MemoryIdempotencyStore(_clock);

    private Task<bool> SendAsync() => _claims.SendOnceAsync("round-up:maya", Memory, _ =>
    {
        _sends++;
        return Task.CompletedTask;
    }, CancellationToken.None);

    [Fact]
    public async Task SendOnce_SentBefore_SendsNothingMore()
    {
        Assert.True(await SendAsync());
        Assert.False(await SendAsync());

        Assert.Equal(1, _sends);
    }

    [Fact]
    public async Task SendOnce_ARunnerKilledWhileSending_LeavesTheMessageForTheRetry_NotLost()
    {
        // What a runner killed with SIGKILL mid-send leaves behind: its sending claim, and no record of a send.
        Assert.True(await _claims.TryClaimAsync("round-up:maya:sending", ScheduledSends.SendingWindow, CancellationToken.None));

        Assert.False(await SendAsync());
        _clock.Advance(ScheduledSends.SendingWindow + TimeSpan.FromSeconds(1));
        Assert.True(await SendAsync());
        Assert.False(await SendAsync());

        Assert.Equal(1, _sends);
    }

    [Fact]
    public async Task SendOnce_ASendThatFails_IsNotRecorded_SoTheRetrySendsIt()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            _claims.SendOnceAsync("round-up:maya", Memory, _ => throw new HttpRequestException("503"), CancellationToken.None));

        Assert.True(await SendAsync());
        Assert.Equal(1, _sends);
    }
}

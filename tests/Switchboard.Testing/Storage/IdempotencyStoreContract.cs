using Switchboard.Core.Storage;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IIdempotencyStore"/> must do; derive once per implementation.</summary>
public abstract class IdempotencyStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IIdempotencyStore CreateStore();

    /// <summary>The claim window the tests use: short enough for a store whose clock is real.</summary>
    protected virtual TimeSpan Window => TimeSpan.FromSeconds(1);

    /// <summary>For tests that are not about expiry: a loaded machine must not turn them into one.</summary>
    private static readonly TimeSpan LongWindow = TimeSpan.FromSeconds(30);

    /// <summary>Makes <paramref name="span"/> pass for the store (advance a fake clock, or wait).</summary>
    protected abstract Task LetTimePassAsync(TimeSpan span);

    [Fact]
    public async Task Claim_FirstTime_ReturnsTrue()
    {
        var store = CreateStore();

        Assert.True(await store.TryClaimAsync("teams:activity:1", LongWindow, None));
    }

    [Fact]
    public async Task Claim_SecondTimeWithinWindow_ReturnsFalse()
    {
        var store = CreateStore();
        await store.TryClaimAsync("teams:activity:1", LongWindow, None);

        Assert.False(await store.TryClaimAsync("teams:activity:1", LongWindow, None));
    }

    [Fact]
    public async Task Claim_DifferentKeys_AreIndependent()
    {
        var store = CreateStore();
        await store.TryClaimAsync("slack:event:Ev1", LongWindow, None);

        Assert.True(await store.TryClaimAsync("slack:event:Ev2", LongWindow, None));
    }

    [Fact]
    public async Task Claim_InParallel_ExactlyOneWins()
    {
        var store = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => store.TryClaimAsync("slack:event:Ev1", LongWindow, None))));

        Assert.Single(results, claimed => claimed);
    }

    [Fact]
    public async Task Claim_AfterRelease_CanBeClaimedAgain()
    {
        var store = CreateStore();
        await store.TryClaimAsync("teams:activity:1", LongWindow, None);

        await store.ReleaseAsync("teams:activity:1", None);

        Assert.True(await store.TryClaimAsync("teams:activity:1", LongWindow, None));
    }

    [Fact]
    public async Task Claim_BeforeWindowEnds_StaysClaimed()
    {
        var store = CreateStore();
        await store.TryClaimAsync("teams:activity:1", LongWindow, None);

        await LetTimePassAsync(Window);

        Assert.False(await store.TryClaimAsync("teams:activity:1", LongWindow, None));
    }

    [Fact]
    public async Task Claim_AfterWindowEnds_CanBeClaimedAgainOnce()
    {
        var store = CreateStore();
        await store.TryClaimAsync("teams:activity:1", Window, None);

        await LetTimePassAsync(Window * 1.2);

        Assert.True(await store.TryClaimAsync("teams:activity:1", Window, None));
        Assert.False(await store.TryClaimAsync("teams:activity:1", Window, None));
    }
}

using Switchboard.Core.Storage;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IStateStore"/> must do; derive once per implementation.</summary>
public abstract class StateStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IStateStore CreateStore();

    /// <summary>The time-to-live the expiry tests use: long enough, for a store whose clock is real, to read the key back first.</summary>
    protected virtual TimeSpan TimeToLive => TimeSpan.FromSeconds(1);

    /// <summary>Makes <paramref name="span"/> pass for the store (advance a fake clock, or wait).</summary>
    protected abstract Task LetTimePassAsync(TimeSpan span);

    [Fact]
    public async Task Read_WhenKeyIsMissing_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.ReadAsync("conversation:missing", None));
    }

    [Fact]
    public async Task Write_CreateOnlyWhenMissing_StoresValueWithReturnedETag()
    {
        var store = CreateStore();

        var etag = await store.TryWriteAsync("conversation:a", "{\"step\":1}", null, None);

        Assert.NotNull(etag);
        Assert.Equal(new StateEntry("{\"step\":1}", etag), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_CreateOnlyWhenKeyExists_FailsAndKeepsValue()
    {
        var store = CreateStore();
        var etag = await store.TryWriteAsync("conversation:a", "first", null, None);

        var second = await store.TryWriteAsync("conversation:a", "second", null, None);

        Assert.Null(second);
        Assert.Equal(new StateEntry("first", etag!), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_WithCurrentETag_SucceedsAndChangesETag()
    {
        var store = CreateStore();
        var first = await store.TryWriteAsync("conversation:a", "first", null, None);

        var second = await store.TryWriteAsync("conversation:a", "second", first, None);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(new StateEntry("second", second), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_WithStaleETag_FailsAndKeepsValue()
    {
        var store = CreateStore();
        var stale = await store.TryWriteAsync("conversation:a", "first", null, None);
        var current = await store.TryWriteAsync("conversation:a", "second", stale, None);

        var third = await store.TryWriteAsync("conversation:a", "third", stale, None);

        Assert.Null(third);
        Assert.Equal(new StateEntry("second", current!), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_WithETagWhenKeyIsMissing_Fails()
    {
        var store = CreateStore();
        var etag = await store.TryWriteAsync("conversation:a", "first", null, None);

        var elsewhere = await store.TryWriteAsync("conversation:b", "other", etag, None);

        Assert.Null(elsewhere);
        Assert.Null(await store.ReadAsync("conversation:b", None));
    }

    [Fact]
    public async Task Write_WithAnyETag_OverwritesExistingValue()
    {
        var store = CreateStore();
        var first = await store.TryWriteAsync("conversation:a", "first", null, None);

        var second = await store.TryWriteAsync("conversation:a", "second", StateEntry.AnyETag, None);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(new StateEntry("second", second), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_WithAnyETagWhenKeyIsMissing_CreatesValue()
    {
        var store = CreateStore();

        var etag = await store.TryWriteAsync("conversation:a", "first", StateEntry.AnyETag, None);

        Assert.NotNull(etag);
        Assert.Equal(new StateEntry("first", etag), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_ToOneKey_LeavesOtherKeysAlone()
    {
        var store = CreateStore();
        var a = await store.TryWriteAsync("user:a", "a", null, None);
        var b = await store.TryWriteAsync("user:b", "b", null, None);

        await store.TryWriteAsync("user:a", "a2", a, None);

        Assert.Equal(new StateEntry("b", b!), await store.ReadAsync("user:b", None));
    }

    [Fact]
    public async Task Write_ValueWithUnicodeAndNewlines_RoundTripsExactly()
    {
        var store = CreateStore();
        const string value = "{\"text\":\"Drucker im 3. Stock — kaputt\\n\\\"dringend\\\" 🖨️\"}\r\n";

        var etag = await store.TryWriteAsync("conversation:ü", value, null, None);

        Assert.Equal(new StateEntry(value, etag!), await store.ReadAsync("conversation:ü", None));
    }

    [Fact]
    public async Task Write_ParallelWithSameETag_ExactlyOneWins()
    {
        var store = CreateStore();
        var etag = await store.TryWriteAsync("conversation:a", "start", null, None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.TryWriteAsync("conversation:a", $"writer {i}", etag, None))));

        var winners = results.Select((newETag, writer) => (newETag, writer)).Where(r => r.newETag is not null).ToList();
        var winner = Assert.Single(winners);
        Assert.Equal(new StateEntry($"writer {winner.writer}", winner.newETag!), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_ParallelCreateOnly_ExactlyOneWins()
    {
        var store = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.TryWriteAsync("conversation:new", $"writer {i}", null, None))));

        Assert.Single(results, etag => etag is not null);
    }

    [Fact]
    public async Task Delete_WithCurrentETag_RemovesKey()
    {
        var store = CreateStore();
        var etag = await store.TryWriteAsync("conversation:a", "value", null, None);

        Assert.True(await store.TryDeleteAsync("conversation:a", etag!, None));
        Assert.Null(await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Delete_WithStaleETag_FailsAndKeepsValue()
    {
        var store = CreateStore();
        var stale = await store.TryWriteAsync("conversation:a", "first", null, None);
        var current = await store.TryWriteAsync("conversation:a", "second", stale, None);

        Assert.False(await store.TryDeleteAsync("conversation:a", stale!, None));
        Assert.Equal(new StateEntry("second", current!), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Delete_WithAnyETag_RemovesKey()
    {
        var store = CreateStore();
        await store.TryWriteAsync("conversation:a", "value", null, None);

        Assert.True(await store.TryDeleteAsync("conversation:a", StateEntry.AnyETag, None));
        Assert.Null(await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Delete_WhenKeyIsMissing_ReturnsFalse()
    {
        var store = CreateStore();

        Assert.False(await store.TryDeleteAsync("conversation:missing", StateEntry.AnyETag, None));
    }

    [Fact]
    public async Task Write_WithETagFromBeforeDeleteAndRecreate_Fails()
    {
        var store = CreateStore();
        var old = await store.TryWriteAsync("conversation:a", "first", null, None);
        await store.TryDeleteAsync("conversation:a", old!, None);
        var recreated = await store.TryWriteAsync("conversation:a", "again", null, None);

        var write = await store.TryWriteAsync("conversation:a", "from the past", old, None);

        Assert.Null(write);
        Assert.Equal(new StateEntry("again", recreated!), await store.ReadAsync("conversation:a", None));
    }

    [Fact]
    public async Task Write_WithTimeToLive_ReadsBackUntilItRunsOut()
    {
        var store = CreateStore();
        var etag = await store.TryWriteAsync("draft:a", "draft", null, TimeToLive, None);

        Assert.Equal(new StateEntry("draft", etag!), await store.ReadAsync("draft:a", None));
        await LetTimePassAsync(TimeToLive * 1.5);

        Assert.Null(await store.ReadAsync("draft:a", None));
        Assert.False(await store.TryDeleteAsync("draft:a", StateEntry.AnyETag, None));
        Assert.NotNull(await store.TryWriteAsync("draft:a", "new draft", null, None));
    }

    [Fact]
    public async Task Write_AgainWithTimeToLive_StartsItsTimeAgain()
    {
        var store = CreateStore();
        var first = await store.TryWriteAsync("draft:a", "first", null, TimeToLive, None);
        await LetTimePassAsync(TimeToLive * 0.6);

        var second = await store.TryWriteAsync("draft:a", "second", first, TimeToLive, None);
        await LetTimePassAsync(TimeToLive * 0.6);

        Assert.Equal(new StateEntry("second", second!), await store.ReadAsync("draft:a", None));
    }

    [Fact]
    public async Task Write_WithoutTimeToLiveAfterOneWithIt_KeepsValueForGood()
    {
        var store = CreateStore();
        var first = await store.TryWriteAsync("team-links", "first", null, TimeToLive, None);

        var second = await store.TryWriteAsync("team-links", "second", first, None);
        await LetTimePassAsync(TimeToLive * 1.5);

        Assert.Equal(new StateEntry("second", second!), await store.ReadAsync("team-links", None));
    }

    [Fact]
    public async Task Write_WithZeroTimeToLive_Throws()
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryWriteAsync("draft:a", "x", null, TimeSpan.Zero, None));
    }

    [Fact]
    public async Task Documents_UpdatedWithTimeToLive_ExpireWhenLeftAlone()
    {
        var documents = new StateDocuments(CreateStore());
        var type = SwitchboardJsonContext.Default.TeamLinks;

        await documents.UpdateAsync("links:a", type, _ => new Switchboard.Core.Conversations.TeamLinks(), TimeToLive, None);
        Assert.NotNull(await documents.ReadAsync("links:a", type, None));
        await LetTimePassAsync(TimeToLive * 1.5);

        Assert.Null(await documents.ReadAsync("links:a", type, None));
    }
}

using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Kudos;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Storage;

public sealed class MemoryStateStoreTests : StateStoreContract
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    protected override IStateStore CreateStore() => new MemoryStateStore(_time);

    protected override Task LetTimePassAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }
}

public sealed class MemoryTicketStoreTests : TicketStoreContract
{
    protected override ITicketStore CreateStore() => new MemoryTicketStore();
}

public sealed class MemoryIdempotencyStoreTests : IdempotencyStoreContract
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    protected override IIdempotencyStore CreateStore() => new MemoryIdempotencyStore(_time);

    protected override Task LetTimePassAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TryClaim_AfterOthersExpired_DropsThemAsNewClaimsArrive()
    {
        var store = new MemoryIdempotencyStore(_time);
        for (var i = 0; i < 100; i++) await store.TryClaimAsync($"old-{i}", TimeSpan.FromSeconds(1), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));

        for (var i = 0; i < 100; i++) await store.TryClaimAsync($"new-{i}", TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(100, store.Count);
    }
}

public sealed class MemoryKudosStoreTests : KudosStoreContract
{
    protected override IKudosStore CreateStore(TimeProvider time) => new MemoryKudosStore(time);
}

public sealed class MemoryReportStoreTests : ReportStoreContract
{
    protected override Core.Reports.IReportStore CreateStore() => new Core.Reports.MemoryReportStore();
}

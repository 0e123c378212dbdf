using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;
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
    private static readonly CancellationToken None = CancellationToken.None;

    protected override ITicketStore CreateStore() => new MemoryTicketStore();

    [Fact]
    public async Task Lists_TicketsFiledAtOneMomentUnderOneNumber_ListTheFirstFiledFirstAfterUpdates()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var hr = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "it", maya, at), None))!;
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, at), None);

        await store.TryUpdateAsync(hr with { Status = TicketStatus.InProgress }, None);

        Assert.Equal(["HR-1001", "IT-1001"], (await store.ListByRequesterAsync(maya.Key, None)).Select(t => t.Number.ToString()));
        Assert.Equal(["HR-1001", "IT-1001"], (await store.ListOpenByRequesterAsync(maya.Key, None)).Select(t => t.Number.ToString()));
        Assert.Equal(["HR-1001", "IT-1001"], (await store.ListByTeamAsync("it", None)).Select(t => t.Number.ToString()));
        Assert.Equal(["HR-1001", "IT-1001"], (await store.ListOpenByTeamAsync("it", None)).Select(t => t.Number.ToString()));
    }
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

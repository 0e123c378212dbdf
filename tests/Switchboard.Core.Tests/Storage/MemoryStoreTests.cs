using Microsoft.Extensions.Time.Testing;
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
}

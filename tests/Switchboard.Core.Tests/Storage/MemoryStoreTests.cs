using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Storage;

public sealed class MemoryStateStoreTests : StateStoreContract
{
    private readonly TestClock _time = new();

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
    private readonly TestClock _time = new();

    protected override IIdempotencyStore CreateStore() => new MemoryIdempotencyStore(_time);

    protected override Task LetTimePassAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }
}

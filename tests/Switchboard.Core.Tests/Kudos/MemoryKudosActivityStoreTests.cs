using Switchboard.Core.Kudos;

namespace Switchboard.Core.Tests.Kudos;

public sealed class MemoryKudosActivityStoreTests : KudosActivityStoreContract
{
    protected override IKudosActivityStore CreateStore() => new MemoryKudosActivityStore();
}

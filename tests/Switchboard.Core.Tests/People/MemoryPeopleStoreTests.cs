using Switchboard.Core.People;

namespace Switchboard.Core.Tests.People;

public sealed class MemoryPeopleStoreTests : PeopleStoreContract
{
    protected override IPeopleStore CreateStore() => new MemoryPeopleStore();
}

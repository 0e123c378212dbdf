using Switchboard.Core.Answers;

namespace Switchboard.Core.Tests.Answers;

public sealed class MemoryAnswerStoreTests : AnswerStoreContract
{
    protected override IAnswerStore CreateStore(TimeProvider time) => new MemoryAnswerStore(time);
}

using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Testing;

/// <summary>Opens the harness's direct chats: a person's is <c>dm:{id}</c>, as <see cref="EngineHarness.Dm"/> names it.</summary>
public sealed class HarnessDirectChats : IDirectChatOpener
{
    public Platform Platform => TestPlatforms.Playground;

    public Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult(new ConversationAddress(TestPlatforms.Playground, $"dm:{identity.UserId}"));
}

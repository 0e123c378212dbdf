using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Host.Playground;

/// <summary>The playground's direct chats: every persona has one, <c>dm:{persona id}</c>, from the start.</summary>
public sealed class PlaygroundDirectChatOpener(Personas personas) : IDirectChatOpener
{
    public Platform Platform => PlaygroundPlatform.Id;

    public Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken) =>
        personas.Find(identity.UserId) is { } persona
            ? Task.FromResult(DirectChatOf(persona))
            : throw new DirectChatRefusedException($"the playground has no persona '{identity.UserId}' any more.");

    public static ConversationAddress DirectChatOf(Persona persona) => new(PlaygroundPlatform.Id, PlaygroundApi.DirectPrefix + persona.Id);

    /// <summary>What the people directory learns from a persona acting: who they are and their direct chat.</summary>
    public static PersonSighting Sighting(Persona persona) => new(persona.ToPerson()) { DirectChat = DirectChatOf(persona) };
}

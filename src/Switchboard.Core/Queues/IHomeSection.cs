using Switchboard.Core.Conversations;

namespace Switchboard.Core.Queues;

/// <summary>
/// A section another module adds to the home page (Slack's App Home, the playground's Home), after the requests and
/// the queue: recognition adds the person's kudos. Register any number; they appear in registration order.
/// </summary>
public interface IHomeSection
{
    /// <summary>The section's cards for <paramref name="person"/> (none to leave it out).</summary>
    Task<IReadOnlyList<Card>> BuildAsync(PersonRef person, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;
using Switchboard.Core.Conversations;
using Switchboard.Core.Queues;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Home;

/// <summary>
/// Publishes a person's App Home tab (<c>views.publish</c> with a <c>home</c> view): the home page's sections as
/// Block Kit, one after another with a divider between them. A home view holds 100 blocks; when the sections
/// need more, the longest loses rows from its end, and says how many more there are.
/// </summary>
internal sealed class SlackHomePublisher(SlackApiClient api, BlockKitRenderer renderer) : IHomeTabPublisher
{
    public const int MaxBlocks = 100;

    public Platform Platform => SlackPlatform.Id;

    public async Task PublishAsync(PersonRef person, IReadOnlyList<Card> sections, CancellationToken cancellationToken)
    {
        var view = new JsonObject { ["type"] = "home", ["blocks"] = await BlocksAsync(sections, cancellationToken) };
        await api.CallAsync("views.publish", new JsonObject { ["user_id"] = person.Id, ["view"] = view }, cancellationToken);
    }

    /// <summary>The blocks of the home view, never more than <see cref="MaxBlocks"/>.</summary>
    public async Task<JsonArray> BlocksAsync(IReadOnlyList<Card> sections, CancellationToken cancellationToken)
    {
        var cards = sections.ToList();
        while (true)
        {
            var blocks = new JsonArray();
            foreach (var card in cards)
            {
                if (blocks.Count > 0) blocks.Add(new JsonObject { ["type"] = "divider" });
                // The home has no conversation: the address only carries the platform to the renderer.
                var rendered = await renderer.RenderAsync(new OutboundMessage(new ConversationAddress(SlackPlatform.Id, "home"), null, card), cancellationToken);
                foreach (var block in rendered ?? []) blocks.Add(block!.DeepClone());
            }
            if (blocks.Count <= MaxBlocks) return blocks;
            var longest = cards.MaxBy(c => c.Items.Count)!;
            if (longest.Items.Count == 0) return [.. blocks.Take(MaxBlocks).Select(b => b!.DeepClone())];
            var kept = longest.Items.Count - 1;
            cards[cards.IndexOf(longest)] = longest with
            {
                Items = [.. longest.Items.Take(kept)],
                Text = $"The first {kept} are shown here; message me \"queue\" or \"my requests\" for the rest.",
            };
        }
    }
}

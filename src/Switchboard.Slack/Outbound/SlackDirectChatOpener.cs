using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Slack.Outbound;

/// <summary>Opens the bot's direct message with a Slack user (<c>conversations.open</c>) so it can write first.</summary>
internal sealed class SlackDirectChatOpener(SlackApiClient api) : IDirectChatOpener
{
    // Errors that say "not now" rather than "not this person": the caller retries those later.
    private static readonly HashSet<string> Passing = new(StringComparer.Ordinal)
    {
        "ratelimited", "fatal_error", "internal_error", "service_unavailable", "request_timeout",
    };

    public Platform Platform => SlackPlatform.Id;

    public async Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await api.OpenDirectMessageAsync(identity.UserId, cancellationToken);
            return new ConversationAddress(SlackPlatform.Id, channel, null, null, identity.TenantId);
        }
        catch (SlackApiException ex) when (!Passing.Contains(ex.Error) && !ex.Error.StartsWith("http_", StringComparison.Ordinal))
        {
            throw new DirectChatRefusedException($"Slack refused to open a direct message with them ({ex.Error}).", ex);
        }
    }
}

using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Rendering;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams;

/// <summary>
/// Sends the engine's messages to Teams: a message to a channel without a thread starts a new thread
/// (create conversation), a message with a thread replies in it, a message to a user id (<c>29:...</c>)
/// opens a 1:1 chat first, and updates replace the activity in place.
/// </summary>
internal sealed class TeamsGateway(ConnectorClient connector, IOptions<BotCredentialsOptions> credentials) : IPlatformGateway
{
    public Platform Platform => TeamsPlatform.Id;

    public async Task<MessageRef> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var to = message.To;
        var serviceUrl = ServiceUrlOf(to);
        var activity = Render(message);

        if (to.ThreadId is { } thread)
        {
            var sent = await connector.ReplyToActivityAsync(serviceUrl, TeamsConversationIds.WithThread(to.ConversationId, thread), thread, activity, cancellationToken);
            return new MessageRef(to, Required(sent.Id));
        }

        switch (TeamsConversationIds.Classify(to.ConversationId))
        {
            case TeamsConversationKind.Channel:
            {
                var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
                {
                    IsGroup = true,
                    ChannelData = new TeamsChannelData
                    {
                        Channel = new ChannelInfo { Id = to.ConversationId },
                        Tenant = to.OrganizationId is null ? null : new TenantInfo(to.OrganizationId),
                    },
                    Activity = activity,
                    TenantId = to.OrganizationId,
                }, cancellationToken);
                var root = created.ActivityId ?? TeamsConversationIds.Split(Required(created.Id)).ThreadId;
                return new MessageRef(to.InThread(Required(root)), Required(root));
            }
            case TeamsConversationKind.User:
            {
                var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
                {
                    IsGroup = false,
                    Bot = new ChannelAccount { Id = credentials.Value.BotId },
                    Members = [new ChannelAccount { Id = to.ConversationId }],
                    ChannelData = to.OrganizationId is null ? null : new TeamsChannelData { Tenant = new TenantInfo(to.OrganizationId) },
                    TenantId = to.OrganizationId,
                }, cancellationToken);
                var chat = to with { ConversationId = Required(created.Id) };
                var sent = await connector.SendToConversationAsync(serviceUrl, chat.ConversationId, activity, cancellationToken);
                return new MessageRef(chat, Required(sent.Id));
            }
            default:
            {
                var sent = await connector.SendToConversationAsync(serviceUrl, to.ConversationId, activity, cancellationToken);
                return new MessageRef(to, Required(sent.Id));
            }
        }
    }

    public Task UpdateAsync(MessageRef target, OutboundMessage message, CancellationToken cancellationToken)
    {
        var address = target.Address;
        return connector.UpdateActivityAsync(ServiceUrlOf(address),
            TeamsConversationIds.WithThread(address.ConversationId, address.ThreadId), target.MessageId,
            Render(message), cancellationToken);
    }

    internal static Activity Render(OutboundMessage message) => new()
    {
        Type = ActivityTypes.Message,
        Text = message.Text is null ? null : TeamsText.FromPlainText(message.Text),
        TextFormat = "markdown",
        Summary = message.Card?.Title,
        Attachments = message.Card is null
            ? null
            : [new Attachment { ContentType = InvokeResponseTypes.AdaptiveCard, Content = AdaptiveCardRenderer.Render(message.Card) }],
    };

    private static string ServiceUrlOf(ConversationAddress address) =>
        address.Endpoint ?? throw new InvalidOperationException($"The Teams address {address.Key} has no service URL.");

    private static string Required(string? id) =>
        string.IsNullOrEmpty(id) ? throw new ConnectorException("The Connector answered without an id.") : id;
}

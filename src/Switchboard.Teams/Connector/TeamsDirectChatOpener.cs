using System.Net;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;

namespace Switchboard.Teams.Connector;

/// <summary>
/// Opens the bot's 1:1 chat with a Teams user (<c>POST {serviceUrl}/v3/conversations</c>) through the service URL and
/// tenant last seen for them. Teams allows it only where the app is installed for them (personal, or a team they are in).
/// </summary>
internal sealed class TeamsDirectChatOpener(ConnectorClient connector, IOptions<BotCredentialsOptions> credentials) : IDirectChatOpener
{
    public Platform Platform => TeamsPlatform.Id;

    public async Task<ConversationAddress> OpenAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.ServiceUrl is not { } serviceUrl)
            throw new DirectChatRefusedException("Teams can't be asked yet: I haven't seen them in Teams, so I don't know which Teams service to reach them through.");
        try
        {
            var chat = await connector.CreatePersonalConversationAsync(serviceUrl, credentials.Value.BotId, identity.UserId, identity.TenantId, cancellationToken);
            return new ConversationAddress(TeamsPlatform.Id, chat, null, serviceUrl, identity.TenantId);
        }
        catch (ConnectorException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            var status = $"{(int)ex.StatusCode}{(ex.ErrorCode is null ? "" : $" {ex.ErrorCode}")}";
            throw new DirectChatRefusedException(
                $"Teams refused to open a chat with them ({status}); Switchboard has to be installed for them first (as a personal app, or in a team they are in).", ex);
        }
        catch (UntrustedServiceUrlException ex)
        {
            throw new DirectChatRefusedException("Teams can't be reached for them: the service URL last seen for them is not in Teams:TrustedServiceHosts.", ex);
        }
    }
}

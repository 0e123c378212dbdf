using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// Tells the people directory about the person behind every Teams activity the bot handles (messages, clicks, installs):
/// their e-mail from the member look-up, tenant and service URL, time zone, and their personal chat with the bot.
/// </summary>
internal sealed class TeamsPeople(PeopleDirectory people, TeamsMemberDirectory members)
{
    public async Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        // Kinds the bot ignores (reactions, typing, ...) cost nothing, not even a member look-up.
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)) return;
        var from = activity.From;
        if (from?.Id is null || activity.Conversation?.Id is null) return;
        if (from.Id == activity.Recipient?.Id || string.Equals(from.Role, "bot", StringComparison.OrdinalIgnoreCase)) return;
        // After an uninstall their personal chat is no way to reach them.
        if (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is "remove" or "remove-upgrade") return;
        if (activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true) return;

        var conversationId = TeamsConversationIds.Split(activity.Conversation.Id).ConversationId;
        var tenant = activity.Conversation.TenantId ?? activity.ChannelData?.Tenant?.Id;
        // The same (cached) look-up the turn makes: no second Connector call.
        var email = activity.ServiceUrl is null ? null : await members.GetEmailAsync(activity.ServiceUrl, conversationId, from.Id, cancellationToken);
        var personal = TeamsActivityHandler.ScopeOf(activity) == ConversationScope.Personal;
        await people.ObserveAsync(new PersonSighting(new PersonRef(TeamsPlatform.Id, from.Id, from.Name ?? "", email))
        {
            TenantId = tenant,
            ServiceUrl = activity.ServiceUrl,
            DirectChat = personal ? new ConversationAddress(TeamsPlatform.Id, conversationId, null, activity.ServiceUrl, tenant) : null,
            TimeZone = activity.LocalTimezone ?? activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo")?.Timezone,
        }, cancellationToken);
    }

    /// <summary>
    /// Someone a message mentions, so that the bot can write to them first (kudos, a hand-over) through the service URL
    /// and tenant the mention came from. Only an account the directory cannot reach yet is written: a mention is no
    /// sign that they use Teams now, so it never makes Teams the platform they last used.
    /// </summary>
    public async Task ObserveMentionedAsync(PersonRef mentioned, Activity activity, CancellationToken cancellationToken)
    {
        if (activity.ServiceUrl is null) return;
        var known = await people.FindAsync(mentioned, cancellationToken);
        if (known?.Identity(mentioned.Key) is { ServiceUrl: not null }) return;
        // Someone already reachable on another platform stays reached there: a new account's sighting would count as their latest.
        if (known is not null && known.Identity(mentioned.Key) is null && known.Identities.Any(i => i.DirectChat is not null)) return;
        await people.ObserveAsync(new PersonSighting(mentioned)
        {
            TenantId = activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id,
            ServiceUrl = activity.ServiceUrl,
        }, cancellationToken);
    }
}

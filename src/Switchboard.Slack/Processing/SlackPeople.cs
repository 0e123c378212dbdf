using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Processing;

/// <summary>Tells the people directory about the person behind each Slack turn: profile, workspace and their DM with the bot.</summary>
internal sealed class SlackPeople(PeopleDirectory people, SlackUserDirectory users)
{
    public async Task ObserveAsync(Turn turn, CancellationToken cancellationToken)
    {
        // What building the turn looked up; never a second users.info call (not even after a failed one).
        var sighting = PersonSighting.FromTurn(turn) with { TimeZone = users.Known(turn.From.Id)?.TimeZone };
        // Only a D... channel is the bot's own direct chat with them (every personal turn today is in one).
        if (sighting.DirectChat is { } chat && !SlackIds.IsDirectMessage(chat.ConversationId)) sighting = sighting with { DirectChat = null };
        await people.ObserveAsync(sighting, cancellationToken);
    }
}

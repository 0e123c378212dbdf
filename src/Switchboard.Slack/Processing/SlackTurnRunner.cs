using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Processing;

/// <summary>
/// Completes a <see cref="SlackPendingTurn"/> (person, DM channel) and hands it to the engine in a DI scope of
/// its own, one per turn; delivers the engine's notice to the person as an ephemeral message.
/// </summary>
internal sealed class SlackTurnRunner(
    IServiceScopeFactory scopes,
    SlackUserDirectory users,
    SlackApiClient api,
    SlackPeople people)
{
    /// <summary>The turn the engine sees: the person looked up, the DM opened when the payload named no channel.</summary>
    public async Task<Turn> CompleteAsync(SlackPendingTurn pending, CancellationToken cancellationToken)
    {
        var person = await users.PersonAsync(pending.UserId, cancellationToken);
        var channelId = pending.ChannelId ?? await api.OpenDirectMessageAsync(pending.UserId, cancellationToken);
        var scope = pending.ChannelId is null ? ConversationScope.Personal : pending.Scope;
        var turn = new Turn(
            pending.DeliveryId,
            person,
            new ConversationAddress(SlackPlatform.Id, channelId, pending.ThreadId, null, pending.TeamId),
            scope,
            pending.Text,
            pending.Action,
            pending.Timestamp,
            pending.SourceMessage,
            pending.Intent)
        {
            Mentions = [
                .. await SlackMentions.FindAsync(pending.Text ?? pending.Intent?.Get(EntryPoint.TextArgument), users, cancellationToken),
                .. await SlackMentions.PickedAsync(pending.PickedUsers, users, cancellationToken)],
        };
        await people.ObserveAsync(turn, cancellationToken);
        return turn;
    }

    public async Task<TurnResult> RunAsync(Turn turn, CancellationToken cancellationToken)
    {
        await using var serviceScope = scopes.CreateAsyncScope();
        var engine = serviceScope.ServiceProvider.GetRequiredService<IConversationEngine>();
        return await engine.HandleAsync(turn, cancellationToken);
    }

    /// <summary>Shows the engine's notice (refusal or confirmation) to the person who acted, only to them.</summary>
    public async Task DeliverNoticeAsync(Turn turn, TurnResult result, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(result.Notice) || result.Outcome == TurnOutcome.Duplicate) return;
        await api.PostEphemeralAsync(
            turn.Conversation.ConversationId,
            turn.From.Id,
            BlockKit.Escape(result.Notice),
            null,
            turn.Conversation.ThreadId,
            cancellationToken);
    }
}

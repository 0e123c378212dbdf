using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>"my requests": the person's open requests and the last few closed, as the place allows.</summary>
public sealed class MyRequestsHandler(ITicketStore tickets, TicketDisclosure disclosure, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var mine = await tickets.ListByRequesterAsync(turn.From.Key, cancellationToken);
        if (mine.Count == 0)
            return await gateways.ReplyAsync(turn, "You have no requests yet. Tell me what you need and I'll file it.", cancellationToken);
        var open = mine.Where(t => t.IsOpen).ToList();
        var closed = mine.Where(t => !t.IsOpen).Take(5).ToList();
        List<string> lines = [open.Count == 0 ? "You have no open requests." : $"Your open requests ({open.Count}):"];
        foreach (var ticket in open) lines.Add("• " + await LineAsync(turn, ticket, cancellationToken));
        if (closed.Count > 0)
        {
            lines.Add("Recently closed:");
            foreach (var ticket in closed) lines.Add("• " + await LineAsync(turn, ticket, cancellationToken));
        }
        lines.Add("Write \"status IT-1001\" (with the number) for details.");
        return await gateways.ReplyAsync(turn, string.Join('\n', lines), cancellationToken);
    }

    private async Task<string> LineAsync(Turn turn, Ticket ticket, CancellationToken cancellationToken) =>
        disclosure.ListLine(ticket, await disclosure.PlaceAsync(ticket, turn.Conversation, turn.Scope, cancellationToken));
}

/// <summary>"status IT-1001": the ticket's card for its requester or an agent of its team, as the place allows.</summary>
public sealed class TicketStatusHandler(ITicketStore tickets, TicketDisclosure disclosure, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        if (!TicketNumber.TryParse(intent.Get(Verbs.Keys.Ticket), out var number))
            return await gateways.ReplyAsync(turn, "Write the request's number too, like \"status IT-1001\".", cancellationToken);
        var ticket = await tickets.GetAsync(number.Value, cancellationToken);
        var card = ticket is null ? null : await disclosure.CardForAsync(ticket, turn, cancellationToken);
        if (card is null) return await gateways.ReplyAsync(turn, TicketDisclosure.Unknown(number.Value), cancellationToken);
        await gateways.SendAsync(turn.PrivateReply(null, card), cancellationToken);
        return TurnResult.Handled();
    }
}

/// <summary>"link it [private]", by an admin in a channel: the team's new requests are posted there.</summary>
public sealed partial class LinkChannelHandler(
    TeamDirectory teams,
    TeamChannels channels,
    PlatformGateways gateways,
    ILogger<LinkChannelHandler> logger) : IIntentHandler
{
    /// <summary>The optional word that marks the channel private to the team.</summary>
    public const string PrivateWord = "private";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        if (turn.Scope == ConversationScope.Personal)
            return await gateways.ReplyAsync(turn, "Run \"link <team>\" in the channel you want to link, mentioning me there.", cancellationToken);
        var team = teams.Find(intent.Get(Verbs.Keys.Team));
        if (team is null)
            return await gateways.ReplyAsync(turn, $"Name one of the teams: {string.Join(", ", teams.All.Select(t => t.Id))}.", cancellationToken);
        // A channel the configuration gives to one team keeps that team (and its privacy).
        if (channels.ConfiguredTeamOf(turn.Conversation) is { } configured && configured != team.Id)
            return await gateways.ReplyAsync(turn, $"This channel is configured for {teams.Get(configured).Name}; change its ServiceTeamChannels setting to give it to another team.", cancellationToken);

        var isPrivate = intent.Get(PrivateWord) is not null;
        await channels.LinkAsync(team.Id, turn.Conversation, isPrivate ? ChannelPrivacy.Private : ChannelPrivacy.Open, turn.From, cancellationToken);
        LogLinked(logger, turn.From.Key, turn.Conversation.Key, team.Id);
        return await gateways.ReplyAsync(turn,
            $"Linked this channel to {team.Name}. New {team.Name} requests will be posted here as cards to work from." +
            (team.Confidentiality == Confidentiality.Confidential && !isPrivate
                ? $" Their requests are confidential, so cards here will hide the details (use \"link {team.Id} private\" for a private channel)."
                : ""),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} linked {Conversation} to team {Team}")]
    private static partial void LogLinked(ILogger logger, string person, string conversation, string team);
}

/// <summary>A new request in the person's words from a platform entry point (Slack's <c>/request ...</c>).</summary>
public sealed class NewRequestHandler(IntakeDialog intake, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) =>
        intent.Get(EntryPoint.TextArgument) is { } text
            ? intake.StartAsync(turn, text, cancellationToken)
            : gateways.ReplyAsync(turn, "Tell me what you need in your own words and I'll file it with the right team.", cancellationToken);
}

/// <summary>"cancel" alone: drops the request being drafted.</summary>
public sealed class DropDraftHandler(IntakeDialog intake, PlatformGateways gateways) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) =>
        await gateways.ReplyAsync(turn, await intake.CancelPendingAsync(turn, cancellationToken)
            ? "OK, I dropped that request; nothing was filed."
            : "There's nothing pending to cancel. To cancel a filed request, write \"cancel IT-1001\" with its number.", cancellationToken);
}

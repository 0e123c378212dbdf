using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.People;

/// <summary>
/// Writes to a person first, in their direct chat on the platform they used last: kudos from a colleague on
/// another platform, a survey, a reminder. Opens the chat when only their account is known, and says clearly
/// when they can't be reached.
/// </summary>
public sealed partial class DirectMessenger
{
    private readonly PeopleDirectory _people;
    private readonly PlatformGateways _gateways;
    private readonly Dictionary<Platform, IDirectChatOpener> _openers;
    private readonly ILogger<DirectMessenger> _logger;

    /// <summary>Creates the messenger; <paramref name="openers"/> holds one per enabled platform that can open chats.</summary>
    public DirectMessenger(PeopleDirectory people, PlatformGateways gateways, IEnumerable<IDirectChatOpener> openers, ILogger<DirectMessenger> logger)
    {
        _people = people;
        _gateways = gateways;
        _openers = openers.ToDictionary(o => o.Platform);
        _logger = logger;
    }

    /// <summary>Sends <paramref name="text"/> and/or <paramref name="card"/> to the person with this id.</summary>
    /// <remarks>A platform that fails for a passing reason (outage, rate limit) throws, so a durable caller retries.</remarks>
    public async Task<DirectMessageResult> SendAsync(PersonId person, string? text, Card? card, CancellationToken cancellationToken)
    {
        var found = await _people.GetAsync(person, cancellationToken);
        return found is null
            ? DirectMessageResult.Unreachable(DirectMessageOutcome.UnknownPerson, $"I don't know who {person} is: they have never used Switchboard.")
            : await SendAsync(found, stored: true, text, card, cancellationToken);
    }

    /// <summary>
    /// Sends to the person behind a platform account: the directory's record of them when there is one (so the
    /// platform they used last wins), else that account itself.
    /// </summary>
    /// <remarks>A platform that fails for a passing reason (outage, rate limit) throws, so a durable caller retries.</remarks>
    public async Task<DirectMessageResult> SendAsync(PersonRef person, string? text, Card? card, CancellationToken cancellationToken)
    {
        var found = await _people.FindAsync(person, cancellationToken);
        return found is not null
            ? await SendAsync(found, stored: true, text, card, cancellationToken)
            : await SendAsync(new Person
            {
                Id = PersonId.ForPlatformKey(person.Key),
                Name = person.Name,
                Email = person.Email,
                Identities = [new PlatformIdentity(person.Platform, person.Id)],
            }, stored: false, text, card, cancellationToken);
    }

    private async Task<DirectMessageResult> SendAsync(Person person, bool stored, string? text, Card? card, CancellationToken cancellationToken)
    {
        if (text is null && card is null) throw new ArgumentException("A direct message needs text or a card.", nameof(text));

        var reachable = person.Identities
            .Where(i => _gateways.Has(i.Platform) && (i.DirectChat is not null || _openers.ContainsKey(i.Platform)))
            .OrderByDescending(i => i.LastSeenAt)
            .ToList();
        if (reachable.Count == 0)
        {
            var seenOn = string.Join(" and ", person.Identities.Select(i => i.Platform.Id).Distinct());
            return DirectMessageResult.Unreachable(DirectMessageOutcome.NoReachablePlatform,
                $"I can't reach {person.Name} directly: they use Switchboard only on {seenOn}, which isn't enabled here.");
        }

        var refusals = new List<string>();
        // Their most recent platform first; one that refuses to open a chat (nothing was sent there) gives way to the next.
        foreach (var identity in reachable)
        {
            var chat = identity.DirectChat;
            if (chat is null)
            {
                try
                {
                    chat = await _openers[identity.Platform].OpenAsync(identity, cancellationToken);
                }
                catch (DirectChatRefusedException refused)
                {
                    LogRefused(_logger, identity.Platform, identity.Key, refused.Message);
                    refusals.Add(refused.Message);
                    continue;
                }
                if (stored) await _people.RememberDirectChatAsync(person.Id, identity.Key, chat, cancellationToken);
            }
            var sent = await _gateways.SendAsync(new OutboundMessage(chat, text, card), cancellationToken);
            return new DirectMessageResult(DirectMessageOutcome.Sent, sent, identity.Platform);
        }
        return DirectMessageResult.Unreachable(DirectMessageOutcome.Refused,
            $"I can't reach {person.Name} directly: {string.Join(" ", refusals)}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Platform} refused a direct chat with {PlatformKey}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Platform platform, string platformKey, string reason);
}

/// <summary>What came of a direct message.</summary>
/// <param name="Outcome">Sent, or why not.</param>
/// <param name="Message">The message sent, when it was.</param>
/// <param name="Platform">The platform it went out on, when it was sent.</param>
/// <param name="Problem">Why it could not be sent, in a sentence that can be shown to the sender.</param>
public sealed record DirectMessageResult(DirectMessageOutcome Outcome, MessageRef? Message = null, Platform? Platform = null, string? Problem = null)
{
    /// <summary>True when the message went out.</summary>
    public bool Sent => Outcome == DirectMessageOutcome.Sent;

    /// <summary>A result for a message that could not be sent.</summary>
    public static DirectMessageResult Unreachable(DirectMessageOutcome outcome, string problem) => new(outcome, Problem: problem);
}

/// <summary>How a direct message ended.</summary>
public enum DirectMessageOutcome
{
    /// <summary>Sent in the person's direct chat.</summary>
    Sent,
    /// <summary>The directory has no one with that id.</summary>
    UnknownPerson,
    /// <summary>The person has no account on a platform that is enabled here.</summary>
    NoReachablePlatform,
    /// <summary>Every platform they use refused to open a direct chat (e.g. the app is not installed for them).</summary>
    Refused,
}

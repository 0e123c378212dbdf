using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Queues;

/// <summary>
/// Shows a person their home page on a platform that has one (Slack's App Home tab). Each platform that can
/// registers one; the page is the same neutral list cards the chat commands send.
/// </summary>
public interface IHomeTabPublisher
{
    /// <summary>The platform whose home pages this publishes.</summary>
    Platform Platform { get; }

    /// <summary>Replaces <paramref name="person"/>'s home page with <paramref name="sections"/>, in order.</summary>
    Task PublishAsync(PersonRef person, IReadOnlyList<Card> sections, CancellationToken cancellationToken);
}

/// <summary>Someone who opened their home page: who they are as the platform showed them, and when.</summary>
/// <param name="Person">The person, as the turn that opened it saw them.</param>
/// <param name="OpenedAt">When they last opened it.</param>
public sealed record HomeOpened(PersonRef Person, DateTimeOffset OpenedAt);

/// <summary>
/// Home pages: "Your requests" for everyone and "Your queue" for agents. Published when the person opens the page,
/// and again when a ticket it shows changes, for the people who have opened theirs before (a small record per
/// person). Changes in a burst publish once: the first queues a refresh a little later (<see cref="QueuesOptions.HomeRefreshDelay"/>)
/// and leaves a marker; the others find the marker and leave it to that refresh, which reads the tickets after
/// removing the marker, so no change is missed.
/// </summary>
public sealed partial class HomePages(
    AgentQueues queues,
    QueueCards cards,
    TeamDirectory teams,
    IStateStore state,
    IWorkQueue work,
    PeopleDirectory people,
    IEnumerable<IHomeTabPublisher> publishers,
    IEnumerable<IHomeSection> extraSections,
    QueuesOptions options,
    TimeProvider time,
    ILogger<HomePages> logger)
{
    /// <summary>The work queue of home page refreshes.</summary>
    public const string QueueName = "home-refresh";

    /// <summary>How long the record of an opened home page is kept after the last opening.</summary>
    public static readonly TimeSpan OpenedLifetime = TimeSpan.FromDays(90);

    private readonly Dictionary<Platform, IHomeTabPublisher> _publishers = publishers.ToDictionary(p => p.Platform);

    /// <summary>The sections of <paramref name="person"/>'s home page: their requests, their queue when they are an agent, then the other modules' <see cref="IHomeSection"/>s.</summary>
    public async Task<IReadOnlyList<Card>> BuildAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A home page is the person's own: as private as a direct chat.
        var requests = await queues.RequestsOfAsync(person, cancellationToken);
        List<Card> sections = [cards.Requests(requests, _ => TicketPlace.Direct, now, QueueCards.HomeRows)];
        if (teams.TeamsOf(person).Any())
        {
            var queue = await queues.ListAsync(person, QueueView.Team, null, cancellationToken);
            sections.Add(cards.Queue(QueueView.Team, queue, null, person, _ => TicketPlace.Direct, now, QueueCards.HomeRows, QueueLists.Home));
        }
        foreach (var extra in extraSections) sections.AddRange(await extra.BuildAsync(person, cancellationToken));
        return sections;
    }

    /// <summary>Publishes <paramref name="person"/>'s home page now, on their platform, when it has home pages.</summary>
    public async Task PublishAsync(PersonRef person, CancellationToken cancellationToken)
    {
        if (!_publishers.TryGetValue(person.Platform, out var publisher)) return;
        await publisher.PublishAsync(person, await BuildAsync(person, cancellationToken), cancellationToken);
    }

    /// <summary>The person opened their home page: remember them (so changes refresh it) and publish it.</summary>
    public async Task OpenedAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var record = JsonSerializer.Serialize(new HomeOpened(person, time.GetUtcNow()), QueuesJsonContext.Default.HomeOpened);
        await state.TryWriteAsync(OpenedKey(person.Key), record, StateEntry.AnyETag, OpenedLifetime, cancellationToken);
        await PublishAsync(person, cancellationToken);
    }

    /// <summary>
    /// Queues a refresh of the home pages that show <paramref name="ticket"/>: its requester's and its team's agents'
    /// (and the agents of a team it just left), for those who have opened theirs.
    /// </summary>
    public async Task RequestRefreshAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (_publishers.Count == 0) return;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await AddKeysAsync(keys, ticket.Requester, cancellationToken);
        var teamIds = ticket.Outbox.Select(e => e.TeamId).Append(ticket.TeamId).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var team in teamIds.Select(teams.Find).OfType<ServiceTeam>())
        {
            foreach (var agent in team.Agents)
            {
                foreach (var id in agent.Ids) keys.Add(id);
                if (agent.Email is { } email && await people.FindByEmailAsync(email, cancellationToken) is { } known)
                    foreach (var identity in known.Identities) keys.Add(identity.Key);
            }
        }
        foreach (var key in keys.Where(HasPublisher))
        {
            if (await state.ReadAsync(OpenedKey(key), cancellationToken) is not null) await RequestAsync(key, cancellationToken);
        }
    }

    /// <summary>Runs a queued refresh: removes its marker first, so a change from now on queues another, then publishes.</summary>
    internal async Task RefreshAsync(string platformKey, CancellationToken cancellationToken)
    {
        await state.TryDeleteAsync(PendingKey(platformKey), StateEntry.AnyETag, cancellationToken);
        var entry = await state.ReadAsync(OpenedKey(platformKey), cancellationToken);
        if (entry is null || JsonSerializer.Deserialize(entry.Value, QueuesJsonContext.Default.HomeOpened) is not { } opened) return;
        await PublishAsync(opened.Person, cancellationToken);
        LogRefreshed(platformKey);
    }

    private async Task RequestAsync(string platformKey, CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        // The marker outlives the delay by far, so that it still stands while the refresh waits for its turn; should
        // queueing fail after it was written, it goes away on its own and the next change queues a refresh.
        if (await state.TryWriteAsync(PendingKey(platformKey), marker, null, options.HomeRefreshDelay + TimeSpan.FromMinutes(5), cancellationToken) is null)
            return;
        try
        {
            await work.EnqueueAsync(QueueName, new WorkItem($"{platformKey}:{marker}", $"home:{platformKey}", platformKey),
                time.GetUtcNow() + options.HomeRefreshDelay, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await state.TryDeleteAsync(PendingKey(platformKey), StateEntry.AnyETag, CancellationToken.None);
            throw;
        }
    }

    private async Task AddKeysAsync(HashSet<string> keys, PersonRef person, CancellationToken cancellationToken)
    {
        keys.Add(person.Key);
        if (await people.FindAsync(person, cancellationToken) is { } known)
            foreach (var identity in known.Identities) keys.Add(identity.Key);
    }

    private bool HasPublisher(string platformKey) =>
        platformKey.IndexOf(':') is > 0 and var at && _publishers.ContainsKey(new Platform(platformKey[..at]));

    private static string OpenedKey(string platformKey) => $"home-opened:{platformKey}";

    private static string PendingKey(string platformKey) => $"home-refresh:{platformKey}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published the home page of {PlatformKey} again")]
    private partial void LogRefreshed(string platformKey);
}

/// <summary>Runs the home page refreshes queued by <see cref="HomePages"/>.</summary>
internal sealed class HomeRefreshHandler(HomePages homes) : IWorkHandler
{
    public string Queue => HomePages.QueueName;

    public Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken) =>
        homes.RefreshAsync(delivery.Item.Payload, cancellationToken);
}

/// <summary>The person opened their home page (Slack's App Home tab): remember them and publish it.</summary>
public sealed class HomeOpenedHandler(HomePages homes) : IIntentHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        await homes.OpenedAsync(turn.From, cancellationToken);
        return TurnResult.Handled();
    }
}

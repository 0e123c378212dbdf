using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;

namespace Switchboard.Core.Queues;

/// <summary>The intents of the Queues module.</summary>
public static class QueueIntents
{
    /// <summary>"queue [team]": open tickets of my teams.</summary>
    public const string Queue = "queues.queue";
    /// <summary>"mine": open tickets assigned to me.</summary>
    public const string Mine = "queues.mine";
    /// <summary>"unassigned [team]": open tickets nobody has taken.</summary>
    public const string Unassigned = "queues.unassigned";
    /// <summary>The person opened their home page (Slack's App Home tab).</summary>
    public const string Home = "queues.home";
    /// <summary>"away [until Friday]".</summary>
    public const string Away = "queues.away";
    /// <summary>"back".</summary>
    public const string Back = "queues.back";
}

/// <summary>The card verbs of the Queues module and the data keys they carry.</summary>
public static class QueueVerbs
{
    /// <summary>"Assign to me" on a queue row; the list it was on is refreshed.</summary>
    public const string AssignToMe = "queue.assign-me";
    /// <summary>"Open" on a row: the ticket's card, as the person may see it.</summary>
    public const string Open = "queue.open";

    /// <summary>Keys of action data.</summary>
    public static class Keys
    {
        /// <summary>The list the row was on (<see cref="QueueLists"/>).</summary>
        public const string List = "list";
        /// <summary>The text after "away": "until Friday".</summary>
        public const string When = "when";
    }
}

/// <summary>
/// Queues: agents' queues ("queue", "mine", "unassigned") as list cards, the home page (Slack's App Home) with
/// the person's requests and, for agents, their queue, kept fresh as tickets change; auto-assignment per team and
/// "away"/"back". Everything it answers is declared here.
/// </summary>
public sealed class QueuesModule : IModule
{
    /// <inheritdoc />
    public string Name => "queues";

    /// <inheritdoc />
    public void Register(ModuleBuilder module)
    {
        module.Services.TryAddSingleton<AgentQueues>();
        module.Services.TryAddSingleton<QueueCards>();
        module.Services.TryAddSingleton<HomePages>();
        module.Services.TryAddSingleton<Availability>();
        module.Services.TryAddSingleton<AutoAssigner>();
        module.Services.TryAddSingleton<RoundRobinTurns>();
        module.Services.TryAddSingleton(new QueuesOptions());

        module.Intent<QueueListHandler>(QueueIntents.Queue, Audience.Agents)
            .Typed("queue {team?}", "open tickets of your teams, overdue first")
            .Aliases("my queue {team?}", "team queue {team?}");
        module.Intent<QueueListHandler>(QueueIntents.Mine, Audience.Agents)
            .Typed("mine", "open tickets assigned to you")
            .Aliases("assigned to me", "my assigned tickets");
        module.Intent<QueueListHandler>(QueueIntents.Unassigned, Audience.Agents)
            .Typed("unassigned {team?}", "open tickets nobody has taken yet");
        module.Intent<HomeOpenedHandler>(QueueIntents.Home)
            .On(EntrySurface.Home, "home", "Your requests and, for agents, your queue");
        module.Intent<AvailabilityHandler>(QueueIntents.Away, Audience.Agents)
            .Typed("away {when:text?}", "stop getting new tickets, e.g. \"away until Friday\"")
            .Aliases("i'm away {when:text?}", "out of office {when:text?}");
        module.Intent<AvailabilityHandler>(QueueIntents.Back, Audience.Agents)
            .Typed("back", "get new tickets again after \"away\"")
            .Aliases("i'm back", "im back");

        module.Verb<QueueActions>(QueueVerbs.AssignToMe, Actors.Agent);
        module.Verb<QueueActions>(QueueVerbs.Open, Actors.Agent | Actors.Requester);
    }
}

/// <summary>Settings of the Queues module (section <c>Queues</c>).</summary>
public sealed record QueuesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Queues";

    /// <summary>
    /// How long a home page waits after a ticket changes before it is published again, so that a burst of changes
    /// publishes it once.
    /// </summary>
    public TimeSpan HomeRefreshDelay { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>Adds the Queues module with what it runs besides its commands.</summary>
public static class QueuesServiceCollectionExtensions
{
    /// <summary>
    /// The Queues module, its home refresh queue handler and its follow-up on ticket changes (auto-assignment,
    /// home pages), with <paramref name="options"/> (defaults when null).
    /// </summary>
    public static IServiceCollection AddQueues(this IServiceCollection services, QueuesOptions? options = null)
    {
        if (options is not null) services.AddSingleton(options);
        services.AddModule<QueuesModule>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, HomeRefreshHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, AwayLeadNotices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, QueuesTicketObserver>());
        return services;
    }
}

/// <summary>After each ticket change: give a new ticket to an agent when its team says so, and refresh the home pages that show it.</summary>
internal sealed class QueuesTicketObserver(AutoAssigner assigner, HomePages homes) : ITicketChangeObserver
{
    public async Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        await assigner.AssignIfDueAsync(ticket, cancellationToken);
        await homes.RequestRefreshAsync(ticket, cancellationToken);
    }
}

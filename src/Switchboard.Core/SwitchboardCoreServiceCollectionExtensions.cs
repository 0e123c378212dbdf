using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Reports;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Work;

namespace Switchboard.Core;

/// <summary>Wires the brain: the one registration the host, the tests' engine harness and the bench share.</summary>
public static class SwitchboardCoreServiceCollectionExtensions
{
    /// <summary>
    /// The engine, the domain services, the ticket outbox and the modules. The caller registers what comes from
    /// configuration and the outside world: <see cref="TeamDirectory"/>, <see cref="AdminOptions"/>,
    /// <see cref="TicketOutboxOptions"/>, the stores, the <see cref="IWorkQueue"/>, the platform gateways,
    /// <see cref="IConfiguredTeamChannels"/> and logging. What the caller registered first (a clock, a router, an
    /// outbox on a clock of its own) is kept.
    /// </summary>
    public static IServiceCollection AddSwitchboardCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRequestRouter>(sp => HintRouter.Shared(sp.GetRequiredService<TeamDirectory>(), sp.GetRequiredService<LearnedRoutes>()));
        // Routing learns from moves; in memory unless the host chose a shared store first.
        services.TryAddSingleton(new RoutingMemoryOptions());
        services.TryAddSingleton<IRoutingMemory, MemoryRoutingMemory>();
        services.TryAddSingleton<LearnedRoutes>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, RoutingLearner>());
        // In memory unless the host chose durable storage first; the ticket outbox schedules and messages people.
        services.TryAddSingleton<IScheduler, MemoryScheduler>();
        services.TryAddSingleton<IPeopleStore, MemoryPeopleStore>();
        services.TryAddSingleton(new PeopleOptions());
        services.TryAddSingleton<PeopleDirectory>();
        services.TryAddSingleton<DirectMessenger>();
        // What ticket changes show and tell on the platforms goes through the durable outbox.
        services.TryAddSingleton<TicketOutbox>();
        // One dispatcher, whether the caller made its own (the test harness puts it on the outbox's clock) or not.
        services.TryAddSingleton<TicketOutboxDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, TicketOutboxDispatcher>(sp => sp.GetRequiredService<TicketOutboxDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, TicketOutboxGuard>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, KudosDelivery>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, Answers.AnswerCreditDelivery>());
        services.AddConversationEngine();
        // Modules: one line each.
        services.AddModule<RequestsModule>();
        services.AddModule<KudosModule>();
        services.AddReports();
        services.AddModule<Answers.AnswersModule>();
        services.AddModule<Dashboard.DashboardModule>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Conversations;

/// <summary>Adds the conversation engine and the modules it dispatches to.</summary>
public static class ModuleServiceCollectionExtensions
{
    /// <summary>
    /// The engine, the module registry and what dispatch needs, with the built-in "help". The stores,
    /// gateways, <see cref="TeamDirectory"/>, <see cref="AdminOptions"/> and <see cref="TimeProvider"/> come from the host.
    /// </summary>
    public static IServiceCollection AddConversationEngine(this IServiceCollection services)
    {
        services.TryAddSingleton<StateDocuments>();
        services.TryAddSingleton<PlatformGateways>();
        services.TryAddSingleton<TeamChannels>();
        services.TryAddSingleton<AudiencePolicy>();
        services.TryAddSingleton<CommandMatcher>();
        services.TryAddSingleton<IntentForms>();
        services.TryAddSingleton<IConversationEngine, ConversationEngine>();
        if (!ModuleRegistry.In(services).Modules.Contains(HelpModule.ModuleName))
            services.AddModule<HelpModule>();
        return services;
    }

    /// <summary>Adds a module: its commands, verbs, entry points, job kinds, services and handlers.</summary>
    /// <exception cref="InvalidOperationException">It clashes with a module added before; the message names both.</exception>
    public static IServiceCollection AddModule<TModule>(this IServiceCollection services) where TModule : IModule, new()
    {
        ModuleRegistry.In(services).Add(new TModule(), services);
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Core.Conversations;

/// <summary>What a module declares in <see cref="IModule.Register"/>; checked and added to the <see cref="ModuleRegistry"/> as a whole.</summary>
public sealed class ModuleBuilder
{
    internal ModuleBuilder(string module, IServiceCollection services)
    {
        Module = module;
        Services = services;
    }

    /// <summary>The module's name.</summary>
    public string Module { get; }

    /// <summary>
    /// The services the module's handlers need, each kept only when the host has none of its type yet. Handlers
    /// themselves are added for you; one more implementation of an extension point goes through <see cref="Extend{TService, TImplementation}"/>.
    /// </summary>
    public IServiceCollection Services { get; }

    internal List<ServiceDescriptor> Extensions { get; } = [];

    /// <summary>
    /// Adds <typeparamref name="TImplementation"/> to the implementations of the extension point <typeparamref name="TService"/>
    /// (resolved as a sequence: ticket change observers, home sections, ...), next to those of the host and other modules.
    /// </summary>
    public ModuleBuilder Extend<TService, TImplementation>() where TService : class where TImplementation : class, TService
    {
        Extensions.Add(ServiceDescriptor.Singleton<TService, TImplementation>());
        return this;
    }

    internal List<Intent> Intents { get; } = [];
    internal List<ChatCommand> Commands { get; } = [];
    internal List<CardVerb> Verbs { get; } = [];
    internal List<EntryPoint> EntryPoints { get; } = [];
    internal List<JobKind> JobKinds { get; } = [];
    internal List<Type> Fallbacks { get; } = [];
    internal List<Type> HelpSections { get; } = [];

    /// <summary>An intent answered by <typeparamref name="THandler"/>; say next how people ask for it.</summary>
    public IntentBuilder Intent<THandler>(string name, Audience audience = Audience.Everyone) where THandler : class, IIntentHandler =>
        AddIntent(name, audience, typeof(THandler));

    /// <summary>An intent answered with the form <typeparamref name="THandler"/> gives; say next how people ask for it.</summary>
    public IntentBuilder FormIntent<THandler>(string name, Audience audience = Audience.Everyone) where THandler : class, IFormIntent =>
        AddIntent(name, audience, typeof(THandler));

    /// <summary>A card verb handled by <typeparamref name="THandler"/>, usable by <paramref name="actors"/>.</summary>
    public ModuleBuilder Verb<THandler>(string verb, Actors actors) where THandler : class, ICardVerbHandler
    {
        Verbs.Add(new CardVerb(verb, actors, typeof(THandler), Module));
        return this;
    }

    /// <summary>A fallback for messages that are no command, asked after those registered before it.</summary>
    public ModuleBuilder Fallback<THandler>() where THandler : class, IConversationFallback
    {
        Fallbacks.Add(typeof(THandler));
        return this;
    }

    /// <summary>The module's part of "help".</summary>
    public ModuleBuilder HelpSection<THandler>() where THandler : class, IHelpSection
    {
        HelpSections.Add(typeof(THandler));
        return this;
    }

    /// <summary>A kind of scheduled job, run by <typeparamref name="THandler"/>.</summary>
    public ModuleBuilder JobKind<THandler>(string name) where THandler : class, Work.IModuleJob
    {
        JobKinds.Add(new JobKind(name, typeof(THandler), Module));
        return this;
    }

    private IntentBuilder AddIntent(string name, Audience audience, Type handler)
    {
        var intent = new Intent(name, audience, handler, Module);
        Intents.Add(intent);
        return new IntentBuilder(this, intent);
    }
}

/// <summary>How people ask for one intent: typed commands and platform entry points.</summary>
public sealed class IntentBuilder
{
    private readonly ModuleBuilder _module;
    private readonly Intent _intent;

    internal IntentBuilder(ModuleBuilder module, Intent intent)
    {
        _module = module;
        _intent = intent;
    }

    /// <summary>A chat command for the intent (see <see cref="CommandTemplate"/>), listed in help with <paramref name="help"/>.</summary>
    /// <exception cref="InvalidOperationException">The template is malformed.</exception>
    public IntentBuilder Typed(string template, string? help = null)
    {
        CommandTemplate parsed;
        try
        {
            parsed = CommandTemplate.Parse(template);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Module '{_module.Module}', intent '{_intent.Name}': {ex.Message}", ex);
        }
        _module.Commands.Add(new ChatCommand(_intent.Name, parsed, help, _intent.Audience, _module.Module));
        return this;
    }

    /// <summary>Other ways to type the same command, not listed in help.</summary>
    public IntentBuilder Aliases(params string[] templates)
    {
        foreach (var template in templates) Typed(template);
        return this;
    }

    /// <summary>
    /// Exposes the intent on a platform <paramref name="surface"/> as <paramref name="name"/>; with
    /// <paramref name="bareIntent"/>, that intent is asked for instead when the entry point carries no text.
    /// </summary>
    public IntentBuilder On(EntrySurface surface, string name, string description, string? bareIntent = null)
    {
        _module.EntryPoints.Add(new EntryPoint(surface, name, _intent.Name, description, bareIntent, _module.Module));
        return this;
    }
}

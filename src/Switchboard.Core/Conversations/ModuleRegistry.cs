using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Work;

namespace Switchboard.Core.Conversations;

/// <summary>
/// A feature (Requests, Recognition, ...): declares, in one place, its chat commands, card verbs, platform
/// entry points, scheduled job kinds and services. Added with
/// <see cref="ModuleServiceCollectionExtensions.AddModule{TModule}"/>, one line per module.
/// </summary>
public interface IModule
{
    /// <summary>Short lower-case name, used in start-up errors ("requests").</summary>
    string Name { get; }

    /// <summary>Declares everything the module answers.</summary>
    void Register(ModuleBuilder module);
}

/// <summary>A registered intent: what a chat command or entry point asks for, who may, and who answers.</summary>
/// <param name="Name">Prefixed name, e.g. <c>requests.status</c>.</param>
/// <param name="Audience">Who may use it.</param>
/// <param name="Handler">An <see cref="IIntentHandler"/> or <see cref="IFormIntent"/>, resolved from DI.</param>
/// <param name="Module">The module that registered it.</param>
public sealed record Intent(string Name, Audience Audience, Type Handler, string Module)
{
    /// <summary>True when the intent is answered with a form to fill in (<see cref="IFormIntent"/>).</summary>
    public bool AsksForm => typeof(IFormIntent).IsAssignableFrom(Handler);
}

/// <summary>A chat command: a message that fits <see cref="Template"/> asks for <see cref="Intent"/>.</summary>
/// <param name="Intent">The intent asked for.</param>
/// <param name="Template">The command's shape.</param>
/// <param name="Help">What the command does, for "help"; null for an alias help doesn't list.</param>
/// <param name="Audience">Who may use it (the intent's audience).</param>
/// <param name="Module">The module that registered it.</param>
public sealed record ChatCommand(string Intent, CommandTemplate Template, string? Help, Audience Audience, string Module);

/// <summary>A card verb: who may use it and who handles it.</summary>
/// <param name="Verb">Prefixed verb, e.g. <c>ticket.assign</c>.</param>
/// <param name="Actors">Who may use it, relative to the card's subject.</param>
/// <param name="Handler">The <see cref="ICardVerbHandler"/>, resolved from DI.</param>
/// <param name="Module">The module that registered it.</param>
public sealed record CardVerb(string Verb, Actors Actors, Type Handler, string Module)
{
    /// <summary>True when a person with <paramref name="roles"/> may use the verb.</summary>
    public bool Allows(Actors roles) => (Actors & (roles | Actors.Anyone)) != Actors.None;
}

/// <summary>The kinds of places outside the conversation where a platform lets a person start something.</summary>
public enum EntrySurface
{
    /// <summary>A command the platform offers by name (a Slack slash command); its text is the argument <see cref="EntryPoint.TextArgument"/>.</summary>
    Command,
    /// <summary>An action from the platform's menus, about no message (Slack global shortcut, Teams compose-box command).</summary>
    Shortcut,
    /// <summary>An action on a message (Slack message shortcut, Teams message action): arguments <see cref="EntryPoint.TextArgument"/> and <see cref="EntryPoint.LinkArgument"/>.</summary>
    MessageAction,
    /// <summary>A page of the person's own the platform shows on its own (Slack's App Home tab); opening it asks for the intent.</summary>
    Home,
}

/// <summary>
/// How a platform exposes an intent: a surface and the name the platform's app manifest gives it there
/// (<c>request</c> for Slack's <c>/request</c>; a shortcut's callback id; a message extension's command id).
/// </summary>
/// <param name="Surface">Where it appears.</param>
/// <param name="Name">Its name there, without a platform's decoration (no leading '/').</param>
/// <param name="Intent">The intent it asks for.</param>
/// <param name="Description">One line for manifests and "unknown command" answers.</param>
/// <param name="BareIntent">The intent asked for when the entry point carries no text (a slash command typed alone); null for <see cref="Intent"/>.</param>
/// <param name="Module">The module that registered it.</param>
public sealed record EntryPoint(EntrySurface Surface, string Name, string Intent, string Description, string? BareIntent, string Module)
{
    /// <summary>The argument holding the entry point's text (a slash command's text, the message acted on).</summary>
    public const string TextArgument = "text";

    /// <summary>The argument holding a link to the message acted on, when the platform gives one.</summary>
    public const string LinkArgument = "link";

    /// <summary>The argument holding the platform account id of whoever wrote the message acted on.</summary>
    public const string AuthorArgument = "author";

    /// <summary>The argument holding that author's display name, when the platform gives it.</summary>
    public const string AuthorNameArgument = "author_name";

    /// <summary>The argument saying who the author is to the person acting (<see cref="MessageAuthorKind"/>, lower case).</summary>
    public const string AuthorKindArgument = "author_kind";

    /// <summary>
    /// The intent this entry point asks for, with <paramref name="text"/>, <paramref name="link"/> and the message's
    /// <paramref name="author"/> as arguments.
    /// </summary>
    public TurnIntent Invoke(string? text, string? link = null, MessageAuthor? author = null)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(text)) arguments[TextArgument] = text.Trim();
        if (!string.IsNullOrWhiteSpace(link)) arguments[LinkArgument] = link.Trim();
        if (author is not null)
        {
            arguments[AuthorArgument] = author.Id;
            if (!string.IsNullOrWhiteSpace(author.Name)) arguments[AuthorNameArgument] = author.Name.Trim();
            arguments[AuthorKindArgument] = author.Kind.ToString().ToLowerInvariant();
        }
        return new TurnIntent(arguments.ContainsKey(TextArgument) || BareIntent is null ? Intent : BareIntent, arguments);
    }
}

/// <summary>Who wrote a message a person acts on (a message shortcut, a message action).</summary>
/// <param name="Id">The author's platform account id (Slack <c>U123</c>; Teams gives the Entra object id).</param>
/// <param name="Name">Their display name, when the platform gives it.</param>
/// <param name="Kind">A person, a bot, or the person acting.</param>
public sealed record MessageAuthor(string Id, string? Name, MessageAuthorKind Kind);

/// <summary>Who wrote the message acted on, seen from the person acting.</summary>
public enum MessageAuthorKind
{
    /// <summary>Someone else.</summary>
    Person,
    /// <summary>A bot or an app (Switchboard included).</summary>
    Bot,
    /// <summary>The person acting.</summary>
    Self,
}

/// <summary>
/// A kind of scheduled job a module runs (an SLA reminder, a survey expiry): its name and the type that
/// handles it, resolved from DI. The work scheduler runs them; the registry only records them.
/// </summary>
public sealed record JobKind(string Name, Type Handler, string Module);

/// <summary>
/// Everything the modules declared: intents, chat commands, card verbs, entry points, job kinds, fallbacks and
/// help sections. Built while services are added, so a clash between two modules stops start-up with a
/// message naming both; read-only once the host runs. The engine dispatches through it, adapters map their
/// entry points through it, and help is generated from it.
/// </summary>
public sealed partial class ModuleRegistry
{
    private readonly List<string> _modules = [];
    private readonly Dictionary<string, Intent> _intents = new(StringComparer.Ordinal);
    private readonly List<Intent> _intentOrder = [];
    private readonly List<ChatCommand> _commands = [];
    private readonly Dictionary<string, CardVerb> _verbs = new(StringComparer.Ordinal);
    private readonly List<CardVerb> _verbOrder = [];
    private readonly List<EntryPoint> _entryPoints = [];
    private readonly List<JobKind> _jobKinds = [];
    private readonly List<Type> _fallbacks = [];
    private readonly List<Type> _helpSections = [];

    /// <summary>The modules, in the order they were added.</summary>
    public IReadOnlyList<string> Modules => _modules;

    /// <summary>Every intent, in registration order.</summary>
    public IReadOnlyList<Intent> Intents => _intentOrder;

    /// <summary>Every chat command, in registration order (the order they are tried in).</summary>
    public IReadOnlyList<ChatCommand> Commands => _commands;

    /// <summary>Every card verb.</summary>
    public IReadOnlyList<CardVerb> Verbs => _verbOrder;

    /// <summary>Every platform entry point.</summary>
    public IReadOnlyList<EntryPoint> EntryPoints => _entryPoints;

    /// <summary>Every scheduled job kind.</summary>
    public IReadOnlyList<JobKind> JobKinds => _jobKinds;

    /// <summary>The <see cref="IConversationFallback"/> types, in the order they are asked.</summary>
    public IReadOnlyList<Type> Fallbacks => _fallbacks;

    /// <summary>The <see cref="IHelpSection"/> types, in module order.</summary>
    public IReadOnlyList<Type> HelpSections => _helpSections;

    /// <summary>The intent called <paramref name="name"/>, or null.</summary>
    public Intent? FindIntent(string name) => _intents.GetValueOrDefault(name);

    /// <summary>The card verb <paramref name="verb"/>, or null (a button from an older version, or not ours).</summary>
    public CardVerb? FindVerb(string verb) => _verbs.GetValueOrDefault(verb);

    /// <summary>The entry point called <paramref name="name"/> on <paramref name="surface"/>, or null.</summary>
    public EntryPoint? FindEntryPoint(EntrySurface surface, string name) =>
        _entryPoints.FirstOrDefault(e => e.Surface == surface && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The registry being built in <paramref name="services"/> (added to them the first time).</summary>
    public static ModuleRegistry In(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ModuleRegistry))?.ImplementationInstance is ModuleRegistry existing)
            return existing;
        var registry = new ModuleRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    /// <summary>
    /// Adds <paramref name="module"/>: its declarations here and its services and handlers to <paramref name="services"/>.
    /// Nothing is added when a declaration clashes with one already here.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name is taken, malformed, or refers to an unknown intent; the message names the modules.</exception>
    public void Add(IModule module, IServiceCollection services)
    {
        if (_modules.Contains(module.Name, StringComparer.Ordinal))
            throw new InvalidOperationException($"The module '{module.Name}' is added twice.");
        var declared = new ServiceCollection();
        var builder = new ModuleBuilder(module.Name, declared);
        module.Register(builder);
        Validate(module.Name, builder);

        _modules.Add(module.Name);
        foreach (var intent in builder.Intents)
        {
            _intents.Add(intent.Name, intent);
            _intentOrder.Add(intent);
        }
        _commands.AddRange(builder.Commands);
        foreach (var verb in builder.Verbs)
        {
            _verbs.Add(verb.Verb, verb);
            _verbOrder.Add(verb);
        }
        _entryPoints.AddRange(builder.EntryPoints);
        _jobKinds.AddRange(builder.JobKinds);
        _fallbacks.AddRange(builder.Fallbacks);
        _helpSections.AddRange(builder.HelpSections);

        foreach (var descriptor in declared) services.TryAdd(descriptor);
        // Extension points take one more implementation; a plain TryAdd would drop it when another module or the host has one.
        foreach (var extension in builder.Extensions) services.TryAddEnumerable(extension);
        var handlers = builder.Intents.Select(i => i.Handler)
            .Concat(builder.Verbs.Select(v => v.Handler))
            .Concat(builder.JobKinds.Select(j => j.Handler))
            .Concat(builder.Fallbacks)
            .Concat(builder.HelpSections);
        foreach (var handler in handlers.Distinct()) services.TryAddSingleton(handler);
        // The scheduler runs a module's job kinds like any other: one handler per kind.
        foreach (var job in builder.JobKinds)
        {
            var (kind, type) = (job.Name, job.Handler);
            services.AddSingleton<IJobHandler>(sp => new ModuleJobHandler(kind, (IModuleJob)sp.GetRequiredService(type)));
        }
    }

    private void Validate(string module, ModuleBuilder builder)
    {
        var intents = new Dictionary<string, Intent>(_intents, StringComparer.Ordinal);
        foreach (var intent in builder.Intents)
        {
            CheckName(module, "intent", intent.Name);
            if (intents.TryGetValue(intent.Name, out var taken))
                throw Clash($"the intent '{intent.Name}'", taken.Module, module);
            intents.Add(intent.Name, intent);
        }

        var signatures = _commands.ToDictionary(c => c.Template.Signature, StringComparer.Ordinal);
        foreach (var command in builder.Commands)
        {
            if (signatures.TryGetValue(command.Template.Signature, out var taken))
                throw Clash($"the chat command \"{command.Template}\" (as \"{taken.Template}\" for {taken.Intent})", taken.Module, module);
            signatures.Add(command.Template.Signature, command);
        }

        var verbs = new Dictionary<string, CardVerb>(_verbs, StringComparer.Ordinal);
        foreach (var verb in builder.Verbs)
        {
            CheckName(module, "card verb", verb.Verb);
            if (verb.Actors == Actors.None)
                throw new InvalidOperationException($"Module '{module}': the card verb '{verb.Verb}' names nobody who may use it.");
            if (verbs.TryGetValue(verb.Verb, out var taken))
                throw Clash($"the card verb '{verb.Verb}'", taken.Module, module);
            verbs.Add(verb.Verb, verb);
        }

        var entryPoints = new List<EntryPoint>(_entryPoints);
        foreach (var entry in builder.EntryPoints)
        {
            if (entryPoints.FirstOrDefault(e => e.Surface == entry.Surface && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase)) is { } taken)
                throw Clash($"the {entry.Surface} entry point '{entry.Name}'", taken.Module, module);
            foreach (var target in new[] { entry.Intent, entry.BareIntent }.OfType<string>())
                if (!intents.ContainsKey(target))
                    throw new InvalidOperationException($"Module '{module}': the {entry.Surface} entry point '{entry.Name}' asks for the intent '{target}', which no module registers.");
            entryPoints.Add(entry);
        }

        var jobKinds = _jobKinds.ToDictionary(j => j.Name, StringComparer.Ordinal);
        foreach (var job in builder.JobKinds)
        {
            CheckName(module, "job kind", job.Name);
            if (jobKinds.TryGetValue(job.Name, out var taken))
                throw Clash($"the job kind '{job.Name}'", taken.Module, module);
            jobKinds.Add(job.Name, job);
        }
    }

    private static void CheckName(string module, string what, string name)
    {
        if (!PrefixedName().IsMatch(name))
            throw new InvalidOperationException($"Module '{module}': the {what} '{name}' must be lower-case and prefixed with its area, like 'ticket.assign'.");
    }

    private static InvalidOperationException Clash(string what, string first, string second) =>
        new(first == second
            ? $"Module '{first}' registers {what} twice."
            : $"Modules '{first}' and '{second}' both register {what}; each name belongs to one module.");

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")]
    private static partial Regex PrefixedName();
}

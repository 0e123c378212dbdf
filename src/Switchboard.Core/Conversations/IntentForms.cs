using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Core.Conversations;

/// <summary>
/// For adapters that must answer at once (a Slack trigger expires in 3 s): the form an intent asks for,
/// without running a turn.
/// </summary>
public sealed class IntentForms(ModuleRegistry modules, IServiceProvider services)
{
    /// <summary>The action whose form to show for <paramref name="intent"/>; null when the intent is answered by a turn.</summary>
    public CardAction? For(TurnIntent intent) =>
        modules.FindIntent(intent.Name) is { AsksForm: true } registered
            ? ((IFormIntent)services.GetRequiredService(registered.Handler)).Form(intent)
            : null;
}

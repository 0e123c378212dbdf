using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Core.Conversations;

/// <summary>
/// For adapters that must answer at once (a Slack trigger expires in 3 s): the form an intent asks for,
/// without running a turn.
/// </summary>
public sealed class IntentForms(ModuleRegistry modules, IServiceProvider services)
{
    /// <summary>The action whose <see cref="CardAction.Form"/> to show for <paramref name="intent"/>; null when the intent is answered by a turn.</summary>
    /// <exception cref="InvalidOperationException">The intent's handler gave an action without a form.</exception>
    public CardAction? For(TurnIntent intent)
    {
        if (modules.FindIntent(intent.Name) is not { AsksForm: true } registered) return null;
        var action = ((IFormIntent)services.GetRequiredService(registered.Handler)).Form(intent);
        return action.Form is null
            ? throw new InvalidOperationException($"The form handler of intent '{intent.Name}' gave the action '{action.Verb}' without a form.")
            : action;
    }
}

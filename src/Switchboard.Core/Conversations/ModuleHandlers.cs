namespace Switchboard.Core.Conversations;

/// <summary>
/// Answers an intent: a chat command typed, or a platform entry point used. Registered with
/// <see cref="ModuleBuilder.Intent{THandler}"/>; the engine has already checked the intent's audience.
/// </summary>
public interface IIntentHandler
{
    /// <summary>Acts on <paramref name="intent"/> and answers through the gateways.</summary>
    Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken);
}

/// <summary>
/// Answers an intent with a form to fill in first (Slack modal, Teams dialog, a card with the form's button
/// elsewhere). The form's submission comes back as the returned action's verb, with its data and the inputs.
/// Adapters call it while the platform waits, so it must not do I/O.
/// </summary>
public interface IFormIntent
{
    /// <summary>The action whose <see cref="CardAction.Form"/> to show, prefilled from <paramref name="intent"/>.</summary>
    CardAction Form(TurnIntent intent);
}

/// <summary>Handles clicks of the card verbs it is registered for (<see cref="ModuleBuilder.Verb{THandler}"/>).</summary>
public interface ICardVerbHandler
{
    /// <summary>Acts on the clicked <paramref name="action"/>.</summary>
    Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken);
}

/// <summary>
/// Takes a message that is no chat command (a reply in a ticket's thread, an answer to a pending question,
/// a new request). Fallbacks are asked in registration order; the first that answers wins.
/// </summary>
public interface IConversationFallback
{
    /// <summary>Handles <paramref name="text"/>, or returns null to leave it to the next fallback.</summary>
    Task<TurnResult?> TryHandleAsync(Turn turn, string text, CancellationToken cancellationToken);
}

/// <summary>A module's part of "help", around the list of commands.</summary>
public interface IHelpSection
{
    /// <summary>What to say before the commands (what the module does), or null.</summary>
    string? Introduction(PersonRef person);

    /// <summary>What to say after the commands (the teams one can ask, say), or null.</summary>
    string? Details(PersonRef person);
}

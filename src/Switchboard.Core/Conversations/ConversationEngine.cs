using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Conversations;

/// <summary>
/// The conversation engine: drops redeliveries, then dispatches through the <see cref="ModuleRegistry"/>: a card
/// action to its verb's handler, an intent to its intent's handler, text to the chat command it is, else to the
/// modules' fallbacks. It knows no feature and no wire format; adding a feature never changes it.
/// </summary>
public sealed partial class ConversationEngine(
    IIdempotencyStore idempotency,
    ModuleRegistry modules,
    CommandMatcher commands,
    AudiencePolicy audiences,
    IntentForms forms,
    PlatformGateways gateways,
    IServiceProvider services,
    ILogger<ConversationEngine> logger) : IConversationEngine
{
    /// <summary>How long a delivery id is remembered: longer than any platform's redelivery window.</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(1);

    /// <summary>The answer to a button no module registers (from an older version, or not ours).</summary>
    public const string UnknownVerb = "That button is from an older version of me; please start again with \"help\".";

    /// <summary>The answer to a message no module takes.</summary>
    public const string NotUnderstood = "I'm not sure what you mean. Write \"help\" to see what I can do.";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var platform = turn.Conversation.Platform;
        using var activity = SwitchboardTelemetry.StartTurn(platform);
        try
        {
            var result = await HandleOnceAsync(turn, cancellationToken);
            SwitchboardTelemetry.TurnHandled(platform, result.Outcome, activity);
            return result;
        }
        catch (Exception e) when (SwitchboardTelemetry.TurnFailed(platform, activity, e))
        {
            throw; // Never reached: the filter only counts.
        }
    }

    private async Task<TurnResult> HandleOnceAsync(Turn turn, CancellationToken cancellationToken)
    {
        var claim = DeliveryClaim(turn);
        if (claim is not null && !await idempotency.TryClaimAsync(claim, DedupeWindow, cancellationToken))
        {
            LogDuplicate(logger, turn.Conversation.Platform.Id, turn.DeliveryId);
            return TurnResult.Duplicate;
        }

        try
        {
            return await DispatchAsync(turn, cancellationToken);
        }
        catch when (claim is not null)
        {
            // The platform redelivers what we failed to handle; give the claim back so that
            // redelivery is handled instead of dropped as a duplicate.
            await idempotency.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    private async Task<TurnResult> DispatchAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Action is { } action) return await ActionAsync(turn, action, cancellationToken);
        if (turn.Intent is { } intent) return await IntentAsync(turn, intent, cancellationToken);
        var text = turn.Text?.Trim();
        if (string.IsNullOrEmpty(text)) return TurnResult.Handled();
        if (commands.Match(text) is { } command) return await IntentAsync(turn, command, cancellationToken);

        foreach (var type in modules.Fallbacks)
        {
            var fallback = (IConversationFallback)services.GetRequiredService(type);
            if (await fallback.TryHandleAsync(turn, text, cancellationToken) is { } result) return result;
        }
        return await gateways.ReplyAsync(turn, NotUnderstood, cancellationToken);
    }

    private Task<TurnResult> ActionAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        if (modules.FindVerb(action.Verb) is not { } verb)
        {
            LogUnknownVerb(logger, turn.From.Key);
            return Task.FromResult(TurnResult.Refused(UnknownVerb));
        }
        LogAction(logger, verb.Verb, turn.From.Key);
        return ((ICardVerbHandler)services.GetRequiredService(verb.Handler)).HandleAsync(turn, action, cancellationToken);
    }

    private async Task<TurnResult> IntentAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        if (modules.FindIntent(intent.Name) is not { } registered)
        {
            LogUnknownIntent(logger, intent.Name, turn.From.Key);
            return await gateways.ReplyAsync(turn, NotUnderstood, cancellationToken);
        }
        if (!audiences.Includes(registered.Audience, turn.From))
            return await gateways.ReplyAsync(turn, AudiencePolicy.Refusal(registered.Audience), cancellationToken);

        LogIntent(logger, registered.Name, turn.From.Key);
        if (forms.For(intent) is { } form)
        {
            // Here the platform could not open the form itself: offer it as a card whose button opens it.
            await gateways.SendAsync(turn.PrivateReply(null, new Card(form.Title, null, [], [], [form])), cancellationToken);
            return TurnResult.Handled();
        }
        return await ((IIntentHandler)services.GetRequiredService(registered.Handler)).HandleAsync(turn, intent, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped redelivered {Platform} turn {DeliveryId}")]
    private static partial void LogDuplicate(ILogger logger, string platform, string? deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card action {Verb} from {Person}")]
    private static partial void LogAction(ILogger logger, string verb, string person);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intent {Intent} from {Person}")]
    private static partial void LogIntent(ILogger logger, string intent, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A card action from {Person} has a verb no module registers")]
    private static partial void LogUnknownVerb(ILogger logger, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intent {Intent} from {Person} is registered by no module")]
    private static partial void LogUnknownIntent(ILogger logger, string intent, string person);

    /// <summary>
    /// The <see cref="IIdempotencyStore"/> key the engine claims for the turn's delivery (null without a delivery id).
    /// A durable work handler redelivering a turn whose first run was cut off by a crash (no chance to give the
    /// claim back) releases it, so the turn runs again instead of being dropped as a duplicate.
    /// </summary>
    public static string? DeliveryClaim(Turn turn) => turn.DeliveryKey is { } delivery ? $"turn:{delivery}" : null;
}

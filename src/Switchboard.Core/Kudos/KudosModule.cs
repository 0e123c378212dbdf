using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>The intents of the Kudos module.</summary>
public static class KudosIntents
{
    /// <summary>"kudos @Alex for ... #value", Slack's <c>/kudos</c>.</summary>
    public const string Give = "kudos.give";
    /// <summary>"kudos stats".</summary>
    public const string Stats = "kudos.stats";
    /// <summary>"kudos topup @Alex 5" (admins).</summary>
    public const string TopUp = "kudos.topup";
    /// <summary>"leaderboard [week|month|quarter|all] [givers|receivers] [team|team:&lt;department&gt;|#value]".</summary>
    public const string Leaderboard = "kudos.leaderboard";
}

/// <summary>
/// Kudos: peer recognition with company values, a fair allowance explained when it bites, a card in each
/// platform's recognition channel and a direct message to each receiver, on whichever platform they use.
/// </summary>
public sealed class KudosModule : IModule
{
    /// <inheritdoc />
    public string Name => "kudos";

    /// <inheritdoc />
    public void Register(ModuleBuilder module)
    {
        // The host binds the section and picks the store (KudosDelivery, a work handler, is added with the core); without them (tests, the bench) the defaults apply.
        module.Services.TryAddSingleton(new KudosOptions());
        module.Services.TryAddSingleton<IKudosStore, MemoryKudosStore>();
        module.Services.TryAddSingleton<KudosService>();

        // The specific commands first: the first template a message fits wins.
        KudosNudges.Register(module);
        module.Intent<KudosStatsHandler>(KudosIntents.Stats)
            .Typed("kudos stats", "what you gave and received, and what you have left")
            .Aliases("my kudos");
        module.Intent<KudosTopUpHandler>(KudosIntents.TopUp, Audience.Admins)
            .Typed("kudos topup {text:text}", "add to someone's allowance: kudos topup @Alex 5");
        module.Intent<KudosLeaderboardHandler>(KudosIntents.Leaderboard)
            .Typed("leaderboard {options:text?}", "who was thanked most: leaderboard [week|month|quarter|all] [givers|receivers] [team|team:<department>|#value]");
        module.Intent<KudosGiveHandler>(KudosIntents.Give)
            .Typed("kudos {text:text?}", "thank colleagues: kudos @Alex for fixing my laptop #ownership")
            .Aliases("give kudos {text:text?}", "kudos to {text:text?}")
            .On(EntrySurface.Command, "kudos", "Thank colleagues: /kudos @alex for fixing my laptop #ownership (no text opens the form)",
                bareIntent: KudosForm.Intent);
        // The form: Slack's global and message shortcuts, and Teams' "Give kudos" message extension (compose box and message menu).
        module.FormIntent<KudosFormIntent>(KudosForm.Intent)
            .On(EntrySurface.Shortcut, KudosForm.GiveEntryPoint, "Opens the kudos form")
            .On(EntrySurface.MessageAction, KudosForm.GiveEntryPoint, "Thank the author of this message")
            .On(EntrySurface.MessageAction, KudosForm.ThankAuthorEntryPoint, "Thank the author of this message");
        module.Verb<KudosFormHandler>(KudosForm.Verb, Actors.Anyone);

        module.Verb<KudosPlusOneHandler>(KudosVerbs.PlusOne, Actors.Anyone);
        // The answered survey's "Thank …" (the handler checks it is the requester's own ticket).
        module.Extend<Requests.ISurveyThanks, TicketThanksOffer>();
        module.Verb<TicketThanks>(KudosVerbs.ThankTicket, Actors.Requester);
        module.HelpSection<KudosHelp>();
    }
}

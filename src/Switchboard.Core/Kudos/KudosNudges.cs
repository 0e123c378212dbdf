using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Kudos;

/// <summary>The intents of the fair board and the nudges.</summary>
public static class KudosNudgeIntents
{
    /// <summary>"leaderboard fair [week|month|quarter|all] [team]".</summary>
    public const string FairBoard = "kudos.fair-board";
    /// <summary>"unsung [week|month|quarter|all] [team]".</summary>
    public const string Unsung = "kudos.unsung";
    /// <summary>"kudos reminders off|on".</summary>
    public const string Reminders = "kudos.reminders";
}

/// <summary>
/// The part of the Kudos module that keeps it alive and fair: the fair board and unsung helpers, the kudos section
/// of the home page, the weekly round-up with one-click thanks, the reminder to give, and "+1" repainting the card.
/// </summary>
public static class KudosNudges
{
    /// <summary>Registers it with the Kudos module, before the module's catch-all "kudos {text}" so its commands win.</summary>
    public static void Register(ModuleBuilder module)
    {
        var services = module.Services;
        services.TryAddSingleton<IKudosActivityStore, MemoryKudosActivityStore>();
        services.TryAddSingleton<FairBoard>();
        services.TryAddSingleton<KudosRoundUps>();
        services.TryAddSingleton<KudosGiveReminders>();
        module.Extend<IKudosFollowUp, KudosNudgeFollowUp>();
        module.Extend<ITicketChangeObserver, KudosTicketObserver>();
        module.Extend<IHomeSection, KudosHomeSection>();

        module.Intent<KudosRemindersHandler>(KudosNudgeIntents.Reminders)
            .Typed("kudos reminders {setting:text?}", "kudos reminders off (or on): the weekly round-up and reminders to give");
        module.Intent<KudosFairBoardHandler>(KudosNudgeIntents.FairBoard)
            .Typed("leaderboard fair {options:text?}", "thanks per resolved ticket, by agent and team: leaderboard fair [week|month|quarter|all] [team]");
        module.Intent<KudosUnsungHandler>(KudosNudgeIntents.Unsung)
            .Typed("unsung {options:text?}", "agents who resolve many tickets and get few thanks: unsung [week|month|quarter|all] [team]")
            .Aliases("leaderboard unsung {options:text?}");
        module.Verb<KudosRoundUpThanks>(KudosNudgeNames.RoundUpThankVerb, Actors.Requester);
        module.JobKind<KudosRoundUpJob>(KudosNudgeNames.RoundUpJob);
        module.JobKind<KudosReminderJob>(KudosNudgeNames.ReminderJob);
    }
}

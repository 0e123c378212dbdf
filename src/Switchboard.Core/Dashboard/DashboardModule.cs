using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Dashboard;

/// <summary>The intents of the Dashboard module.</summary>
public static class DashboardIntents
{
    /// <summary>"dashboard": a lead's signed link to their teams' dashboard.</summary>
    public const string Link = "dashboard.link";
}

/// <summary>
/// The leads' dashboard in chat: "dashboard" answers a team lead with a signed, expiring link limited to the teams
/// they lead (in their direct chat, never where others see it), and anyone else with what the dashboard is and
/// who may open it. The weekly digest (<see cref="WeeklyDigests"/>) brings the same link to each lead.
/// </summary>
public sealed class DashboardModule : IModule
{
    /// <inheritdoc />
    public string Name => "dashboard";

    /// <inheritdoc />
    public void Register(ModuleBuilder module)
    {
        // The host binds the section and signs with the configured key; without them (tests, the bench) links are
        // signed with a key of this process alone and have no address to point at until one is given.
        module.Services.TryAddSingleton(new DashboardOptions());
        module.Services.TryAddSingleton(sp => new DashboardTokens(
            sp.GetRequiredService<DashboardOptions>().SigningKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            sp.GetRequiredService<TimeProvider>()));
        module.Services.TryAddSingleton<DashboardLinks>();
        module.Services.TryAddSingleton<WeeklyDigests>();
        module.JobKind<WeeklyDigestJob>(DigestSchedule.JobKind);

        module.Intent<DashboardLinkHandler>(DashboardIntents.Link)
            .Typed("dashboard", "team leads: your teams' dashboard (requests, SLA, satisfaction, kudos)")
            .Aliases("my dashboard", "team dashboard", "open dashboard", "dashboard link");
    }
}

/// <summary>"dashboard": the lead's link as a button, in their direct chat; a clear no for everyone else.</summary>
public sealed class DashboardLinkHandler(DashboardLinks links, PlatformGateways gateways, People.DirectMessenger messenger) : IIntentHandler
{
    /// <summary>What a person who leads no team is told.</summary>
    public const string NotALead =
        "The dashboard is for service team leads: it shows their teams' requests, response and resolution times, SLA, " +
        "satisfaction and kudos. You don't lead a service team, so I can't give you a link. If you should, ask a " +
        "Switchboard admin to add you to the team's Leads.";

    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken)
    {
        var led = links.TeamsLedBy(turn.From);
        if (led.Count == 0) return await gateways.ReplyAsync(turn, NotALead, cancellationToken);

        var lead = await links.PersonIdOfAsync(turn.From, cancellationToken);
        if (links.For(lead, led.Select(t => t.Id)) is not { } link)
            return await gateways.ReplyAsync(turn, "The dashboard's address isn't configured yet (Dashboard:PublicUrl). Please ask a Switchboard admin.", cancellationToken);
        var card = DashboardCards.Link(link, led);

        if (turn.Scope == ConversationScope.Personal)
        {
            await gateways.SendAsync(new OutboundMessage(turn.Conversation, null, card), cancellationToken);
            return TurnResult.Handled();
        }
        // The link opens the team's reports for whoever holds it: it never goes where others could copy it.
        var sent = await messenger.SendAsync(turn.From, null, card, cancellationToken);
        return await gateways.ReplyAsync(turn, sent.Sent
            ? "I sent you your dashboard link in our direct chat: it opens your teams' reports, so I don't post it here."
            : $"{sent.Problem} Write \"dashboard\" to me in a direct chat and I'll answer there.", cancellationToken);
    }
}

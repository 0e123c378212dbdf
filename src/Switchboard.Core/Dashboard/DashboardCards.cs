using System.Globalization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Dashboard;

/// <summary>The cards that carry a lead's dashboard link.</summary>
public static class DashboardCards
{
    /// <summary>The button's title on every card that links to the dashboard.</summary>
    public const string OpenTitle = "Open the dashboard";

    /// <summary>The answer to "dashboard": which teams the link shows and until when it works.</summary>
    public static Card Link(DashboardLink link, IReadOnlyList<ServiceTeam> teams) =>
        new("Your team dashboard",
            "Requests over time, response and resolution times, SLA, backlog, satisfaction and kudos for the teams you lead. " +
            "The link is yours alone: it works without signing in, so please don't forward it.",
            [
                new CardFact(teams.Count == 1 ? "Team" : "Teams", string.Join(", ", teams.Select(t => t.Name))),
                new CardFact("Link works until", Expiry(link.Access.ExpiresAt)),
            ],
            [], [])
        {
            Links = [new CardLink(OpenTitle, link.Url)],
        };

    /// <summary>An expiry as people read it, in UTC so it means the same everywhere: "Tue 1 Dec, 09:00 UTC".</summary>
    public static string Expiry(DateTimeOffset at) =>
        at.UtcDateTime.ToString("ddd d MMM, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Requests;

/// <summary>The Requests part of "help": how to ask, the teams one can ask, and what an agent does.</summary>
public sealed class RequestsHelp(TeamDirectory teams) : IHelpSection
{
    /// <inheritdoc />
    public string Introduction(PersonRef person) =>
        "Tell me what you need in your own words (\"my VPN drops every call\", \"update my bank details for payroll\") " +
        "and I'll file it with the right team and keep you posted here.";

    /// <inheritdoc />
    public string Details(PersonRef person)
    {
        var teamList = string.Join("\n", teams.All.Select(t => $"• {t.Name}: {t.Options.Description}"));
        var agentOf = teams.TeamsOf(person).Select(t => t.Name).ToList();
        return "Teams:\n" + teamList +
               (agentOf.Count > 0 ? $"\n\nYou're an agent of {string.Join(", ", agentOf)}: work requests from the cards in your team's channel." : "");
    }
}

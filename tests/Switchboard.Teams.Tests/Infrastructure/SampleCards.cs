using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>The cards Switchboard really sends (built by <see cref="TicketCards"/>), for the renderer's checks.</summary>
public static class SampleCards
{
    private static readonly DateTimeOffset Filed = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    public static readonly TicketCards Cards = new(new TeamDirectory(new ServiceTeamsOptions
    {
        Teams =
        [
            Team("it", "IT Support", "IT", "Laptops, VPN, accounts", confidential: false),
            Team("hr", "People & HR", "HR", "Pay, leave, contracts", confidential: true),
            Team("facilities", "Workplace & Facilities", "FAC", "Desks, rooms, building", confidential: false),
        ],
    }));

    public static RequestDraft Draft(string text = "My VPN drops every call since Monday", string summary = "VPN drops every call") =>
        new("d-1", text, "it", summary, Priority.Normal, DraftStage.Confirm, Filed);

    public static Ticket Ticket(TicketStatus status, string summary = "VPN drops every call", string details = "My VPN drops every call since Monday.",
        string teamId = "it", string? resolution = null)
    {
        var requester = new PersonRef(TeamsPlatform.Id, TeamsPayloads.RequesterId, TeamsPayloads.RequesterName, "maya.patel@contoso.example");
        return new Ticket(new TicketNumber(teamId == "hr" ? "HR" : "IT", 1001), teamId, requester,
            new ConversationAddress(TeamsPlatform.Id, TeamsPayloads.PersonalConversationId), summary, details, Priority.High, status,
            teamId == "hr" ? Confidentiality.Confidential : Confidentiality.Normal, Filed, Filed.AddHours(4), Filed.AddDays(2))
        {
            Assignee = status == TicketStatus.New ? null : new PersonRef(TeamsPlatform.Id, TeamsPayloads.AgentId, TeamsPayloads.AgentName),
            Resolution = resolution ?? (status == TicketStatus.Resolved ? "Reinstalled the VPN client." : null),
            ResolvedAt = status == TicketStatus.Resolved ? Filed.AddHours(3) : null,
        };
    }

    /// <summary>Every card a person meets, by name: the confirmation, the team choice, and each ticket card in each status.</summary>
    public static IEnumerable<(string Name, Card Card)> All()
    {
        var draft = Draft();
        yield return ("confirmation", Cards.Confirmation(draft));
        yield return ("team choice", Cards.TeamChoice(draft, ["it", "facilities"], "VPN could be IT or Facilities."));
        yield return ("draft closed", TicketCards.DraftClosed(draft, "Cancelled."));
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            yield return ($"requester card, {status}", Cards.ForRequester(Ticket(status)));
            yield return ($"team card, {status}", Cards.ForTeam(Ticket(status), ChannelPrivacy.Private));
        }
        yield return ("confidential team card in a shared channel", Cards.ForTeam(Ticket(TicketStatus.New, teamId: "hr"), ChannelPrivacy.Open));
    }

    private static ServiceTeamOptions Team(string id, string name, string prefix, string description, bool confidential) => new()
    {
        Id = id,
        Name = name,
        TicketPrefix = prefix,
        Description = description,
        Confidential = confidential,
        Agents =
        [
            new AgentOptions { Name = TeamsPayloads.AgentName, Email = "alex.kim@contoso.example" },
            new AgentOptions { Name = "Priya Nair", Email = "priya.nair@contoso.example" },
        ],
    };
}

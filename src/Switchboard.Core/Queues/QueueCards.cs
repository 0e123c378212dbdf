using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Queues;

/// <summary>The list cards of the Queues module: an agent's queues and a person's own requests, row by row with buttons.</summary>
public sealed class QueueCards(TeamDirectory teams)
{
    /// <summary>Rows in a list sent in chat: a Slack message holds 50 blocks, and a row takes two.</summary>
    public const int ChatRows = 10;

    /// <summary>Rows of a home page section: a Slack home holds 100 blocks for both sections.</summary>
    public const int HomeRows = 15;

    /// <summary>
    /// An agent's queue: <paramref name="tickets"/> (in queue order, all of them; the first <paramref name="rows"/> are
    /// shown), each as <paramref name="placeOf"/> allows, with "Assign to me" where nobody has it and "Open".
    /// </summary>
    public Card Queue(QueueView view, IReadOnlyList<Ticket> tickets, ServiceTeam? only, PersonRef agent, Func<Ticket, TicketPlace> placeOf, DateTimeOffset now, int rows, string list)
    {
        var scope = only is null ? string.Join(", ", teams.TeamsOf(agent).Select(t => t.Name)) : only.Name;
        var title = view switch
        {
            QueueView.Mine => $"Assigned to you ({tickets.Count} open)",
            QueueView.Unassigned => $"Unassigned ({tickets.Count})",
            _ => $"Your queue ({tickets.Count} open)",
        };
        var command = view switch
        {
            QueueView.Mine => "mine",
            QueueView.Unassigned => "unassigned",
            _ => "queue",
        };
        string text;
        if (tickets.Count == 0)
            text = view switch
            {
                QueueView.Mine => "Nothing is assigned to you. \"unassigned\" lists what nobody has taken yet.",
                QueueView.Unassigned => "Every open ticket has an agent.",
                _ => "No open tickets. Nice.",
            };
        else if (tickets.Count > rows)
            text = $"The first {rows} of {tickets.Count}, overdue first." +
                   (only is null && teams.TeamsOf(agent).Skip(1).Any()
                       ? $" Narrow it to one team, e.g. \"{command} {teams.TeamsOf(agent).First().Id}\"."
                       : view == QueueView.Team ? " \"unassigned\" or \"mine\" narrows it." : "");
        else text = "Overdue first, then by when they are due.";

        var items = tickets.Take(rows).Select(ticket =>
        {
            var team = teams.Get(ticket.TeamId);
            var data = Data(ticket, list, only);
            List<CardAction> actions = [];
            if (ticket.Assignee is null && team.IsAgent(agent))
                actions.Add(new CardAction("Assign to me", QueueVerbs.AssignToMe, data, ActionStyle.Positive));
            actions.Add(new CardAction("Open", QueueVerbs.Open, data));
            return Row(ticket, team, placeOf(ticket), now, actions, forAgent: true);
        }).ToList();
        return new Card(title, text, [], [], [], scope, tickets.Any(t => QueueOrder.Rank(t, teams.Find(t.TeamId), now).Urgency == QueueUrgency.Overdue) ? CardAccent.Warning : CardAccent.Default)
        {
            Items = items,
        };
    }

    /// <summary>A person's own requests (open first), each with "Open".</summary>
    public Card Requests(IReadOnlyList<Ticket> tickets, Func<Ticket, TicketPlace> placeOf, DateTimeOffset now, int rows)
    {
        var open = tickets.Count(t => t.IsOpen);
        var text = tickets.Count == 0
            ? "You have no requests yet. Tell me what you need in a direct message and I'll file it."
            : open == 0 ? "None of your requests is open." : null;
        var items = tickets.Take(rows).Select(ticket =>
            Row(ticket, teams.Get(ticket.TeamId), placeOf(ticket), now,
                [new CardAction("Open", QueueVerbs.Open, Data(ticket, QueueLists.Requests, null))], forAgent: false)).ToList();
        if (tickets.Count > rows) text = $"Your latest {rows} of {tickets.Count}; \"status IT-1001\" (with the number) shows any of them.";
        return new Card($"Your requests ({open} open)", text, [], [], []) { Items = items };
    }

    private static CardItem Row(Ticket ticket, ServiceTeam team, TicketPlace place, DateTimeOffset now, IReadOnlyList<CardAction> actions, bool forAgent)
    {
        var summary = TicketDisclosure.ShowsDetails(ticket, place) ? ticket.Summary : $"Confidential {team.Name} request";
        var rank = QueueOrder.Rank(ticket, team, now);
        List<string> detail = [];
        if (ticket.IsOpen && rank.Urgency is QueueUrgency.Overdue or QueueUrgency.AtRisk)
            detail.Add(rank.Urgency == QueueUrgency.Overdue ? "Overdue" : "At risk");
        detail.Add(TicketCards.StatusText(ticket.Status));
        detail.Add(team.Name);
        if (forAgent) detail.Add($"from {ticket.Requester.Name}");
        detail.Add(ticket.Assignee is { } assignee ? $"with {assignee.Name}" : "unassigned");
        if (ticket.IsOpen && rank.Due is { } due) detail.Add($"due {TicketCards.Format(due)}");
        var accent = !ticket.IsOpen ? CardAccent.Muted : rank.Urgency switch
        {
            QueueUrgency.Overdue or QueueUrgency.AtRisk => CardAccent.Warning,
            _ => CardAccent.Default,
        };
        return new CardItem($"{ticket.Number} · {summary}", string.Join(" · ", detail), actions, accent);
    }

    private static Dictionary<string, string> Data(Ticket ticket, string list, ServiceTeam? only)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [Verbs.Keys.Ticket] = ticket.Number.ToString(), [QueueVerbs.Keys.List] = list };
        if (only is not null) data[Verbs.Keys.Team] = only.Id;
        return data;
    }
}

/// <summary>The lists a row's buttons come from, so a click can refresh the list it was on.</summary>
public static class QueueLists
{
    /// <summary>"queue".</summary>
    public const string Team = "queue";
    /// <summary>"mine".</summary>
    public const string Mine = "mine";
    /// <summary>"unassigned".</summary>
    public const string Unassigned = "unassigned";
    /// <summary>A person's own requests.</summary>
    public const string Requests = "requests";
    /// <summary>A home page.</summary>
    public const string Home = "home";

    /// <summary>The list a queue view is sent as in chat.</summary>
    public static string Of(QueueView view) => view switch
    {
        QueueView.Mine => Mine,
        QueueView.Unassigned => Unassigned,
        _ => Team,
    };

    /// <summary>The queue view of a chat list, or null for a list that is no queue.</summary>
    public static QueueView? ViewOf(string? list) => list switch
    {
        Team => QueueView.Team,
        Mine => QueueView.Mine,
        Unassigned => QueueView.Unassigned,
        _ => null,
    };
}

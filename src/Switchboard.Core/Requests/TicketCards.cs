using System.Globalization;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Core.Service;

namespace Switchboard.Core.Requests;

/// <summary>Builds the neutral cards for drafts and tickets.</summary>
public sealed class TicketCards(TeamDirectory teams, TimeProvider? time = null, IEnumerable<ISurveyThanks>? thanks = null,
    IEnumerable<ITeamCardActions>? extras = null)
{
    /// <summary>"Here's your request": team, summary and priority to confirm.</summary>
    public Card Confirmation(RequestDraft draft)
    {
        var team = teams.Get(draft.TeamId!);
        var data = DraftData(draft);
        List<CardFact> facts = [new("Team", team.Name), new("Handles", team.Options.Description)];
        if (draft.NeededBy is { } neededBy)
            facts.Add(new CardFact("Needed by", $"{NeededByText(neededBy)} (your time), from \"{draft.NeededByWords}\""));
        return new Card(
            "Here's your request",
            draft.Text,
            facts,
            [
                new CardInput(Verbs.Keys.Summary, "Summary", InputKind.Text, InputRequirement.Required, draft.Summary, MaxLength: RequestText.MaxSummaryLength),
                PriorityInput(draft.Priority),
            ],
            [
                new CardAction("Submit", Verbs.IntakeSubmit, data, ActionStyle.Positive),
                new CardAction("Choose another team", Verbs.IntakeChooseTeam, data),
                // Cancel must work with the summary emptied: giving up is not blocked by a required field.
                new CardAction("Cancel", Verbs.IntakeCancel, data, ActionStyle.Destructive, CardInputs: InputUse.Ignore),
            ],
            team.Confidentiality == Confidentiality.Confidential
                ? $"{team.Name} requests are confidential: only {team.Name} sees the details."
                : $"Check it and submit; {team.Name} will pick it up.");
    }

    /// <summary>"Which team should handle this?" with the likeliest teams first.</summary>
    public Card TeamChoice(RequestDraft draft, IReadOnlyList<string> likelyTeamIds, string? why)
    {
        var ordered = likelyTeamIds.Select(teams.Find).OfType<ServiceTeam>()
            .Concat(teams.All).DistinctBy(t => t.Id).ToList();
        return new Card(
            "Which team should handle this?",
            draft.Text,
            [],
            [
                new CardInput(Verbs.Keys.Team, "Team", InputKind.Choice, InputRequirement.Required,
                    draft.TeamId ?? ordered[0].Id,
                    Choices: ordered.Select(t => new CardChoice(t.Id, $"{t.Name} — {t.Options.Description}")).ToList()),
            ],
            [
                new CardAction("Continue", Verbs.IntakeSetTeam, DraftData(draft), ActionStyle.Positive),
                new CardAction("Cancel", Verbs.IntakeCancel, DraftData(draft), ActionStyle.Destructive, CardInputs: InputUse.Ignore),
            ],
            why ?? "I'm not sure which team owns this. Pick one and I'll file it there.");
    }

    /// <summary>A draft that was cancelled or replaced.</summary>
    public static Card DraftClosed(RequestDraft draft, string reason) =>
        new("Request not filed", draft.Text, [], [], [], reason, CardAccent.Muted);

    /// <summary>The requester's copy of the ticket.</summary>
    public Card ForRequester(Ticket ticket)
    {
        var team = teams.Get(ticket.TeamId);
        var data = TicketData(ticket);
        List<CardAction> actions = [];
        if (ticket.IsOpen)
        {
            actions.Add(new CardAction("Add info", Verbs.AddInfo, data, Form: new CardForm(
                "Add information",
                [new CardInput(Verbs.Keys.Note, "What would you like to add?", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
                "Send")));
            actions.Add(new CardAction("Cancel request", Verbs.Cancel, data, ActionStyle.Destructive));
        }
        else if (ticket.Status == TicketStatus.Resolved)
        {
            actions.Add(new CardAction("Reopen", Verbs.Reopen, data, Form: new CardForm(
                "Reopen request",
                [new CardInput(Verbs.Keys.Note, "What is still not working?", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
                "Reopen")));
        }
        List<CardFact> facts =
        [
            new("Team", team.Name),
            new("Status", StatusText(ticket.Status)),
            new("Priority", ticket.Priority.ToString()),
            new("Assigned to", ticket.Assignee?.Name ?? "Not yet assigned"),
            new("Filed", Format(ticket.CreatedAt)),
        ];
        if (ticket.IsOpen && ticket.NeededBy is { } neededBy) facts.Add(new CardFact("Needed by", $"{NeededByText(neededBy)} (your time)"));
        if (ticket.Resolution is not null) facts.Add(new CardFact("Resolution", ticket.Resolution));
        return new Card($"{ticket.Number} · {ticket.Summary}", ticket.Details, facts, [], actions,
            StatusLine(ticket), Accent(ticket.Status));
    }

    /// <summary>
    /// The team's copy of the ticket. In a channel that is not private, a confidential ticket shows who,
    /// number, status and a generic subject only.
    /// </summary>
    public Card ForTeam(Ticket ticket, ChannelPrivacy privacy)
    {
        var team = teams.Get(ticket.TeamId);
        var redacted = ticket.Confidentiality == Confidentiality.Confidential && privacy != ChannelPrivacy.Private;
        var data = TicketData(ticket);
        var primary = PrimaryAgentVerbs(ticket.Status);
        var actions = TicketWorkflow.AgentVerbs(ticket.Status)
            .Select(verb => AgentAction(verb, ticket, team, data) with
            {
                Prominence = primary.Contains(verb) ? ActionProminence.Primary : ActionProminence.Secondary,
            })
            .Concat((extras ?? []).SelectMany(e => e.For(ticket, redacted)))
            .OrderBy(action => action.Prominence)
            .ToList();
        List<CardFact> facts =
        [
            new("Requester", ticket.Requester.Name),
            new("Status", StatusText(ticket.Status)),
            new("Priority", ticket.Priority.ToString()),
            new("Assigned to", ticket.Assignee?.Name ?? "Unassigned"),
            new("Filed", Format(ticket.CreatedAt)),
        ];
        if (ticket.IsOpen && ticket.FirstRespondedAt is null && ticket.FirstResponseDue is { } respond)
            facts.Add(new CardFact("Respond by", Format(respond)));
        if (ticket.IsOpen && ticket.ResolutionDue is { } resolve)
            facts.Add(new CardFact("Resolve by", Format(resolve)));
        var sla = ticket.IsOpen ? SlaClock.Evaluate(ticket, team, (time ?? TimeProvider.System).GetUtcNow()) : null;
        if (sla is not null && SlaText(sla) is { } slaText) facts.Add(new CardFact("SLA", slaText));
        // Read from the request's words: hidden with them where a confidential request's text is.
        if (!redacted && ticket.IsOpen && ticket.NeededBy is { } neededBy)
            facts.Add(new CardFact("Needed by", $"{NeededByText(neededBy)} requester's time ({Format(neededBy)})"));
        if (!redacted && ticket.Resolution is not null) facts.Add(new CardFact("Resolution", ticket.Resolution));
        if (!redacted && ticket.History.FirstOrDefault() is { Kind: TicketEventKind.Created, Note: { } tried }) facts.Add(new CardFact("Tried first", tried));
        if (ticket.History.LastOrDefault(e => e.Kind == TicketEventKind.Moved) is { FromTeamId: { } from } moved)
            facts.Add(new CardFact("Moved from", $"{teams.Find(from)?.Name ?? from} by {moved.ActorName}" + (moved.Note is { } why && !redacted ? $": {why}" : "")));
        var title = redacted ? $"{ticket.Number} · Confidential {team.Name} request" : $"{ticket.Number} · {ticket.Summary}";
        var text = redacted
            ? $"Details are hidden in this channel. {team.Name} agents can read them with \"status {ticket.Number}\" in a direct chat with me."
            : ticket.Details;
        var accent = sla?.Worst is SlaState.AtRisk or SlaState.Breached ? CardAccent.Warning : Accent(ticket.Status);
        return new Card(title, text, facts, [], actions, $"{team.Name} · {StatusLine(ticket)}", accent);
    }

    /// <summary>
    /// "Did this fix it?": the resolution, Yes / No (reopen, with what is still wrong), a 1–5 rating and a comment.
    /// Shown to the requester only, in her direct chat; once answered, expired or withdrawn it says so and asks nothing.
    /// </summary>
    public Card Survey(Ticket ticket)
    {
        var survey = ticket.Survey ?? throw new InvalidOperationException($"{ticket.Number} has no survey.");
        var title = $"{ticket.Number} · {ticket.Summary}";
        switch (survey.State)
        {
            case SurveyState.Answered:
                List<CardFact> facts = [new("Fixed", survey.Fixed == true ? "Yes" : "No, reopened")];
                if (survey.Rating is { } rating) facts.Add(new CardFact("Your rating", $"{Stars(rating)} {rating}/5"));
                if (survey.Comment is { } comment) facts.Add(new CardFact("Your comment", comment));
                // Fixed: the people who did it can be thanked from here, in one click (offered by recognition, when it is on).
                var next = survey.Fixed == true ? (thanks ?? []).Select(t => t.ThankAction(ticket)).OfType<CardAction>().Take(1).ToList() : [];
                return new Card(title, null, facts, [], next, "Thank you for your answer.", survey.Fixed == true ? CardAccent.Good : CardAccent.Warning);
            case SurveyState.Expired:
                return new Card(title, ticket.Resolution, [], [], [], $"This question has expired. Not fixed? Reply \"reopen {ticket.Number}\".", CardAccent.Muted);
            case SurveyState.Withdrawn:
                return new Card(title, null, [], [], [], "Reopened, so this question no longer applies.", CardAccent.Muted);
        }
        var data = TicketData(ticket);
        return new Card(
            title,
            $"{survey.Agent.Name} resolved it:\n{ticket.Resolution}\n\nDid this fix it?",
            [new CardFact("Team", teams.Get(survey.TeamId).Name)],
            [
                new CardInput(Verbs.Keys.Rating, "How was it? (optional)", InputKind.Choice,
                    Choices: [.. Enumerable.Range(1, 5).Reverse().Select(r => new CardChoice(r.ToString(CultureInfo.InvariantCulture), $"{Stars(r)} {RatingWords[r - 1]}"))]),
                new CardInput(Verbs.Keys.Comment, "Comment (optional)", InputKind.MultilineText, MaxLength: RequestText.MaxLength),
            ],
            [
                new CardAction("Yes, it's fixed", Verbs.SurveyFixed, data, ActionStyle.Positive),
                new CardAction("No, still broken", Verbs.SurveyNotFixed, data, Form: new CardForm(
                    "What's still wrong?",
                    [new CardInput(Verbs.Keys.Note, "What is still not working?", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
                    "Reopen")),
            ],
            $"Resolved {Format(survey.SentAt)} · only you see this",
            CardAccent.Good);
    }

    /// <summary>A question or message from the team to the requester, with Reply (added to the request as information).</summary>
    public Card Question(Ticket ticket, string text) => new(
        $"{ticket.Number} · {ticket.Summary}",
        text,
        [],
        [],
        [
            new CardAction("Reply", Verbs.AddInfo, TicketData(ticket), ActionStyle.Positive, new CardForm(
                "Reply",
                [new CardInput(Verbs.Keys.Note, "Your answer", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
                "Send")),
        ],
        TeamName(ticket));

    private string TeamName(Ticket ticket) => teams.Get(ticket.TeamId).Name;

    /// <summary>A low rating as its team's lead gets it, with "Follow up" to write to the requester.</summary>
    public Card FollowUp(Ticket ticket, string what) => new(
        $"Low rating on {ticket.Number}",
        what,
        [new CardFact("Team", teams.Get(ticket.TeamId).Name), new CardFact("Status", StatusText(ticket.Status))],
        [],
        [
            new CardAction("Follow up", Verbs.FollowUp, TicketData(ticket), ActionStyle.Positive, new CardForm(
                "Follow up",
                [new CardInput(Verbs.Keys.Note, $"Message to {ticket.Requester.Name}", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
                "Send")),
        ],
        "You lead this team, so you hear about low ratings.",
        CardAccent.Warning);

    private static readonly string[] RatingWords = ["Poor", "Fair", "Good", "Very good", "Excellent"];

    private static string Stars(int rating) => new string('★', rating) + new string('☆', 5 - rating);

    /// <summary>Where the ticket stands against its targets: "Breached", "At risk", "On track", "Paused".</summary>
    public static string? SlaText(SlaStatus sla)
    {
        var worst = new[] { sla.FirstResponse, sla.Resolution }.OfType<SlaTargetStatus>().FirstOrDefault(t => t.State == sla.Worst);
        return worst?.State switch
        {
            SlaState.Breached => $"Breached: {Name(worst.Target)} was due {Format(worst.Due!.Value)}",
            SlaState.AtRisk => $"At risk: {Name(worst.Target)} due {Format(worst.Due!.Value)}",
            SlaState.OnTrack => "On track",
            SlaState.Paused => "Paused while waiting on the requester",
            _ => null,
        };

        static string Name(SlaTarget target) => target == SlaTarget.FirstResponse ? "first response" : "resolution";
    }

    /// <summary>One line per ticket, for "my requests".</summary>
    public static string ListLine(Ticket ticket, ServiceTeam team) =>
        $"{ticket.Number} · {ticket.Summary} — {StatusText(ticket.Status)} ({team.Name}" +
        (ticket.Assignee is null ? ")" : $", {ticket.Assignee.Name})");

    /// <summary>Human text for a status.</summary>
    public static string StatusText(TicketStatus status) => status switch
    {
        TicketStatus.New => "New",
        TicketStatus.Assigned => "Assigned",
        TicketStatus.InProgress => "In progress",
        TicketStatus.WaitingOnRequester => "Waiting on requester",
        TicketStatus.Resolved => "Resolved",
        TicketStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>A deadline on the wall clock of the offset it carries (the requester's): "Fri 4 Dec, 17:00".</summary>
    public static string NeededByText(DateTimeOffset at) =>
        at.ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Formats a time for cards: "22 Nov 2026 14:05 UTC".</summary>
    public static string Format(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The two buttons the team card shows for a status: the next step and Resolve. The others go in the
    /// card's "More" menu, because Teams cuts the titles of five buttons side by side ("Assig…", "Re…").
    /// </summary>
    private static string[] PrimaryAgentVerbs(TicketStatus status) => status switch
    {
        TicketStatus.New => [Verbs.AssignToMe, Verbs.Resolve],
        TicketStatus.Assigned => [Verbs.Start, Verbs.Resolve],
        TicketStatus.InProgress => [Verbs.WaitOnRequester, Verbs.Resolve],
        TicketStatus.WaitingOnRequester => [Verbs.Start, Verbs.Resolve],
        _ => [Verbs.Reopen],
    };

    // Form titles name no ticket: the form opens on (or, in a Slack modal, under) the ticket's own card, and
    // a Slack modal title holds 24 characters.
    private CardAction AgentAction(string verb, Ticket ticket, ServiceTeam team, IReadOnlyDictionary<string, string> data) => verb switch
    {
        Verbs.AssignToMe => new CardAction("Assign to me", verb, data, ActionStyle.Positive),
        Verbs.Assign => new CardAction("Assign to someone", verb, data, Form: new CardForm(
            "Assign to someone",
            [new CardInput(Verbs.Keys.Assignee, "Agent", InputKind.Choice, InputRequirement.Required,
                Choices: team.Agents.Select(a => new CardChoice(AgentKey(a), a.Name)).ToList())],
            "Assign")),
        Verbs.Start => new CardAction("In progress", verb, data),
        Verbs.WaitOnRequester => new CardAction("Waiting on requester", verb, data, Form: new CardForm(
            "Ask the requester",
            [new CardInput(Verbs.Keys.Note, "Question (sent to the requester)", InputKind.MultilineText, MaxLength: RequestText.MaxLength)],
            "Ask")),
        Verbs.Resolve => new CardAction("Resolve", verb, data, ActionStyle.Positive, new CardForm(
            "Resolve request",
            [new CardInput(Verbs.Keys.Note, "Resolution note (sent to the requester)", InputKind.MultilineText, InputRequirement.Required, MaxLength: RequestText.MaxLength)],
            "Resolve")),
        Verbs.Reopen => new CardAction("Reopen", verb, data, Form: new CardForm(
            "Reopen request",
            [new CardInput(Verbs.Keys.Note, "Why? (optional, the team sees it)", InputKind.MultilineText, MaxLength: RequestText.MaxLength)],
            "Reopen")),
        Verbs.Move => new CardAction("Move to another team", verb, data, Form: new CardForm(
            "Move to another team",
            [
                new CardInput(Verbs.Keys.Team, "Team", InputKind.Choice, InputRequirement.Required,
                    Choices: teams.All.Where(t => t.Id != ticket.TeamId).Select(t => new CardChoice(t.Id, t.Name)).ToList()),
                new CardInput(Verbs.Keys.Note, "Why? (optional, both teams see it)", InputKind.MultilineText, MaxLength: RequestText.MaxLength),
            ],
            "Move")),
        _ => new CardAction(verb, verb, data),
    };

    /// <summary>The value an "assign to" choice carries for an agent: e-mail, else the first platform id.</summary>
    public static string AgentKey(AgentOptions agent) => agent.Email ?? agent.Ids.FirstOrDefault() ?? agent.Name;

    private static CardInput PriorityInput(Priority selected) =>
        new(Verbs.Keys.Priority, "Priority", InputKind.Choice, InputRequirement.Required, selected.ToString(),
            Choices: Enum.GetValues<Priority>().Reverse().Select(p => new CardChoice(p.ToString(), p.ToString())).ToList());

    private static IReadOnlyDictionary<string, string> DraftData(RequestDraft draft) =>
        new Dictionary<string, string> { [Verbs.Keys.Draft] = draft.DraftId };

    private static IReadOnlyDictionary<string, string> TicketData(Ticket ticket) =>
        new Dictionary<string, string> { [Verbs.Keys.Ticket] = ticket.Number.ToString() };

    private static string StatusLine(Ticket ticket) => ticket.Status switch
    {
        TicketStatus.Resolved when ticket.ResolvedAt is { } at => $"Resolved {Format(at)}",
        _ => StatusText(ticket.Status),
    };

    private static CardAccent Accent(TicketStatus status) => status switch
    {
        TicketStatus.Resolved => CardAccent.Good,
        TicketStatus.WaitingOnRequester => CardAccent.Warning,
        TicketStatus.Cancelled => CardAccent.Muted,
        _ => CardAccent.Default,
    };
}

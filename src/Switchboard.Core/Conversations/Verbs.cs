namespace Switchboard.Core.Conversations;

/// <summary>The card verbs of the Requests module (registered in <see cref="Requests.RequestsModule"/>), and the data keys they carry.</summary>
public static class Verbs
{
    /// <summary>Submit the drafted request.</summary>
    public const string IntakeSubmit = "intake.submit";
    /// <summary>Show the team choice for the draft.</summary>
    public const string IntakeChooseTeam = "intake.choose-team";
    /// <summary>Set the draft's team (input <see cref="Keys.Team"/>).</summary>
    public const string IntakeSetTeam = "intake.set-team";
    /// <summary>Discard the draft.</summary>
    public const string IntakeCancel = "intake.cancel";
    /// <summary>File a request directly from a form (team, summary, details, priority).</summary>
    public const string RequestFile = "request.file";

    /// <summary>The clicking agent takes the ticket.</summary>
    public const string AssignToMe = "ticket.assign-me";
    /// <summary>Assign to the agent in <see cref="Keys.Assignee"/>.</summary>
    public const string Assign = "ticket.assign";
    /// <summary>Mark in progress.</summary>
    public const string Start = "ticket.start";
    /// <summary>Wait on the requester (optional question in <see cref="Keys.Note"/>).</summary>
    public const string WaitOnRequester = "ticket.wait";
    /// <summary>Resolve with the note in <see cref="Keys.Note"/>.</summary>
    public const string Resolve = "ticket.resolve";
    /// <summary>Reopen a resolved ticket.</summary>
    public const string Reopen = "ticket.reopen";
    /// <summary>Move to the team in <see cref="Keys.Team"/>.</summary>
    public const string Move = "ticket.move";
    /// <summary>The requester cancels the request.</summary>
    public const string Cancel = "ticket.cancel";
    /// <summary>The requester adds the text in <see cref="Keys.Note"/>.</summary>
    public const string AddInfo = "ticket.add-info";
    /// <summary>An agent's message in the ticket's thread, relayed to the requester (typed, not a button).</summary>
    public const string Reply = "ticket.reply";

    /// <summary>The requester answers "did this fix it?" with yes, a rating and a comment.</summary>
    public const string SurveyFixed = "survey.fixed";

    /// <summary>The requester answers "did this fix it?" with no, and why: the ticket reopens.</summary>
    public const string SurveyNotFixed = "survey.not-fixed";

    /// <summary>A team lead writes to a requester who gave a low rating.</summary>
    public const string FollowUp = "ticket.follow-up";

    /// <summary>The person says which waiting request their message answers.</summary>
    public const string ReplyToTicket = "reply.to-ticket";

    /// <summary>The person says their message is a new request, not an answer.</summary>
    public const string ReplyIsNewRequest = "reply.new-request";

    /// <summary>A scheduled job changes the ticket (a survey expires, a reminder goes out); never on a card.</summary>
    public const string Timer = "ticket.timer";

    /// <summary>Keys of action data and inputs.</summary>
    public static class Keys
    {
        /// <summary>Draft id.</summary>
        public const string Draft = "draft";
        /// <summary>Ticket number ("IT-1001").</summary>
        public const string Ticket = "ticket";
        /// <summary>Team id.</summary>
        public const string Team = "team";
        /// <summary>One-line summary.</summary>
        public const string Summary = "summary";
        /// <summary>Full request text.</summary>
        public const string Details = "details";
        /// <summary>Priority name.</summary>
        public const string Priority = "priority";
        /// <summary>Free text: resolution note, question, added info.</summary>
        public const string Note = "note";
        /// <summary>Agent e-mail or platform key.</summary>
        public const string Assignee = "assignee";
        /// <summary>A 1–5 rating.</summary>
        public const string Rating = "rating";
        /// <summary>A kept message (<see cref="PendingReply"/>).</summary>
        public const string Reply = "reply";
        /// <summary>A comment with a rating.</summary>
        public const string Comment = "comment";
    }
}

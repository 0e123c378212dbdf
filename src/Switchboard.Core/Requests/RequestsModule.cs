using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Requests;

/// <summary>The intents of the Requests module (ticket changes typed as commands use their verb's name).</summary>
public static class RequestIntents
{
    /// <summary>"my requests", Slack's <c>/requests</c>.</summary>
    public const string Mine = "requests.mine";
    /// <summary>"status IT-1001".</summary>
    public const string Status = "requests.status";
    /// <summary>A new request in the person's words (Slack's <c>/request the printer is jammed</c>).</summary>
    public const string New = "requests.new";
    /// <summary>The request form (Slack's <c>/request</c> alone, its shortcuts).</summary>
    public const string Form = "requests.form";
    /// <summary>"cancel" alone: drop the request being drafted.</summary>
    public const string DropDraft = "requests.drop-draft";
    /// <summary>"link it [private]" in a channel: the team's requests are posted there.</summary>
    public const string LinkChannel = "requests.link-channel";
}

/// <summary>
/// Requests: people ask in their own words or through a form, tickets are routed to a service team, worked
/// from cards, and the requester is kept informed. Everything it answers is declared here.
/// </summary>
public sealed class RequestsModule : IModule
{
    /// <inheritdoc />
    public string Name => "requests";

    /// <inheritdoc />
    public void Register(ModuleBuilder module)
    {
        module.Services.TryAddSingleton<TicketCards>();
        module.Services.TryAddSingleton<TicketDisclosure>();
        module.Services.TryAddSingleton<TicketService>();
        module.Services.TryAddSingleton<TicketTimers>();
        // The host binds the section; without it (tests, the bench) the defaults apply.
        module.Services.TryAddSingleton(new SurveyOptions());

        module.Intent<MyRequestsHandler>(RequestIntents.Mine)
            .Typed("my requests", "your requests and their status")
            .Aliases("requests", "my request", "my tickets", "tickets", "list", "show my requests")
            .On(EntrySurface.Command, "requests", "See your open requests");
        module.Intent<TicketStatusHandler>(RequestIntents.Status)
            .Typed("status {ticket}", "one request in detail")
            .Aliases("{ticket}", "show {ticket}", "check {ticket}", "status of {ticket}", "what's the status of {ticket}",
                "what is the status of {ticket}", "where is {ticket}", "any news on {ticket}");
        module.Intent<TicketActions>(Verbs.AddInfo)
            .Typed("add info {ticket} {note:text?}", "tell the team more")
            .Aliases("add {ticket} {note:text?}", "info {ticket} {note:text?}");
        module.Intent<TicketActions>(Verbs.Cancel)
            .Typed("cancel {ticket} {note:text?}", "withdraw a request you filed")
            .Aliases("withdraw {ticket} {note:text?}");
        module.Intent<TicketActions>(Verbs.Reopen)
            .Typed("reopen {ticket} {note:text?}", "reopen a resolved request that isn't fixed");
        module.Intent<DropDraftHandler>(RequestIntents.DropDraft)
            .Aliases("cancel", "never mind", "nevermind", "stop");
        module.Intent<LinkChannelHandler>(RequestIntents.LinkChannel, Audience.Admins)
            .Typed("link {team} [private]", "in a channel, post that team's requests there");
        module.Intent<NewRequestHandler>(RequestIntents.New)
            .On(EntrySurface.Command, "request", "Ask a service team for help (no text opens the request form)", bareIntent: RequestIntents.Form);
        module.FormIntent<RequestFormHandler>(RequestIntents.Form)
            .On(EntrySurface.Shortcut, "new_request", "Opens the request form")
            .On(EntrySurface.MessageAction, "create_request", "Files a request with this message's text and a link to it");

        foreach (var intake in new[] { Verbs.IntakeSubmit, Verbs.IntakeChooseTeam, Verbs.IntakeSetTeam, Verbs.IntakeCancel, Verbs.RequestFile })
            module.Verb<IntakeDialog>(intake, Actors.Anyone);
        foreach (var work in new[] { Verbs.AssignToMe, Verbs.Assign, Verbs.Start, Verbs.WaitOnRequester, Verbs.Resolve, Verbs.Move, Verbs.Reply })
            module.Verb<TicketActions>(work, Actors.Agent);
        module.Verb<TicketActions>(Verbs.Reopen, Actors.Agent | Actors.Requester);
        module.Verb<TicketActions>(Verbs.Cancel, Actors.Requester);
        module.Verb<TicketActions>(Verbs.AddInfo, Actors.Requester);
        module.Verb<SurveyActions>(Verbs.SurveyFixed, Actors.Requester);
        module.Verb<SurveyActions>(Verbs.SurveyNotFixed, Actors.Requester);
        module.Verb<SurveyActions>(Verbs.FollowUp, Actors.Lead);
        module.Verb<WaitingReplies>(Verbs.ReplyToTicket, Actors.Anyone);
        module.Verb<WaitingReplies>(Verbs.ReplyIsNewRequest, Actors.Anyone);
        foreach (var kind in TicketTimerKinds.All) module.JobKind<TicketTimerJob>(kind);

        // In a ticket's thread people talk about that ticket.
        module.Fallback<TicketThreadReplies>();
        // A request waiting on its requester takes her next message; small talk never opens the request form.
        module.Fallback<WaitingReplies>();
        module.Fallback<SmallTalk>();
        module.Fallback<IntakeDialog>();
        module.HelpSection<RequestsHelp>();
    }
}

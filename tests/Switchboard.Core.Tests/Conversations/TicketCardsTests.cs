using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

/// <summary>What the ticket cards offer, before any platform renders them.</summary>
public sealed class TicketCardsTests
{
    private readonly EngineHarness _h = new();

    private static Ticket Ticket(TicketStatus status) =>
        new(new TicketNumber("FAC", 1234), "facilities", Maya, Dm(Maya), "Air conditioning is too loud", "It hums all day.",
            Priority.Normal, status, Confidentiality.Normal, DateTimeOffset.UnixEpoch, null, null)
        {
            Assignee = status == TicketStatus.New ? null : Alex,
        };

    [Theory]
    [InlineData(TicketStatus.New, new[] { Verbs.AssignToMe, Verbs.Resolve })]
    [InlineData(TicketStatus.Assigned, new[] { Verbs.Start, Verbs.Resolve })]
    [InlineData(TicketStatus.InProgress, new[] { Verbs.WaitOnRequester, Verbs.Resolve })]
    [InlineData(TicketStatus.WaitingOnRequester, new[] { Verbs.Start, Verbs.Resolve })]
    [InlineData(TicketStatus.Resolved, new[] { Verbs.Reopen })]
    public void TeamCard_ShowsTheNextStepAndResolveAsButtonsAndEveryOtherVerbInTheMoreMenu(TicketStatus status, string[] buttons)
    {
        var card = _h.Cards.ForTeam(Ticket(status), ChannelPrivacy.Private);

        Assert.Equal(buttons, card.Actions.Where(a => a.Prominence == ActionProminence.Primary).Select(a => a.Verb));
        // A resolved ticket can also be saved as an answer (the Answers module's button).
        Assert.Equal(TicketWorkflow.AgentVerbs(status).Concat(status == TicketStatus.Resolved ? [AnswerVerbs.Save] : []).Order(), card.Actions.Select(a => a.Verb).Order());
        // Buttons first, so a platform without a menu still shows the main ones first.
        Assert.Equal(card.Actions.OrderBy(a => a.Prominence).Select(a => a.Verb), card.Actions.Select(a => a.Verb));
    }

    [Fact]
    public void FormTitles_FitASlackModalTitleAndNameNoTicket()
    {
        Card[] cards =
        [
            .. Enum.GetValues<TicketStatus>().Select(s => _h.Cards.ForTeam(Ticket(s), ChannelPrivacy.Private)),
            .. Enum.GetValues<TicketStatus>().Select(s => _h.Cards.ForRequester(Ticket(s))),
        ];

        var titles = cards.SelectMany(c => c.Actions).Select(a => a.Form?.Title).OfType<string>().Distinct().Order().ToList();

        Assert.Equal(["Add information", "Ask the requester", "Assign to someone", "Move to another team", "Reopen request", "Resolve request", "Save as an answer"], titles);
        Assert.All(titles, t => Assert.True(t.Length <= 24, $"'{t}' is longer than a Slack modal title"));
    }

    [Fact]
    public async Task Cancel_OnTheConfirmationAndTheTeamChoice_IgnoresTheCardsInputs()
    {
        await _h.SayAsync(Maya, "My VPN drops every call");
        var confirmation = _h.CardOf(_h.LastCardIn(Dm(Maya).ConversationId));
        var draft = new RequestDraft("d-1", "Something", null, "Something", Priority.Normal, DraftStage.ChooseTeam, DateTimeOffset.UnixEpoch);
        var choice = _h.Cards.TeamChoice(draft, ["it"], null);

        Assert.Equal(InputUse.Ignore, confirmation.Actions.Single(a => a.Verb == Verbs.IntakeCancel).CardInputs);
        Assert.Equal(InputUse.Ignore, choice.Actions.Single(a => a.Verb == Verbs.IntakeCancel).CardInputs);
        Assert.Equal(InputUse.Send, confirmation.Actions.Single(a => a.Verb == Verbs.IntakeSubmit).CardInputs);
    }
}

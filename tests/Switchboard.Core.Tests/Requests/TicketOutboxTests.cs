using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Tests.Fakes;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Requests;

/// <summary>
/// The ticket outbox: what a change has to show and tell is stored with it, delivered afterwards, retried
/// when the platform refuses, never sent twice, and never lost between storing and queueing.
/// </summary>
public sealed class TicketOutboxTests
{
    private readonly EngineHarness _h = new();

    private static bool IsTeamCardPost(OutboundMessage message) =>
        message.To.ConversationId == "team:it" && message.To.ThreadId is null && message.Card is not null;

    private IEnumerable<string> Receipts => _h.Gateway.TextsTo("dm:maya").Where(t => t.StartsWith("Filed IT-1001", StringComparison.Ordinal));

    [Fact]
    public async Task Filing_WhenTheTeamCardPostIsRefused_PostsItOnTheNextAttemptAndSendsTheReceiptOnce()
    {
        var refusals = 1;
        _h.Gateway.SendFault = m => IsTeamCardPost(m) && refusals-- > 0 ? new HttpRequestException("The platform answered 500.") : null;

        var ticket = await _h.FileAsync();

        Assert.Equal(2, _h.Gateway.Attempts.Count(IsTeamCardPost));
        var posted = Assert.Single(_h.Gateway.Sent, s => IsTeamCardPost(s.Message));
        Assert.Equal(posted.Ref, Assert.Single(ticket.TeamCards));
        Assert.Single(Receipts);
        Assert.Empty(ticket.Outbox);
    }

    [Fact]
    public async Task Filing_WhenTheTeamCardPostGetsNoAnswer_NeverPostsItAgain()
    {
        _h.Gateway.SendFault = m => IsTeamCardPost(m) ? new DeliveryUncertainException("The platform did not answer.") : null;

        var ticket = await _h.FileAsync();

        Assert.Single(_h.Gateway.Attempts, IsTeamCardPost);
        Assert.Empty(ticket.TeamCards);
        Assert.Empty(ticket.Outbox);
        Assert.Single(Receipts);
        Assert.Contains(_h.Logs.Lines, l => l.Contains("it may have arrived, so it is not sent again"));
    }

    [Fact]
    public async Task Change_IsStoredWithWhatItMustShowAndTell_AndNothingIsSentUntilTheOutboxRuns()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var updates = _h.Gateway.Updates.Count;
        _h.DrainAfterEachTurn = false;

        await _h.ClickAsync(Alex, teamCard, "Assign to me");

        var stored = await _h.ReloadAsync(ticket);
        Assert.Equal(TicketStatus.Assigned, stored.Status);
        Assert.Equal([TicketEffectKind.Repaint, TicketEffectKind.ThreadNote, TicketEffectKind.Notice, TicketEffectKind.Timers], stored.Outbox.Select(e => e.Kind));
        Assert.Equal(updates, _h.Gateway.Updates.Count);
        Assert.DoesNotContain(_h.Gateway.TextsTo("dm:maya"), t => t.Contains("is on it"));

        await _h.DrainOutboxAsync();

        Assert.Empty((await _h.ReloadAsync(ticket)).Outbox);
        Assert.Single(_h.Gateway.TextsTo("dm:maya"), t => t == "IT-1001: Alex Kim is on it.");
        Assert.Contains(_h.CardOf(teamCard).Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
    }

    [Fact]
    public async Task Filing_WhoseDeliveryCouldNotBeQueued_IsDeliveredWhenItsGuardComesDue()
    {
        var queue = (FlakyWorkQueue?)null;
        var h = new EngineHarness(outboxQueue: inner => queue = new FlakyWorkQueue(inner) { FailingQueue = TicketOutbox.QueueName });
        await h.SayAsync(Maya, "My VPN drops every call");
        queue!.FailNextEnqueues = 1;

        // As if the process died right after storing the ticket: it is filed, its delivery never queued.
        var submitted = await h.ClickAsync(Maya, h.LastCardIn("dm:maya"), "Submit");
        var ticket = Assert.Single(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal(TurnOutcome.Handled, submitted.Outcome);
        Assert.Empty(ticket.TeamCards);
        Assert.NotEmpty(ticket.Outbox);

        await h.RunGuardsAsync();

        ticket = await h.ReloadAsync(ticket);
        Assert.Single(ticket.TeamCards);
        Assert.Empty(ticket.Outbox);
        Assert.Single(h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("Filed IT-1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redelivery_OfATurnThatStoredItsChangeButNeverQueuedIt_DeliversTheChangeOnce()
    {
        var queue = (FlakyWorkQueue?)null;
        var h = new EngineHarness(outboxQueue: inner => queue = new FlakyWorkQueue(inner) { FailingQueue = TicketOutbox.QueueName });
        var ticket = await h.FileAsync();
        var thread = ticket.TeamCards.Single().Address;
        queue!.FailNextEnqueues = 1;
        h.Gateway.FailOnce = m => m.Text == "Sent to Maya Patel.";

        await Assert.ThrowsAsync<HttpRequestException>(() => h.SayAsync(Alex, "Can you try the wired network?", thread, deliveryId: "late"));
        Assert.DoesNotContain(h.Gateway.TextsTo("dm:maya"), t => t.Contains("wired network"));
        await h.SayAsync(Alex, "Can you try the wired network?", thread, deliveryId: "late");

        Assert.Single(h.Gateway.TextsTo("dm:maya"), t => t.Contains("writes: Can you try the wired network?"));
        Assert.Empty((await h.ReloadAsync(ticket)).Outbox);
    }

    [Fact]
    public async Task TwoChangesDeliveredTogether_PaintEachCardOnceWithTheLatestState()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var updates = _h.Gateway.Updates.Count;
        _h.DrainAfterEachTurn = false;

        await _h.ClickAsync(Alex, teamCard, "Assign to me");
        await _h.ClickAsync(Alex, teamCard, "In progress");
        await _h.DrainOutboxAsync();

        var painted = _h.Gateway.Updates.Skip(updates).ToList();
        Assert.Single(painted, u => u.Ref.MessageId == teamCard.MessageId);
        Assert.Single(painted, u => u.Ref.MessageId == ticket.RequesterCard!.MessageId);
        Assert.Contains(_h.CardOf(teamCard).Facts, f => f is { Label: "Status", Value: "In progress" });
        Assert.Contains(_h.CardOf(ticket.RequesterCard!).Facts, f => f is { Label: "Status", Value: "In progress" });
    }

    [Fact]
    public async Task ClickAnsweredByThePlatform_IsNotRepaintedButEveryOtherCopyIs()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        var updates = _h.Gateway.Updates.Count;

        var result = await _h.ClickAsync(Alex, teamCard, "Assign to me", refresh: ClickedCardRefresh.Answer);

        Assert.Contains(result.ReplacementCard!.Facts, f => f is { Label: "Assigned to", Value: "Alex Kim" });
        var painted = _h.Gateway.Updates.Skip(updates).ToList();
        Assert.DoesNotContain(painted, u => u.Ref.MessageId == teamCard.MessageId);
        Assert.Single(painted, u => u.Ref.MessageId == ticket.RequesterCard!.MessageId);
    }

    [Fact]
    public async Task ClickAnsweredWhileAnOlderRepaintOfThatCardWasUnderway_IsRepaintedWithTheLatestState()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        _h.DrainAfterEachTurn = false;
        await _h.ClickAsync(Alex, teamCard, "Assign to me");
        // While the outbox repaints the card with the assignment, Alex clicks "In progress" on it; the platform
        // shows him the answer, and then the older repaint lands on top of it.
        var clicked = false;
        _h.Gateway.BeforeUpdate = async (target, _) =>
        {
            if (clicked || target.MessageId != teamCard.MessageId) return;
            clicked = true;
            await _h.ClickAsync(Alex, teamCard, "In progress", refresh: ClickedCardRefresh.Answer);
        };

        await _h.DrainOutboxAsync();

        Assert.True(clicked);
        Assert.Contains(_h.CardOf(teamCard).Facts, f => f is { Label: "Status", Value: "In progress" });
        Assert.Empty((await _h.ReloadAsync(ticket)).Outbox);
    }

    [Fact]
    public async Task TeamChannelThatKeepsRefusing_EndsAsADeadLetterWhileEverythingElseIsDeliveredOnce()
    {
        _h.Gateway.SendFault = m => IsTeamCardPost(m) ? new HttpRequestException("The bot was removed from the channel.") : null;

        var ticket = await _h.FileAsync();

        Assert.Equal(5, _h.Gateway.Attempts.Count(IsTeamCardPost));
        Assert.Single(Receipts);
        Assert.Equal([TicketEffectKind.PostTeamCards], ticket.Outbox.Select(e => e.Kind));
        var dead = Assert.Single(await _h.Outbox.ListDeadLettersAsync(TicketOutbox.QueueName, 10, CancellationToken.None));
        Assert.Contains("1 of IT-1001's deliveries failed", dead.Error);
    }

    [Fact]
    public async Task MoveWhileTheNewCardIsBeingPosted_ClosesThatCardToo()
    {
        var ticket = await _h.FileAsync();
        var teamCard = ticket.TeamCards.Single();
        _h.DrainAfterEachTurn = false;
        await _h.ClickAsync(Alex, teamCard, "Move to another team", new Dictionary<string, string> { [Verbs.Keys.Team] = "facilities" });
        // Facilities' new card is being posted when Chris (facilities) moves the ticket back to IT.
        var movedBack = false;
        _h.Gateway.BeforeSend = async m =>
        {
            if (movedBack || m.To.ConversationId != "team:facilities" || m.Card is null) return;
            movedBack = true;
            var chris = new PersonRef(TestPlatforms.Playground, "chris", "Chris Novak", "chris@contoso.example");
            var outcome = await _h.Service.ChangeAsync(ticket.Number, new TicketChange(Verbs.Move, chris, TargetTeam: _h.Teams.Get("it")), CancellationToken.None);
            Assert.NotNull(outcome.Ticket);
        };

        await _h.DrainOutboxAsync();

        Assert.True(movedBack);
        var facilitiesCard = _h.Gateway.Sent.Single(s => s.Message.To.ConversationId == "team:facilities" && s.Message.Card is not null).Ref;
        Assert.Empty(_h.CardOf(facilitiesCard).Actions);
        Assert.Equal("Moved to IT Support", _h.CardOf(facilitiesCard).Subtitle);
        var final = await _h.ReloadAsync(ticket);
        Assert.Equal("it", final.TeamId);
        Assert.DoesNotContain(final.TeamCards, c => c.Address.ConversationId == "team:facilities");
        Assert.Empty(final.Outbox);
    }
}

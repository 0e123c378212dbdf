using Switchboard.Core.Requests;
using Switchboard.Core.Tests.Fakes;
using static Switchboard.Core.Tests.Fakes.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

public sealed class ConfidentialityTests
{
    private const string Request = "Please update my bank details for payroll, new IBAN DE89370400440532013000";

    [Fact]
    public async Task ConfidentialTicket_InAnOpenChannel_ShowsRequesterNumberAndStatusButNeverTheText()
    {
        var h = new EngineHarness();

        var ticket = await h.FileAsync(Maya, Request);

        Assert.Equal(Confidentiality.Confidential, ticket.Confidentiality);
        var card = h.CardOf(ticket.TeamCards.Single());
        Assert.Equal("HR-1001 · Confidential People & HR request", card.Title);
        Assert.Contains(card.Facts, f => f is { Label: "Requester", Value: "Maya Patel" });
        Assert.Contains(card.Facts, f => f is { Label: "Status", Value: "New" });
        var everythingInChannel = string.Join("\n", h.Gateway.SentTo("team:hr").Concat(h.Gateway.Updates.Where(u => u.Ref.Address.ConversationId == "team:hr").Select(u => u.Message))
            .Select(m => System.Text.Json.JsonSerializer.Serialize(m)));
        Assert.DoesNotContain("IBAN", everythingInChannel);
        Assert.DoesNotContain("bank details", everythingInChannel);
    }

    [Fact]
    public async Task ConfidentialTicket_AddedInfo_IsNotRelayedToAnOpenChannel()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Maya, "add info HR-1001 my old account closes Friday");

        Assert.DoesNotContain(h.Gateway.TextsTo("team:hr"), t => t.Contains("closes Friday"));
        Assert.Contains(h.Gateway.TextsTo("team:hr"), t => t.Contains("added information to HR-1001 (hidden here: confidential)"));
    }

    [Fact]
    public async Task ConfidentialTicket_InAPrivateChannel_ShowsTheText()
    {
        var h = new EngineHarness(hrChannelPrivate: true);

        var ticket = await h.FileAsync(Maya, Request);

        var card = h.CardOf(ticket.TeamCards.Single());
        Assert.Contains("IBAN", card.Text);
    }

    [Fact]
    public async Task ConfidentialTicket_AgentReadsDetailsInDirectChat()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Jordan, "status HR-1001");

        var card = h.CardOf(h.LastCardIn("dm:jordan"));
        Assert.Contains("IBAN", card.Text);
        Assert.Contains("Assign to me", card.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task MyRequests_InAChannel_HidesConfidentialSummaries()
    {
        var h = new EngineHarness();
        await h.FileAsync(Maya, Request);

        await h.SayAsync(Maya, "my requests", TeamChannel("it"));

        var answer = h.Gateway.SentTo("team:it").Single(m => m.Text is not null);
        Assert.Contains("HR-1001 · Confidential request", answer.Text);
        Assert.Equal(Maya, answer.VisibleTo);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Service;

/// <summary>
/// The deadline and priority read from a request's words, through intake to the ticket and its cards. The
/// harness's clock starts on Monday 23 November 2026, 09:00 UTC; its teams have no calendar (UTC).
/// </summary>
public sealed class NeededByTests
{
    [Fact]
    public async Task Request_WithADeadline_ShowsItOnTheConfirmationAndStoresItOnTheTicket()
    {
        var h = new EngineHarness();
        await h.SayAsync(Maya, "My VPN drops every call, I need it fixed by Friday");

        var confirmation = h.CardOf(h.LastCardIn("dm:maya"));
        Assert.Contains(confirmation.Facts, f => f is { Label: "Needed by", Value: "Fri 27 Nov, 17:00 (your time), from \"by Friday\"" });

        await h.ClickAsync(Maya, h.LastCardIn("dm:maya"), "Submit");
        var ticket = Assert.Single(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T17:00:00Z"), ticket.NeededBy);
        Assert.Contains(h.CardOf(ticket.RequesterCard!).Facts, f => f is { Label: "Needed by", Value: "Fri 27 Nov, 17:00 (your time)" });
        Assert.Contains(h.CardOf(ticket.TeamCards.Single()).Facts, f => f is { Label: "Needed by", Value: "Fri 27 Nov, 17:00 requester's time (27 Nov 2026 17:00 UTC)" });
    }

    [Fact]
    public async Task Request_WithoutADeadline_HasNone()
    {
        var h = new EngineHarness();

        var ticket = await h.FileAsync();

        Assert.Null(ticket.NeededBy);
        Assert.DoesNotContain(h.CardOf(ticket.TeamCards.Single()).Facts, f => f.Label == "Needed by");
        Assert.DoesNotContain(h.CardOf(ticket.RequesterCard!).Facts, f => f.Label == "Needed by");
    }

    [Fact]
    public async Task Request_FromSomeoneInKolkata_ReadsTomorrow9amAsHer9am()
    {
        var h = new EngineHarness(addModules: services => services
            .AddSingleton<IPeopleStore>(new MemoryPeopleStore())
            .AddSingleton(new PeopleOptions())
            .AddSingleton<PeopleDirectory>());
        await h.Services.GetRequiredService<PeopleDirectory>().ObserveAsync(new PersonSighting(Maya) { TimeZone = "Asia/Kolkata" }, CancellationToken.None);

        var ticket = await h.FileAsync(text: "My VPN drops every call, I need it by tomorrow 9am");

        Assert.Equal(DateTimeOffset.Parse("2026-11-24T09:00:00+05:30"), ticket.NeededBy);
        Assert.Equal(TimeSpan.FromHours(5.5), ticket.NeededBy!.Value.Offset);
        Assert.Contains(h.CardOf(ticket.RequesterCard!).Facts, f => f is { Label: "Needed by", Value: "Tue 24 Nov, 09:00 (your time)" });
    }

    [Fact]
    public async Task ConfidentialRequest_InAnOpenChannel_HidesTheDeadlineWithTheText()
    {
        var h = new EngineHarness();

        var ticket = await h.FileAsync(text: "My payroll is wrong, please fix it by Friday");

        Assert.NotNull(ticket.NeededBy);
        Assert.DoesNotContain(h.CardOf(ticket.TeamCards.Single()).Facts, f => f.Label == "Needed by");
        Assert.Contains(h.CardOf(ticket.RequesterCard!).Facts, f => f.Label == "Needed by");
    }

    [Fact]
    public async Task RequestForm_WithoutAPriority_TakesPriorityAndDeadlineFromTheWords()
    {
        var h = new EngineHarness();

        await h.HandleAsync(new Turn("form-1", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction(Verbs.RequestFile, new Dictionary<string, string>
            {
                ["team"] = "facilities", ["summary"] = "Heating broken in Everest", ["details"] = "It's urgent: the board meets there tomorrow at 10:00",
            }), h.Clock.GetUtcNow()));

        var ticket = Assert.Single(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None));
        Assert.Equal(Priority.Urgent, ticket.Priority);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T10:00:00Z"), ticket.NeededBy);
    }

    [Fact]
    public async Task RequestForm_WithAPriorityChosen_KeepsHerChoice()
    {
        var h = new EngineHarness();

        await h.HandleAsync(new Turn("form-2", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction(Verbs.RequestFile, new Dictionary<string, string>
            {
                ["team"] = "facilities", ["summary"] = "Heating broken", ["details"] = "urgent", ["priority"] = "Low",
            }), h.Clock.GetUtcNow()));

        Assert.Equal(Priority.Low, Assert.Single(await h.Tickets.ListByRequesterAsync(Maya.Key, CancellationToken.None)).Priority);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>
/// <c>leaderboard ... #value</c> and <c>leaderboard team</c> over a scripted month: Maya and Tom in Finance, Alex in
/// IT, Priya in Customer Success, Jordan without a department.
/// </summary>
public sealed class KudosBoardFilterTests
{
    private readonly EngineHarness _h = new(addModules: s => s.AddSingleton(new KudosOptions
    {
        Values = [new KudosValueOptions { Name = "ownership" }, new KudosValueOptions { Name = "care" }],
        Allowance = 20,
        PairCap = 5,
    }));

    private int _delivery;

    private PeopleDirectory People => _h.Services.GetRequiredService<PeopleDirectory>();

    private async Task ObserveAsync(PersonRef person, string? department) =>
        await People.ObserveAsync(new PersonSighting(person) { Department = department }, CancellationToken.None);

    private async Task<string> SayAsync(PersonRef from, string text, string? deliveryId = null, params PersonRef[] mentioned)
    {
        var before = _h.Gateway.Sent.Count;
        await _h.HandleAsync(new Turn(deliveryId ?? $"boards-{++_delivery}", from, Dm(from), ConversationScope.Personal, text, null, _h.Clock.GetUtcNow())
        {
            Mentions = mentioned.Select(p => new Mention(p, "@" + p.Name)).ToList(),
        });
        await _h.DrainQueueAsync(KudosService.QueueName);
        return _h.Gateway.Sent.Skip(before).Select(s => s.Message).First(m => m.To.ConversationId == Dm(from).ConversationId).Text!;
    }

    private async Task ScriptAsync()
    {
        await ObserveAsync(Maya, "Finance");
        await ObserveAsync(Tom, " Finance ");
        await ObserveAsync(Alex, "IT");
        await ObserveAsync(Priya, "Customer Success");
        await ObserveAsync(Jordan, null);

        await SayAsync(Maya, "kudos @Alex Kim @Priya Nair for the quarter-end close #ownership", null, Alex, Priya);
        await SayAsync(Tom, "kudos @Alex Kim for rebuilding the VPN overnight #ownership", null, Alex);
        await SayAsync(Priya, "kudos @Alex Kim for the patient walkthrough #care", null, Alex);
        await SayAsync(Alex, "kudos @Jordan Lee for covering my on-call shift #care", null, Jordan);
        await SayAsync(Maya, "kudos @Jordan Lee for checking in after my surgery #care", null, Jordan);
    }

    [Fact]
    public async Task Leaderboard_WithAValue_RanksOnlyTheKudosThatNamedIt()
    {
        await ScriptAsync();

        Assert.Equal("Kudos receivers for #ownership, this month:\n1. Alex Kim (2)\n2. Priya Nair (1)", await SayAsync(Maya, "leaderboard month #ownership"));
        Assert.Equal("Kudos receivers for #care, this week:\n1. Jordan Lee (2)\n2. Alex Kim (1)", await SayAsync(Maya, "leaderboard week #Care"));
        Assert.Equal("Kudos givers for #ownership, all time:\n1. Maya Patel (2)\n2. Tom Becker (1)", await SayAsync(Maya, "leaderboard #ownership givers all"));
    }

    [Fact]
    public async Task Leaderboard_Team_SumsPointsPerDepartment_WithTheUnknownApart()
    {
        await ScriptAsync();

        Assert.Equal("Kudos received by department, this month:\n1. IT (3)\n2. Unknown department (2)\n3. Customer Success (1)",
            await SayAsync(Maya, "leaderboard team"));
        Assert.Equal("Kudos given by department, this quarter:\n1. Finance (4)\n2. Customer Success (1)\n3. IT (1)",
            await SayAsync(Maya, "leaderboard quarter givers team"));
    }

    [Fact]
    public async Task Leaderboard_NamingADepartment_RanksItsPeopleInAnyCaseAndSpelling()
    {
        await ScriptAsync();

        Assert.Equal("Kudos givers in Finance, this month:\n1. Maya Patel (3)\n2. Tom Becker (1)", await SayAsync(Alex, "leaderboard givers team:finance"));
        Assert.Equal("Kudos receivers in Customer Success, this month:\n1. Priya Nair (1)", await SayAsync(Alex, "leaderboard customer success"));
        Assert.Equal("Kudos receivers in IT, all time:\n1. Alex Kim (3)", await SayAsync(Alex, "leaderboard all department:IT"));
        Assert.Equal("Kudos receivers in Finance, this month: nobody yet. Be the first: kudos @someone for ...", await SayAsync(Alex, "leaderboard Finance"));
    }

    [Fact]
    public async Task Leaderboard_UnknownValue_ListsTheValues()
    {
        await ScriptAsync();

        Assert.Equal("#speed isn't one of our values. Pick one of #ownership, #care.", await SayAsync(Maya, "leaderboard month #speed"));
    }

    [Fact]
    public async Task Leaderboard_UnknownDepartment_ListsTheDepartmentsWithKudos_AndTheUsage()
    {
        await ScriptAsync();

        var answer = await SayAsync(Maya, "leaderboard team:Legal");

        Assert.StartsWith("I don't know \"Legal\" here: it's neither a leaderboard option nor a department", answer);
        Assert.Contains("Departments: Customer Success, Finance, IT. Try: leaderboard [week|month|quarter|all] [givers|receivers] [team|team:<department>|#value]", answer);
        Assert.DoesNotContain("Unknown department", answer);
    }

    [Fact]
    public async Task Leaderboard_BeforeAnyKudos_SaysNoDepartmentHasKudosYet()
    {
        Assert.Contains("No department has kudos yet.", await SayAsync(Maya, "leaderboard team:Finance"));
        Assert.Equal("Kudos received by department, this month: nobody yet. Be the first: kudos @someone for ...", await SayAsync(Maya, "leaderboard team"));
    }

    [Fact]
    public async Task Leaderboard_ValueAndDepartmentTogether_AsksForOne()
    {
        await ScriptAsync();

        Assert.StartsWith("A leaderboard is per value or per department, not both.", await SayAsync(Maya, "leaderboard team #care"));
    }

    [Fact]
    public async Task Leaderboard_SomeoneChangesDepartment_TheirEarlierKudosStayWhereTheyWere()
    {
        await ScriptAsync();
        await ObserveAsync(Alex, "Security");
        await SayAsync(Tom, "kudos @Alex Kim for the phishing drill debrief #care", null, Alex);

        Assert.Equal("Kudos received by department, this month:\n1. IT (3)\n2. Unknown department (2)\n3. Customer Success (1)\n4. Security (1)",
            await SayAsync(Maya, "leaderboard team"));
        Assert.Equal("Kudos receivers in Security, this month:\n1. Alex Kim (1)", await SayAsync(Maya, "leaderboard team:security"));
    }

    [Fact]
    public async Task Give_RedeliveredTurn_CountsOnceOnTheValueAndDepartmentBoards()
    {
        await ObserveAsync(Maya, "Finance");
        await ObserveAsync(Alex, "IT");
        await ObserveAsync(Tom, null);

        const string text = "kudos @Alex Kim for the laptop swap before my flight #ownership";
        await SayAsync(Maya, text, "same-delivery", Alex);
        await _h.Engine.HandleAsync(new Turn("same-delivery", Maya, Dm(Maya), ConversationScope.Personal, text, null, _h.Clock.GetUtcNow())
        {
            Mentions = [new Mention(Alex, "@Alex Kim")],
        }, CancellationToken.None);
        // Past the engine's own de-duplication, the store's entry id is what keeps a give counted once.
        var kudos = _h.Services.GetRequiredService<KudosService>();
        var draft = new KudosDraft([new Mention(Alex, "@Alex Kim")], [new KudosValueOptions { Name = "ownership" }], "the printer rescue");
        Assert.Equal(KudosGiveOutcome.Sent, (await kudos.GiveAsync("fixed-id", Tom, draft, CancellationToken.None)).Outcome);
        Assert.Equal(KudosGiveOutcome.AlreadySent, (await kudos.GiveAsync("fixed-id", Tom, draft, CancellationToken.None)).Outcome);

        Assert.Equal("Kudos receivers for #ownership, this month:\n1. Alex Kim (2)", await SayAsync(Maya, "leaderboard #ownership"));
        Assert.Equal("Kudos received by department, this month:\n1. IT (2)", await SayAsync(Maya, "leaderboard team"));
        Assert.Equal("Kudos givers in Finance, this month:\n1. Maya Patel (1)", await SayAsync(Maya, "leaderboard givers Finance"));
    }

    [Fact]
    public async Task Help_ExplainsTheValueAndDepartmentBoards()
    {
        var help = await SayAsync(Maya, "help");

        Assert.Contains("per value (leaderboard month #ownership), per department (leaderboard team), or within one (leaderboard team:Finance)", help);
        Assert.Contains("\"Unknown department\"", help);
    }
}

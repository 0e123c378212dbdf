using System.Text.Json;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Testing;

/// <summary>What every <see cref="ITicketStore"/> must do; derive once per implementation.</summary>
public abstract class TicketStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 15, 30, 123, TimeSpan.FromHours(1));

    /// <summary>A fresh, empty store (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract ITicketStore CreateStore();

    [Fact]
    public async Task Get_WhenTicketIsMissing_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync(new TicketNumber("IT", 1001), None));
    }

    [Fact]
    public async Task Create_RichTicket_RoundTripsEveryFieldAtVersionOne()
    {
        var store = CreateStore();
        var ticket = RichTicket(new TicketNumber("IT", 1001));

        var created = await store.TryCreateAsync(ticket, None);

        var expected = ticket with { Version = 1 };
        AssertSameTicket(expected, created!);
        AssertSameTicket(expected, (await store.GetAsync(ticket.Number, None))!);
    }

    [Fact]
    public async Task Create_MinimalTicket_RoundTripsWithEmptyListsAndNulls()
    {
        var store = CreateStore();
        var ticket = MinimalTicket(new TicketNumber("HR", 1001), "hr", Person("ana"), Monday);

        await store.TryCreateAsync(ticket, None);

        AssertSameTicket(ticket with { Version = 1 }, (await store.GetAsync(ticket.Number, None))!);
    }

    [Fact]
    public async Task Create_WhenNumberExists_FailsAndKeepsStoredTicket()
    {
        var store = CreateStore();
        var original = RichTicket(new TicketNumber("IT", 1001));
        await store.TryCreateAsync(original, None);

        var duplicate = await store.TryCreateAsync(original with { Summary = "Someone else's request", Requester = Person("zoe") }, None);

        Assert.Null(duplicate);
        AssertSameTicket(original with { Version = 1 }, (await store.GetAsync(original.Number, None))!);
        Assert.DoesNotContain(await store.ListByRequesterAsync(Person("zoe").Key, None), t => t.Number == original.Number);
    }

    [Fact]
    public async Task Update_WithCurrentVersion_StoresChangesAndIncrementsVersion()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(RichTicket(new TicketNumber("IT", 1001)), None))!;
        var change = created with
        {
            Status = TicketStatus.Resolved,
            ResolvedAt = Monday.AddHours(3),
            Resolution = "Replaced the toner.",
            History = [.. created.History, new TicketEvent(Monday.AddHours(3), "teams:29:agent", "Sam Agent", TicketEventKind.Resolved, "Replaced the toner.")],
        };

        var updated = await store.TryUpdateAsync(change, None);

        var expected = change with { Version = 2 };
        AssertSameTicket(expected, updated!);
        AssertSameTicket(expected, (await store.GetAsync(change.Number, None))!);
    }

    [Fact]
    public async Task Update_WithStaleVersion_FailsAndKeepsStoredTicket()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(RichTicket(new TicketNumber("IT", 1001)), None))!;
        var current = (await store.TryUpdateAsync(created with { Status = TicketStatus.InProgress }, None))!;

        var stale = await store.TryUpdateAsync(created with { Status = TicketStatus.Cancelled, TeamId = "hr" }, None);

        Assert.Null(stale);
        AssertSameTicket(current, (await store.GetAsync(created.Number, None))!);
        Assert.Empty(await store.ListByTeamAsync("hr", None));
    }

    [Fact]
    public async Task Update_WhenTicketIsMissing_Fails()
    {
        var store = CreateStore();

        Assert.Null(await store.TryUpdateAsync(RichTicket(new TicketNumber("IT", 1001)) with { Version = 1 }, None));
        Assert.Null(await store.GetAsync(new TicketNumber("IT", 1001), None));
    }

    [Fact]
    public async Task Update_ParallelFromSameVersion_ExactlyOneWins()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(RichTicket(new TicketNumber("IT", 1001)), None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.TryUpdateAsync(created with { Assignee = Person($"agent{i}") }, None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(2, winner!.Version);
        AssertSameTicket(winner, (await store.GetAsync(created.Number, None))!);
    }

    [Fact]
    public async Task Update_ParallelAssignToMeWithRetry_LosesNoUpdate()
    {
        var store = CreateStore();
        var number = new TicketNumber("IT", 1001);
        await store.TryCreateAsync(MinimalTicket(number, "it", Person("maya"), Monday), None);
        const int agents = 20;

        await Task.WhenAll(Enumerable.Range(0, agents).Select(i => Task.Run(() => AssignToMeAsync(store, number, Person($"agent{i}")))));

        var final = (await store.GetAsync(number, None))!;
        Assert.Equal(1 + agents, final.Version);
        Assert.Equal(
            Enumerable.Range(0, agents).Select(i => Person($"agent{i}").Key).Order(),
            final.History.Select(e => e.ActorKey).Order());
        Assert.Equal(final.History[^1].ActorKey, final.Assignee!.Key);
    }

    [Fact]
    public async Task NextNumber_FirstCall_ReturnsFirstNumberWithUpperCasePrefix()
    {
        var store = CreateStore();

        Assert.Equal(new TicketNumber("IT", TicketNumber.First), await store.NextNumberAsync("it", None));
        Assert.Equal(new TicketNumber("IT", TicketNumber.First + 1), await store.NextNumberAsync("IT", None));
    }

    [Fact]
    public async Task NextNumber_FiftyParallelCalls_HandsOutFiftyConsecutiveNumbersPerPrefix()
    {
        var store = CreateStore();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => store.NextNumberAsync(i % 2 == 0 ? "IT" : "HR", None))));

        var expected = Enumerable.Range(0, 50).Select(i => TicketNumber.First + i);
        Assert.Equal(expected, numbers.Where(n => n.Prefix == "IT").Select(n => n.Value).Order());
        Assert.Equal(expected, numbers.Where(n => n.Prefix == "HR").Select(n => n.Value).Order());
    }

    [Fact]
    public async Task ListByRequester_SeveralTickets_ReturnsOnlyTheirsNewestFirst()
    {
        var store = CreateStore();
        var maya = Person("maya");
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", maya, Monday.AddHours(2)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddHours(3)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("FAC", 1001), "facilities", maya, Monday.AddHours(1)), None);

        var listed = await store.ListByRequesterAsync(maya.Key, None);

        Assert.Equal(["HR-1001", "FAC-1001", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Empty(await store.ListByRequesterAsync(Person("nobody").Key, None));
    }

    [Fact]
    public async Task ListByTeam_SeveralTickets_ReturnsOnlyTheTeamsNewestFirst()
    {
        var store = CreateStore();
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddMinutes(5)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", Person("zoe"), Monday.AddMinutes(10)), None);

        var listed = await store.ListByTeamAsync("it", None);

        Assert.Equal(["IT-1002", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1002", "IT-1001"], (await store.ListByTeamAsync("IT", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListByTeam_AfterTicketMovesToAnotherTeam_ListsItOnlyThere()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", Person("zoe"), Monday.AddHours(1)), None);

        var moved = await store.TryUpdateAsync(created with { TeamId = "hr" }, None);

        Assert.Empty(await store.ListByTeamAsync("it", None));
        var hr = await store.ListByTeamAsync("hr", None);
        Assert.Equal(["HR-1001", "IT-1001"], hr.Select(t => t.Number.ToString()));
        AssertSameTicket(moved!, hr[1]);
    }

    [Fact]
    public async Task ListByTeam_AfterTicketMovesAwayAndBack_ListsItOnlyInOriginalTeam()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        var atHr = (await store.TryUpdateAsync(created with { TeamId = "hr" }, None))!;

        await store.TryUpdateAsync(atHr with { TeamId = "it" }, None);

        Assert.Equal(["IT-1001"], (await store.ListByTeamAsync("it", None)).Select(t => t.Number.ToString()));
        Assert.Empty(await store.ListByTeamAsync("hr", None));
        Assert.Equal(3, (await store.ListByRequesterAsync(Person("maya").Key, None)).Single().Version);
    }

    [Fact]
    public async Task ListByTeam_AfterParallelMovesBetweenTeams_ListsTicketOnlyInItsFinalTeam()
    {
        var store = CreateStore();
        var number = new TicketNumber("IT", 1001);
        await store.TryCreateAsync(MinimalTicket(number, "it", Person("maya"), Monday), None);
        string[] teams = ["it", "hr", "facilities"];

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var current = (await store.GetAsync(number, None))!;
                if (await store.TryUpdateAsync(current with { TeamId = teams[(Array.IndexOf(teams, current.TeamId) + 1 + i % 2) % teams.Length] }, None) is not null) return;
            }
            Assert.Fail($"Mover {i} never got its update in.");
        })));

        var final = (await store.GetAsync(number, None))!;
        Assert.Equal(13, final.Version);
        foreach (var team in teams)
        {
            var listed = (await store.ListByTeamAsync(team, None)).Select(t => t.Number);
            Assert.Equal(team == final.TeamId ? [number] : [], listed);
        }
    }

    [Fact]
    public async Task ListOpenByRequester_SeveralTickets_ReturnsOnlyHerOpenOnesNewestFirst()
    {
        var store = CreateStore();
        var maya = Person("maya");
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", maya, Monday.AddHours(2)) with { Status = TicketStatus.WaitingOnRequester }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddHours(3)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("FAC", 1001), "facilities", maya, Monday.AddHours(1)) with { Status = TicketStatus.Assigned }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1003), "it", maya, Monday.AddHours(4)) with { Status = TicketStatus.Resolved }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1004), "it", maya, Monday.AddHours(5)) with { Status = TicketStatus.Cancelled }, None);

        var listed = await store.ListOpenByRequesterAsync(maya.Key, None);

        Assert.Equal(["HR-1001", "FAC-1001", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal((await store.ListByRequesterAsync(maya.Key, None)).Where(t => t.IsOpen).Select(t => t.Number), listed.Select(t => t.Number));
        Assert.Empty(await store.ListOpenByRequesterAsync(Person("nobody").Key, None));
    }

    [Theory]
    [InlineData(TicketStatus.Assigned)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.WaitingOnRequester)]
    public async Task ListOpenByRequester_AfterChangeBetweenOpenStatuses_ListsTicketAsItIsNow(TicketStatus status)
    {
        var store = CreateStore();
        var maya = Person("maya");
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None))!;

        var changed = (await store.TryUpdateAsync(created with { Status = status }, None))!;

        AssertSameTicket(changed, Assert.Single(await store.ListOpenByRequesterAsync(maya.Key, None)));
    }

    [Fact]
    public async Task ListOpenByRequester_WhenWaitingTicketIsAnswered_StillListsItNoLongerWaiting()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var waiting = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday) with { Status = TicketStatus.WaitingOnRequester }, None))!;

        await store.TryUpdateAsync(waiting with { Status = TicketStatus.InProgress }, None);

        Assert.Equal(TicketStatus.InProgress, Assert.Single(await store.ListOpenByRequesterAsync(maya.Key, None)).Status);
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Cancelled)]
    public async Task ListOpenByRequester_AfterWaitingTicketCloses_DropsIt(TicketStatus closed)
    {
        var store = CreateStore();
        var maya = Person("maya");
        var waiting = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday) with { Status = TicketStatus.WaitingOnRequester }, None))!;
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", maya, Monday.AddHours(1)), None);

        await store.TryUpdateAsync(waiting with { Status = closed }, None);

        Assert.Equal(["HR-1001"], (await store.ListOpenByRequesterAsync(maya.Key, None)).Select(t => t.Number.ToString()));
        Assert.Equal(2, (await store.ListByRequesterAsync(maya.Key, None)).Count);
    }

    [Fact]
    public async Task ListOpenByRequester_AfterResolvedTicketIsReopened_ListsItAgain()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None))!;
        var resolved = (await store.TryUpdateAsync(created with { Status = TicketStatus.Resolved }, None))!;
        Assert.Empty(await store.ListOpenByRequesterAsync(maya.Key, None));

        var reopened = (await store.TryUpdateAsync(resolved with { Status = TicketStatus.InProgress }, None))!;

        AssertSameTicket(reopened, Assert.Single(await store.ListOpenByRequesterAsync(maya.Key, None)));
    }

    [Fact]
    public async Task ListOpenByRequester_AfterOpenTicketMovesToAnotherTeam_ListsItOnceInItsNewTeam()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday) with { Status = TicketStatus.WaitingOnRequester }, None))!;

        await store.TryUpdateAsync(created with { TeamId = "hr" }, None);

        Assert.Equal("hr", Assert.Single(await store.ListOpenByRequesterAsync(maya.Key, None)).TeamId);
    }

    [Fact]
    public async Task ListOpenByRequester_AfterTicketMovesAndResolvesInOneChange_DropsIt()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None))!;

        await store.TryUpdateAsync(created with { TeamId = "hr", Status = TicketStatus.Resolved }, None);

        Assert.Empty(await store.ListOpenByRequesterAsync(maya.Key, None));
        Assert.Equal(["IT-1001"], (await store.ListByTeamAsync("hr", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByRequester_AfterStaleUpdateTriedToReopen_DoesNotListIt()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", maya, Monday), None))!;
        var resolved = (await store.TryUpdateAsync(created with
        {
            Status = TicketStatus.Resolved,
            History = [new TicketEvent(Monday.AddHours(1), "slack:UAGENT", "agent", TicketEventKind.Resolved)],
        }, None))!;
        var reopened = (await store.TryUpdateAsync(resolved with { Status = TicketStatus.InProgress }, None))!;
        await store.TryUpdateAsync(reopened with { Status = TicketStatus.Resolved }, None);

        // Written from the reopened version after it was resolved again: it loses the compare-and-set (a store may
        // have indexed it first, as it does for a write that may reopen a ticket).
        Assert.Null(await store.TryUpdateAsync(reopened with { Status = TicketStatus.WaitingOnRequester, TeamId = "hr" }, None));

        Assert.Empty(await store.ListOpenByRequesterAsync(maya.Key, None));
        Assert.Empty(await store.ListByTeamAsync("hr", None));
    }

    [Fact]
    public async Task ListOpenByRequester_WhenSomeoneElseTriedToFileUnderHerNumber_ListsOnlyHers()
    {
        var store = CreateStore();
        var original = MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday);
        await store.TryCreateAsync(original, None);

        Assert.Null(await store.TryCreateAsync(original with { Requester = Person("zoe") }, None));

        Assert.Empty(await store.ListOpenByRequesterAsync(Person("zoe").Key, None));
        Assert.Equal([original.Number], (await store.ListOpenByRequesterAsync(Person("maya").Key, None)).Select(t => t.Number));
    }

    [Fact]
    public async Task ListOpenByRequester_AfterParallelClosesAndReopens_ListsTicketExactlyWhenOpen()
    {
        var store = CreateStore();
        var maya = Person("maya");
        var number = new TicketNumber("IT", 1001);
        await store.TryCreateAsync(MinimalTicket(number, "it", maya, Monday), None);
        TicketStatus[] statuses = [TicketStatus.WaitingOnRequester, TicketStatus.Resolved, TicketStatus.InProgress, TicketStatus.Cancelled];

        await Task.WhenAll(Enumerable.Range(0, 13).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var current = (await store.GetAsync(number, None))!;
                var next = statuses[(Array.IndexOf(statuses, current.Status) + 1 + i % 2) % statuses.Length];
                if (await store.TryUpdateAsync(current with { Status = next }, None) is not null) return;
            }
            Assert.Fail($"Changer {i} never got its update in.");
        })));

        var final = (await store.GetAsync(number, None))!;
        Assert.Equal(14, final.Version);
        Assert.Equal(final.IsOpen ? [number] : [], (await store.ListOpenByRequesterAsync(maya.Key, None)).Select(t => t.Number));
        // One more change either way lands in the index too.
        var flipped = (await store.TryUpdateAsync(final with { Status = final.IsOpen ? TicketStatus.Resolved : TicketStatus.InProgress }, None))!;
        Assert.Equal(flipped.IsOpen ? [number] : [], (await store.ListOpenByRequesterAsync(maya.Key, None)).Select(t => t.Number));
    }

    [Fact]
    public async Task ListOpenByTeam_SeveralTickets_ReturnsOnlyTheTeamsOpenOnesNewestFirst()
    {
        var store = CreateStore();
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddHours(2)) with { Status = TicketStatus.WaitingOnRequester }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", Person("maya"), Monday.AddHours(3)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1003), "it", Person("ana"), Monday.AddHours(1)) with { Status = TicketStatus.Assigned }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1004), "it", Person("maya"), Monday.AddHours(4)) with { Status = TicketStatus.Resolved }, None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1005), "it", Person("zoe"), Monday.AddHours(5)) with { Status = TicketStatus.Cancelled }, None);

        var listed = await store.ListOpenByTeamAsync("it", None);

        Assert.Equal(["IT-1002", "IT-1003", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal((await store.ListByTeamAsync("it", None)).Where(t => t.IsOpen).Select(t => t.Number), listed.Select(t => t.Number));
        Assert.Equal(listed.Select(t => t.Number), (await store.ListOpenByTeamAsync("IT", None)).Select(t => t.Number));
        Assert.Empty(await store.ListOpenByTeamAsync("facilities", None));
    }

    [Fact]
    public async Task ListOpenByTeam_TicketsFiledAtOneMoment_ComeInTheOrderOfListByTeam()
    {
        var store = CreateStore();
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1003), "it", Person("zoe"), Monday), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("ana"), Monday), None);

        var listed = await store.ListOpenByTeamAsync("it", None);

        Assert.Equal(["IT-1003", "IT-1002", "IT-1001"], listed.Select(t => t.Number.ToString()));
        Assert.Equal((await store.ListByTeamAsync("it", None)).Select(t => t.Number), listed.Select(t => t.Number));
    }

    [Theory]
    [InlineData(TicketStatus.Assigned)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.WaitingOnRequester)]
    public async Task ListOpenByTeam_AfterChangeBetweenOpenStatuses_ListsTicketAsItIsNow(TicketStatus status)
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;

        var changed = (await store.TryUpdateAsync(created with { Status = status, Assignee = Person("alex") }, None))!;

        AssertSameTicket(changed, Assert.Single(await store.ListOpenByTeamAsync("it", None)));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterOpenTicketMovesToAnotherTeam_ListsItOnlyInTheNewTeam()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddHours(1)), None);
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("HR", 1001), "hr", Person("zoe"), Monday.AddHours(2)), None);

        var moved = (await store.TryUpdateAsync(MovedTo(created, "hr"), None))!;

        Assert.Equal(["IT-1002"], (await store.ListOpenByTeamAsync("it", None)).Select(t => t.Number.ToString()));
        var hr = await store.ListOpenByTeamAsync("hr", None);
        Assert.Equal(["HR-1001", "IT-1001"], hr.Select(t => t.Number.ToString()));
        AssertSameTicket(moved, hr[1]);
    }

    [Fact]
    public async Task ListOpenByTeam_AfterTicketMovesAwayAndBack_ListsItOnlyInOriginalTeam()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        var atHr = (await store.TryUpdateAsync(MovedTo(created, "hr"), None))!;

        // Moved back without a history entry: the store must not depend on one to list the ticket where it is.
        var back = (await store.TryUpdateAsync(atHr with { TeamId = "it" }, None))!;

        AssertSameTicket(back, Assert.Single(await store.ListOpenByTeamAsync("it", None)));
        Assert.Empty(await store.ListOpenByTeamAsync("hr", None));
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Cancelled)]
    public async Task ListOpenByTeam_AfterTicketCloses_DropsItButListByTeamKeepsIt(TicketStatus closed)
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday) with { Status = TicketStatus.Assigned }, None))!;
        await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1002), "it", Person("zoe"), Monday.AddHours(1)), None);

        await store.TryUpdateAsync(created with { Status = closed }, None);

        Assert.Equal(["IT-1002"], (await store.ListOpenByTeamAsync("it", None)).Select(t => t.Number.ToString()));
        Assert.Equal(["IT-1002", "IT-1001"], (await store.ListByTeamAsync("it", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterResolvedTicketIsReopened_ListsItAgain()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        var resolved = (await store.TryUpdateAsync(Closed(created, TicketStatus.Resolved), None))!;
        Assert.Empty(await store.ListOpenByTeamAsync("it", None));

        var reopened = (await store.TryUpdateAsync(resolved with { Status = TicketStatus.InProgress }, None))!;

        AssertSameTicket(reopened, Assert.Single(await store.ListOpenByTeamAsync("it", None)));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterTicketMovesAndResolvesInOneChange_ListsItInNeitherTeam()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;

        await store.TryUpdateAsync(MovedTo(created, "hr") with { Status = TicketStatus.Resolved }, None);

        Assert.Empty(await store.ListOpenByTeamAsync("it", None));
        Assert.Empty(await store.ListOpenByTeamAsync("hr", None));
        Assert.Equal(["IT-1001"], (await store.ListByTeamAsync("hr", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterCancelledTicketIsReopenedInAnotherTeam_ListsItOnlyThere()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        var cancelled = (await store.TryUpdateAsync(Closed(created, TicketStatus.Cancelled), None))!;

        var reopened = (await store.TryUpdateAsync(MovedTo(cancelled, "hr") with { Status = TicketStatus.New }, None))!;

        Assert.Empty(await store.ListOpenByTeamAsync("it", None));
        AssertSameTicket(reopened, Assert.Single(await store.ListOpenByTeamAsync("hr", None)));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterStaleUpdateTriedToMoveOrReopen_DoesNotListIt()
    {
        var store = CreateStore();
        var created = (await store.TryCreateAsync(MinimalTicket(new TicketNumber("IT", 1001), "it", Person("maya"), Monday), None))!;
        var resolved = (await store.TryUpdateAsync(Closed(created, TicketStatus.Resolved), None))!;
        var reopened = (await store.TryUpdateAsync(resolved with { Status = TicketStatus.InProgress }, None))!;
        await store.TryUpdateAsync(Closed(reopened, TicketStatus.Resolved), None);

        // Written from versions that are gone: they lose the compare-and-set (a store may have indexed them first,
        // as it does for a write that may move or reopen a ticket).
        Assert.Null(await store.TryUpdateAsync(MovedTo(reopened, "hr"), None));
        Assert.Null(await store.TryUpdateAsync(resolved with { Status = TicketStatus.WaitingOnRequester }, None));

        Assert.Empty(await store.ListOpenByTeamAsync("hr", None));
        Assert.Empty(await store.ListOpenByTeamAsync("it", None));
        Assert.Equal(["IT-1001"], (await store.ListByTeamAsync("it", None)).Select(t => t.Number.ToString()));
    }

    [Fact]
    public async Task ListOpenByTeam_AfterParallelMovesClosesAndReopens_ListsTicketOnlyInItsTeamAndOnlyWhenOpen()
    {
        var store = CreateStore();
        var number = new TicketNumber("IT", 1001);
        await store.TryCreateAsync(MinimalTicket(number, "it", Person("maya"), Monday), None);
        string[] teams = ["it", "hr", "facilities"];
        TicketStatus[] statuses = [TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.WaitingOnRequester, TicketStatus.Cancelled];

        await Task.WhenAll(Enumerable.Range(0, 15).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var current = (await store.GetAsync(number, None))!;
                // A third of the writers move the ticket (keeping its status), the others close or reopen it.
                var next = i % 3 == 0
                    ? MovedTo(current, teams[(Array.IndexOf(teams, current.TeamId) + 1 + i % 2) % teams.Length])
                    : current with { Status = statuses[(Array.IndexOf(statuses, current.Status) + 1 + i % 2) % statuses.Length] };
                if (await store.TryUpdateAsync(next, None) is not null) return;
            }
            Assert.Fail($"Writer {i} never got its update in.");
        })));

        var final = (await store.GetAsync(number, None))!;
        Assert.Equal(16, final.Version);
        await AssertListedOpenOnlyWhereItIsAsync(store, final, teams);
        // One more change either way lands in the indexes too.
        var flipped = (await store.TryUpdateAsync(final with { Status = final.IsOpen ? TicketStatus.Resolved : TicketStatus.InProgress }, None))!;
        await AssertListedOpenOnlyWhereItIsAsync(store, flipped, teams);
    }

    private static async Task AssertListedOpenOnlyWhereItIsAsync(ITicketStore store, Ticket ticket, IEnumerable<string> teams)
    {
        foreach (var team in teams)
        {
            var listed = (await store.ListOpenByTeamAsync(team, None)).Select(t => t.Number);
            Assert.Equal(ticket.IsOpen && team == ticket.TeamId ? [ticket.Number] : [], listed);
        }
    }

    /// <summary>The ticket moved to <paramref name="team"/> as the workflow moves it: with a Moved history entry.</summary>
    protected static Ticket MovedTo(Ticket ticket, string team) => ticket with
    {
        TeamId = team,
        History = [.. ticket.History, new TicketEvent(Monday.AddHours(6), "slack:UAGENT", "agent", TicketEventKind.Moved) { FromTeamId = ticket.TeamId }],
    };

    /// <summary>The ticket resolved or cancelled as the workflow does it: with a history entry of that kind.</summary>
    protected static Ticket Closed(Ticket ticket, TicketStatus status) => ticket with
    {
        Status = status,
        History = [.. ticket.History, new TicketEvent(Monday.AddHours(6), "slack:UAGENT", "agent",
            status == TicketStatus.Resolved ? TicketEventKind.Resolved : TicketEventKind.Cancelled)],
    };

    /// <summary>Read, assign to me with a history entry, compare-and-set; on conflict start over.</summary>
    private static async Task AssignToMeAsync(ITicketStore store, TicketNumber number, PersonRef agent)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var current = (await store.GetAsync(number, None))!;
            var change = current with
            {
                Assignee = agent,
                Status = TicketStatus.Assigned,
                History = [.. current.History, new TicketEvent(Monday.AddMinutes(attempt), agent.Key, agent.Name, TicketEventKind.Assigned)],
            };
            if (await store.TryUpdateAsync(change, None) is not null) return;
        }
        Assert.Fail($"{agent.Key} never got its update in.");
    }

    /// <summary>Every field compared: record equality (catches fields lost on the way) and JSON (catches offsets).</summary>
    protected static void AssertSameTicket(Ticket expected, Ticket actual)
    {
        Assert.Equal(expected with { TeamCards = [], History = [], Outbox = [], Timers = [] }, actual with { TeamCards = [], History = [], Outbox = [], Timers = [] });
        Assert.Equal(expected.TeamCards, actual.TeamCards);
        Assert.Equal(expected.Timers, actual.Timers);
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.Outbox.Select(e => e with { Cards = [], Done = [] }), actual.Outbox.Select(e => e with { Cards = [], Done = [] }));
        Assert.Equal(expected.Outbox.Select(e => (e.Cards, e.Done)), actual.Outbox.Select(e => (e.Cards, e.Done)), (x, y) => x.Cards.SequenceEqual(y.Cards) && x.Done.SequenceEqual(y.Done));
        Assert.Equal(
            JsonSerializer.Serialize(expected, SwitchboardJsonContext.Default.Ticket),
            JsonSerializer.Serialize(actual, SwitchboardJsonContext.Default.Ticket));
    }

    protected static PersonRef Person(string name) => new(TestPlatforms.Slack, $"U{name.ToUpperInvariant()}", name);

    protected static Ticket MinimalTicket(TicketNumber number, string teamId, PersonRef requester, DateTimeOffset createdAt) =>
        new(number, teamId, requester, new ConversationAddress(requester.Platform, $"D{requester.Id}"),
            "Need a hand", "", Priority.Normal, TicketStatus.New, Confidentiality.Normal, createdAt, null, null);

    /// <summary>A ticket with every optional field set, ids as the platforms really shape them.</summary>
    protected static Ticket RichTicket(TicketNumber number)
    {
        var requester = new PersonRef(TestPlatforms.Teams, "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrrA8vM06X1-cHHle4zOE6U4ttcc", "Maya López", "maya.lopez@contoso.com");
        var agent = new PersonRef(TestPlatforms.Slack, "U024BE7LH", "Sam Agent", "sam@contoso.com");
        var teamsChannel = new ConversationAddress(TestPlatforms.Teams, "19:c4f6f0a5d35a4bd9a8ec13f6de1ee9ab@thread.skype",
            "1700000000000", "https://smba.trafficmanager.net/amer/", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        var slackChannel = new ConversationAddress(TestPlatforms.Slack, "C0123IT", "1712345678.000200", OrganizationId: "T0001");
        return new Ticket(
            number, "it", requester,
            new ConversationAddress(TestPlatforms.Teams, "a:1xZ3kP9e", null, "https://smba.trafficmanager.net/emea/", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
            "Printer on 3rd floor jams",
            "It says \"paper jam\" but there is none.\nTried twice — no luck. 🖨️",
            Priority.High, TicketStatus.InProgress, Confidentiality.Confidential,
            Monday, Monday.AddHours(4), Monday.AddDays(2))
        {
            Assignee = agent,
            FirstRespondedAt = Monday.AddMinutes(12).ToOffset(TimeSpan.FromHours(-5)),
            ResolvedAt = Monday.AddHours(1),
            Resolution = "Cleared the rear tray.",
            RequesterCard = new MessageRef(new ConversationAddress(TestPlatforms.Teams, "a:1xZ3kP9e", null, "https://smba.trafficmanager.net/emea/"), "1:1a2b3c"),
            TeamCards = [new MessageRef(teamsChannel, "1700000000000"), new MessageRef(slackChannel, "1712345678.000200")],
            History =
            [
                new TicketEvent(Monday, requester.Key, requester.Name, TicketEventKind.Created),
                new TicketEvent(Monday.AddMinutes(12), agent.Key, agent.Name, TicketEventKind.Assigned, "On it"),
                new TicketEvent(Monday.AddMinutes(13), agent.Key, agent.Name, TicketEventKind.Started),
                new TicketEvent(Monday.AddMinutes(14), agent.Key, agent.Name, TicketEventKind.Moved, "Printers are IT's") { FromTeamId = "facilities" },
            ],
            Survey = new TicketSurvey(SurveyState.Answered, Monday.AddHours(1), Monday.AddDays(8), "it", agent)
            {
                Card = new MessageRef(teamsChannel, "1700000000999"),
                Fixed = false,
                Rating = 2,
                Comment = "Jammed again «twice»",
                AnsweredAt = Monday.AddHours(3),
            },
            Timers = [new TicketTimer("survey.expire:IT-1001", "survey.expire", Monday.AddDays(8))],
            Outbox =
            [
                new TicketEffect("3.1", TicketEffectKind.CloseTeamCards) { TeamId = "hr", MovedTo = "it", Cards = [new MessageRef(slackChannel, "1712345678.000100")] },
                new TicketEffect("3.2", TicketEffectKind.PostTeamCards) { TeamId = "it", Done = [teamsChannel.Key] },
                new TicketEffect("3.3", TicketEffectKind.Repaint) { Answered = new MessageRef(teamsChannel, "1700000000000") },
                new TicketEffect("3.4", TicketEffectKind.ThreadNote) { TeamId = "it", Text = "Sam Agent took IT-1001.", About = TicketEventKind.Assigned },
                new TicketEffect("3.5", TicketEffectKind.Notice) { Text = "IT-1001: Sam Agent is on it.", ReplyButton = true },
                new TicketEffect("3.6", TicketEffectKind.PersonNote) { To = agent, Text = "Low rating", FollowUp = true },
                new TicketEffect("3.7", TicketEffectKind.ThreadNote) { TeamId = "it", Text = "Maya reopened: secret", Redacted = "Maya reopened." },
            ],
        };
    }
}

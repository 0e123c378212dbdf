using Switchboard.Core.Routing;

namespace Switchboard.Testing;

/// <summary>What every <see cref="IRoutingMemory"/> must do; derive once per implementation.</summary>
public abstract class RoutingMemoryContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty memory keeping <paramref name="perTeamLimit"/> examples per team (for shared backends: under a key prefix no other test uses).</summary>
    protected abstract IRoutingMemory CreateMemory(int perTeamLimit = 50);

    /// <summary>A learned example for <paramref name="team"/>, <paramref name="minutes"/> after the start.</summary>
    protected static LearnedRoute Route(string ticket, string team, int minutes = 0, bool hashed = false) =>
        new($"{ticket}@{minutes}", team, "it", ticket, ["laptop", "fan", "hot"], hashed, Start.AddMinutes(minutes));

    [Fact]
    public async Task Remember_NewExample_IsListedWithItsTerms()
    {
        var memory = CreateMemory();

        Assert.True(await memory.RememberAsync(Route("IT-1001", "facilities"), None));

        var listed = Assert.Single(await memory.ListAsync(None));
        Assert.Equal(("IT-1001@0", "facilities", "it", "IT-1001"), (listed.Id, listed.TeamId, listed.FromTeamId, listed.Ticket));
        Assert.Equal(["laptop", "fan", "hot"], listed.Terms);
        Assert.Equal(Start, listed.LearnedAt);
    }

    [Fact]
    public async Task Remember_SameIdTwice_KeepsOneAndSaysSo()
    {
        var memory = CreateMemory();
        await memory.RememberAsync(Route("IT-1001", "facilities"), None);

        Assert.False(await memory.RememberAsync(Route("IT-1001", "facilities"), None));

        Assert.Single(await memory.ListAsync(None));
    }

    [Fact]
    public async Task List_SeveralTeams_NewestFirst()
    {
        var memory = CreateMemory();
        await memory.RememberAsync(Route("IT-1001", "facilities", 1), None);
        await memory.RememberAsync(Route("IT-1003", "security", 3), None);
        await memory.RememberAsync(Route("IT-1002", "facilities", 2), None);

        Assert.Equal(["IT-1003", "IT-1002", "IT-1001"], (await memory.ListAsync(None)).Select(r => r.Ticket));
    }

    [Fact]
    public async Task Remember_BeyondTheTeamLimit_DropsThatTeamsOldest()
    {
        var memory = CreateMemory(perTeamLimit: 2);
        await memory.RememberAsync(Route("IT-1001", "facilities", 1), None);
        await memory.RememberAsync(Route("IT-1002", "facilities", 2), None);
        await memory.RememberAsync(Route("IT-1009", "security", 0), None);

        await memory.RememberAsync(Route("IT-1003", "facilities", 3), None);

        Assert.Equal(["IT-1003", "IT-1002", "IT-1009"], (await memory.ListAsync(None)).Select(r => r.Ticket));
    }

    [Fact]
    public async Task Forget_KeptExample_RemovesItForGood()
    {
        var memory = CreateMemory();
        await memory.RememberAsync(Route("IT-1001", "facilities"), None);

        Assert.True(await memory.ForgetAsync("IT-1001@0", None));

        Assert.Empty(await memory.ListAsync(None));
        Assert.False(await memory.RememberAsync(Route("IT-1001", "facilities"), None));
        Assert.Empty(await memory.ListAsync(None));
    }

    [Fact]
    public async Task Forget_UnknownId_ReturnsFalse()
    {
        var memory = CreateMemory();

        Assert.False(await memory.ForgetAsync("IT-404@0", None));
    }

    [Fact]
    public async Task Version_ChangesWithEveryChangeAndOnlyThen()
    {
        var memory = CreateMemory();
        var empty = await memory.VersionAsync(None);

        await memory.RememberAsync(Route("IT-1001", "facilities"), None);
        var learned = await memory.VersionAsync(None);
        await memory.RememberAsync(Route("IT-1001", "facilities"), None);
        var repeated = await memory.VersionAsync(None);
        await memory.ForgetAsync("IT-1001@0", None);
        var forgotten = await memory.VersionAsync(None);

        Assert.NotEqual(empty, learned);
        Assert.Equal(learned, repeated);
        Assert.NotEqual(learned, forgotten);
    }

    [Fact]
    public async Task Remember_HashedExample_KeepsTheFlag()
    {
        var memory = CreateMemory();

        await memory.RememberAsync(Route("HR-1001", "hr", hashed: true), None);

        Assert.True(Assert.Single(await memory.ListAsync(None)).Hashed);
    }
}

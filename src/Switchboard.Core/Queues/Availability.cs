using System.Text.Json;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Queues;

/// <summary>An agent marked away: since when, and until when (null: until they say "back").</summary>
/// <param name="Since">When they said "away".</param>
/// <param name="Until">When they are back by themselves, or null.</param>
public sealed record AwayRecord(DateTimeOffset Since, DateTimeOffset? Until);

/// <summary>
/// Who of the agents is away. Kept per agent (by the e-mail or id their team lists them under, see
/// <see cref="TicketCards.AgentKey"/>), so "away" said on Slack counts on Teams too; an "until" date ends it by itself.
/// </summary>
public sealed class Availability(IStateStore state, TimeProvider time)
{
    // Longer than anyone stays away without saying "back"; the record then goes by itself.
    private static readonly TimeSpan OpenEndedLifetime = TimeSpan.FromDays(365);

    /// <summary>Marks <paramref name="agent"/> away until <paramref name="until"/> (null: until they are back).</summary>
    public async Task SetAwayAsync(AgentOptions agent, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifetime = until is { } end ? end - now + TimeSpan.FromDays(1) : OpenEndedLifetime;
        await state.TryWriteAsync(Key(agent), JsonSerializer.Serialize(new AwayRecord(now, until), QueuesJsonContext.Default.AwayRecord),
            StateEntry.AnyETag, lifetime, cancellationToken);
    }

    /// <summary>Marks <paramref name="agent"/> back.</summary>
    /// <returns>False when they were not away.</returns>
    public async Task<bool> SetBackAsync(AgentOptions agent, CancellationToken cancellationToken)
    {
        var was = await GetAsync(agent, cancellationToken);
        await state.TryDeleteAsync(Key(agent), StateEntry.AnyETag, cancellationToken);
        return was is not null;
    }

    /// <summary>The away record of <paramref name="agent"/>, or null when they are not away (now).</summary>
    public async Task<AwayRecord?> GetAsync(AgentOptions agent, CancellationToken cancellationToken)
    {
        var entry = await state.ReadAsync(Key(agent), cancellationToken);
        if (entry is null || JsonSerializer.Deserialize(entry.Value, QueuesJsonContext.Default.AwayRecord) is not { } away) return null;
        return away.Until is { } until && until <= time.GetUtcNow() ? null : away;
    }

    private static string Key(AgentOptions agent) => $"queues:away:{TicketCards.AgentKey(agent).ToLowerInvariant()}";
}

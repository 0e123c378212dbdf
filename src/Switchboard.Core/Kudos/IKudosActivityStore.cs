using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>
/// What the kudos module keeps besides the ledger: the resolutions behind the fair board (and whether each ticket was
/// thanked), each requester's recently resolved tickets for the weekly round-up, people's reminder setting and last
/// give, and the channel cards of a kudos with the people who joined it ("+1"). Every write is safe to repeat.
/// </summary>
public interface IKudosActivityStore
{
    /// <summary>
    /// Records the first resolution of a ticket and adds <paramref name="scores"/> to the fair boards, in one step, and
    /// remembers the agent's name. A ticket is recorded once: a later call for the same ticket (a repeat, or a reopen
    /// resolved again) changes nothing.
    /// </summary>
    /// <returns>True when this call recorded it.</returns>
    Task<bool> RecordResolutionAsync(KudosResolution resolution, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken);

    /// <summary>The recorded resolution of <paramref name="ticket"/>, or null.</summary>
    Task<KudosResolution?> GetResolutionAsync(string ticket, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="ticket"/> thanked and adds <paramref name="scores"/>, once per ticket.</summary>
    /// <returns>True when this call marked it.</returns>
    Task<bool> RecordThanksAsync(string ticket, IReadOnlyList<KudosScore> scores, CancellationToken cancellationToken);

    /// <summary>The names remembered for agents with these ids (those known).</summary>
    Task<IReadOnlyDictionary<string, string>> AgentNamesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Every member of <paramref name="board"/> with their count (in no particular order).</summary>
    Task<IReadOnlyDictionary<string, long>> CountsAsync(string board, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that <paramref name="ticket"/>, requested by <paramref name="requesterId"/>, was resolved at <paramref name="resolvedAt"/>
    /// (a later resolution moves it). Entries older than <paramref name="keepAfter"/> are dropped.
    /// </summary>
    /// <returns>True when the ticket was new to the requester's list or moved.</returns>
    Task<bool> AddRequesterResolutionAsync(string requesterId, string ticket, DateTimeOffset resolvedAt, DateTimeOffset keepAfter, CancellationToken cancellationToken);

    /// <summary>The requester's tickets resolved at or after <paramref name="from"/> and before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> RequesterResolutionsAsync(string requesterId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Marks tickets as offered in a round-up; returns those of <paramref name="tickets"/> that were offered before this call.</summary>
    Task<IReadOnlySet<string>> MarkOfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="tickets"/> offered in a round-up already.</summary>
    Task<IReadOnlySet<string>> OfferedAsync(string requesterId, IReadOnlyList<string> tickets, CancellationToken cancellationToken);

    /// <summary>Turns a person's nudges (round-up and reminders) on or off.</summary>
    Task SetRemindersAsync(string personId, KudosReminders setting, CancellationToken cancellationToken);

    /// <summary>A person's nudge setting (on unless they turned it off).</summary>
    Task<KudosReminders> GetRemindersAsync(string personId, CancellationToken cancellationToken);

    /// <summary>Notes that a person gave at <paramref name="at"/>; an earlier time never replaces a later one.</summary>
    Task RecordGivenAsync(string personId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>When a person last gave, or null.</summary>
    Task<DateTimeOffset?> LastGivenAsync(string personId, CancellationToken cancellationToken);

    /// <summary>Keeps the channel card posted for a kudos (one per conversation; a repeat replaces it).</summary>
    Task AddCardAsync(string kudosId, MessageRef card, CancellationToken cancellationToken);

    /// <summary>The channel cards posted for a kudos.</summary>
    Task<IReadOnlyList<MessageRef>> CardsAsync(string kudosId, CancellationToken cancellationToken);

    /// <summary>Notes that <paramref name="joiner"/> added their thanks to a kudos (once per person).</summary>
    Task AddJoinerAsync(string kudosId, KudosJoiner joiner, CancellationToken cancellationToken);

    /// <summary>Who added their thanks to a kudos, first joiner first.</summary>
    Task<IReadOnlyList<KudosJoiner>> JoinersAsync(string kudosId, CancellationToken cancellationToken);
}

/// <summary>A resolved ticket as the fair board counts it: once, for the agent and team that first resolved it.</summary>
/// <param name="Ticket">The ticket number.</param>
/// <param name="TeamId">The service team that resolved it.</param>
/// <param name="AgentId">The resolving agent's person id, or null when nobody but Switchboard resolved it (closed for no answer).</param>
/// <param name="AgentName">Their name.</param>
/// <param name="ResolvedAt">When it was resolved: the period it counts in, and its thanks with it.</param>
public sealed record KudosResolution(string Ticket, string TeamId, string? AgentId, string? AgentName, DateTimeOffset ResolvedAt);

/// <summary>Someone who added their thanks to a kudos.</summary>
/// <param name="Id">Their person id.</param>
/// <param name="Name">Their name, shown as plain text.</param>
/// <param name="At">When they joined.</param>
public sealed record KudosJoiner(string Id, string Name, DateTimeOffset At);

/// <summary>Whether a person gets the round-up and the reminder to give.</summary>
public enum KudosReminders
{
    /// <summary>They do (the default).</summary>
    On,
    /// <summary>They said <c>kudos reminders off</c>.</summary>
    Off,
}

/// <summary>Source-generated JSON for what <see cref="IKudosActivityStore"/>s keep.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KudosResolution))]
[JsonSerializable(typeof(KudosJoiner))]
[JsonSerializable(typeof(MessageRef))]
[JsonSerializable(typeof(KudosPerson))]
public sealed partial class KudosActivityJsonContext : JsonSerializerContext;

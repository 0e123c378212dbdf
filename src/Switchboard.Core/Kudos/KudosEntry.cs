using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>
/// One kudos in the append-only ledger. Its <see cref="Id"/> is the giving turn's delivery key (or the ticket /
/// the kudos joined), so a redelivered or double-clicked give is stored once.
/// </summary>
public sealed record KudosEntry
{
    /// <summary>The kudos' id: unique, and the same for every delivery of the same give.</summary>
    public required string Id { get; init; }

    /// <summary>Who gave it.</summary>
    public required KudosPerson Giver { get; init; }

    /// <summary>Who it thanks.</summary>
    public required IReadOnlyList<KudosPerson> Receivers { get; init; }

    /// <summary>The company values named (their configured names).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>What for, as the giver wrote it (plain text, shown literally).</summary>
    public required string Reason { get; init; }

    /// <summary>When it was given.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>A kudos, a "+1" to another, or a thank-you for a resolved request.</summary>
    public KudosKind Kind { get; init; } = KudosKind.Peer;

    /// <summary>For a "+1": the kudos it joins.</summary>
    public string? Joins { get; init; }

    /// <summary>For a thank-you: the ticket it thanks the team for.</summary>
    public string? Ticket { get; init; }
}

/// <summary>A person in a kudos: their directory id (one person across platforms) and the account used.</summary>
/// <param name="Id">The people directory's id, or the platform key of someone the directory doesn't know.</param>
/// <param name="Account">The platform account that gave, or was mentioned.</param>
public sealed record KudosPerson(string Id, PersonRef Account)
{
    /// <summary>Their name.</summary>
    [JsonIgnore]
    public string Name => Account.Name;

    /// <summary>
    /// Their department as the people directory had it when the kudos was given (trimmed), or null when it had
    /// none: kept on the entry so the department boards count where people were, never guessed later.
    /// </summary>
    public string? Department { get; init; }
}

/// <summary>What kind of entry a kudos is.</summary>
public enum KudosKind
{
    /// <summary>Given by a colleague, charged to their allowance.</summary>
    Peer,
    /// <summary>"+1, add my thanks" on someone else's kudos, charged to the one who joins.</summary>
    PlusOne,
    /// <summary>The thank-you after a resolved request, paid from the ticket's service budget.</summary>
    ServiceThanks,
}

/// <summary>
/// What appending a kudos costs, checked and charged by the store in the same step as the append, so two gives at
/// once can't both spend the last of an allowance.
/// </summary>
/// <param name="Account">The allowance counter charged (one per giver and period), or null when nothing is charged.</param>
/// <param name="Cost">How much the kudos costs (one per receiver).</param>
/// <param name="Limit">The allowance (top-ups on <see cref="Account"/> are added by the store).</param>
/// <param name="Pairs">One counter per giver, receiver and period.</param>
/// <param name="PairCap">How high each of <see cref="Pairs"/> may go.</param>
/// <param name="ExpiresAt">When the counters are no longer needed (the period's end).</param>
/// <param name="Scores">Leaderboard increments.</param>
public sealed record KudosCharge(
    string? Account,
    int Cost,
    int Limit,
    IReadOnlyList<string> Pairs,
    int PairCap,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<KudosScore> Scores)
{
    /// <summary>A charge on nothing, only counted on the boards (a thank-you from a ticket's service budget).</summary>
    public static KudosCharge Free(DateTimeOffset expiresAt, IReadOnlyList<KudosScore> scores) => new(null, 0, 0, [], 0, expiresAt, scores);
}

/// <summary>An increment of one member of one leaderboard.</summary>
/// <param name="Board">The board (<see cref="KudosBoards"/>).</param>
/// <param name="Member">A person's id.</param>
/// <param name="Points">How much to add.</param>
public sealed record KudosScore(string Board, string Member, int Points);

/// <summary>How an append ended.</summary>
public enum KudosAppendOutcome
{
    /// <summary>Stored and charged.</summary>
    Appended,
    /// <summary>A kudos with that id is stored already; nothing was charged again.</summary>
    Duplicate,
    /// <summary>The allowance would go over its limit; nothing was stored.</summary>
    OverAllowance,
    /// <summary>A pair would go over its cap; nothing was stored.</summary>
    OverPairCap,
}

/// <summary>What an append did, with the stored entry (the earlier one for a duplicate).</summary>
public sealed record KudosAppend(KudosAppendOutcome Outcome, KudosEntry? Entry);

/// <summary>What a giver has used of a period.</summary>
/// <param name="Used">Spent of the allowance.</param>
/// <param name="TopUp">Added by admins for the period.</param>
/// <param name="Pairs">Each pair counter asked for, with its count.</param>
public sealed record KudosUsage(int Used, int TopUp, IReadOnlyDictionary<string, int> Pairs);

/// <summary>A place on a leaderboard.</summary>
public sealed record KudosStanding(string Member, long Points);

/// <summary>Source-generated JSON for kudos entries, as the stores keep them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KudosEntry))]
public sealed partial class KudosJsonContext : JsonSerializerContext;

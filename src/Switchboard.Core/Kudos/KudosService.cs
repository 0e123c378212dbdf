using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Work;

namespace Switchboard.Core.Kudos;

/// <summary>What came of a give: sent (or sent before), or refused, with what to tell the giver.</summary>
/// <param name="Outcome">Sent, already sent, or refused.</param>
/// <param name="Message">For the giver.</param>
/// <param name="Entry">The stored kudos, when there is one.</param>
public sealed record KudosGiveResult(KudosGiveOutcome Outcome, string Message, KudosEntry? Entry = null);

/// <summary>How a give ended.</summary>
public enum KudosGiveOutcome
{
    /// <summary>Stored, and its delivery queued.</summary>
    Sent,
    /// <summary>The same give was stored before (a redelivery, a double click); nothing was charged again.</summary>
    AlreadySent,
    /// <summary>A rule stopped it.</summary>
    Refused,
}

/// <summary>A person's kudos numbers.</summary>
public sealed record KudosStats(long Given, long Received, int Left, int Limit, KudosWindow Window);

/// <summary>
/// Gives kudos: resolves the people, applies <see cref="KudosRules"/>, appends to the ledger (charging the
/// allowance in the same step) and queues the delivery, which <see cref="KudosDelivery"/> does durably.
/// </summary>
public sealed partial class KudosService(
    IKudosStore store,
    PeopleDirectory people,
    KudosOptions options,
    IWorkQueue queue,
    TimeProvider time,
    ILogger<KudosService> logger)
{
    /// <summary>The work queue of kudos deliveries.</summary>
    public const string QueueName = "kudos-delivery";

    /// <summary>Gives the kudos <paramref name="draft"/> from <paramref name="from"/>, stored as <paramref name="id"/>.</summary>
    public async Task<KudosGiveResult> GiveAsync(string id, PersonRef from, KudosDraft draft, CancellationToken cancellationToken)
    {
        var (giver, zone) = await ResolveAsync(from, cancellationToken);
        var receivers = new List<KudosReceiver>();
        foreach (var mention in draft.Recipients)
            receivers.Add(new KudosReceiver((await ResolveAsync(mention.Person, cancellationToken)).Person, mention.Kind));

        var entry = new KudosEntry
        {
            Id = id,
            Giver = giver,
            Receivers = receivers.Select(r => r.Person).ToList(),
            Values = draft.Values.Select(v => v.Name).ToList(),
            Reason = draft.Reason,
            At = time.GetUtcNow(),
        };
        return await ChargeAsync(entry, receivers, zone, draft, cancellationToken);
    }

    /// <summary>"+1, add my thanks": <paramref name="from"/> joins the kudos <paramref name="kudosId"/>, charged to them, once.</summary>
    public async Task<KudosGiveResult> JoinAsync(string kudosId, PersonRef from, CancellationToken cancellationToken)
    {
        var original = await store.GetAsync(kudosId, cancellationToken);
        if (original is null) return new(KudosGiveOutcome.Refused, "I can't find that kudos any more.");
        var (joiner, zone) = await ResolveAsync(from, cancellationToken);
        if (original.Giver.Id == joiner.Id || original.Giver.Account.IsSamePerson(from))
            return new(KudosGiveOutcome.Refused, "This kudos is yours already.");
        if (original.Receivers.Any(r => r.Id == joiner.Id || r.Account.IsSamePerson(from)))
            return new(KudosGiveOutcome.Refused, "This kudos is for you, so you can't add thanks to it. Enjoy it!");

        var entry = original with
        {
            Id = $"{original.Id}+{joiner.Id}",
            Giver = joiner,
            At = time.GetUtcNow(),
            Kind = KudosKind.PlusOne,
            Joins = original.Id,
            Ticket = null,
        };
        var receivers = original.Receivers.Select(r => new KudosReceiver(r, MentionKind.Person)).ToList();
        var result = await ChargeAsync(entry, receivers, zone, draft: null, cancellationToken);
        return result.Outcome == KudosGiveOutcome.AlreadySent ? result with { Message = "You've added your thanks to this kudos already." } : result;
    }

    /// <summary>
    /// The requester's thank-you for a resolved ticket to the people who worked it, stored as <paramref name="id"/>
    /// (once per ticket) and paid from the ticket's service budget: it costs her no allowance.
    /// </summary>
    public async Task<KudosGiveResult> ThankForTicketAsync(string id, Requests.Ticket ticket, PersonRef from, IReadOnlyList<PersonRef> helpers,
        string reason, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is not null) return await AlreadySentAsync(existing, cancellationToken);
        var (giver, _) = await ResolveAsync(from, cancellationToken);
        var receivers = new List<KudosPerson>();
        foreach (var helper in helpers) receivers.Add((await ResolveAsync(helper, cancellationToken)).Person);
        var entry = new KudosEntry
        {
            Id = id,
            Giver = giver,
            Receivers = receivers,
            Reason = reason,
            At = time.GetUtcNow(),
            Kind = KudosKind.ServiceThanks,
            Ticket = ticket.Number.ToString(),
        };
        var appended = await store.AppendAsync(entry, KudosCharge.Free(DateTimeOffset.MaxValue, KudosBoards.For(entry)), cancellationToken);
        if (appended.Outcome == KudosAppendOutcome.Duplicate) return await AlreadySentAsync(appended.Entry!, cancellationToken);
        LogGiven(logger, entry.Id, entry.Kind, entry.Receivers.Count);
        await QueueDeliveryAsync(entry, cancellationToken);
        return new(KudosGiveOutcome.Sent, $"Thanks sent to {Names(receivers.Select(r => r.Name))}.", entry);
    }

    /// <summary>Adds <paramref name="amount"/> to the current allowance of <paramref name="person"/> (an admin's top-up).</summary>
    /// <returns>What they have left now, and when it resets.</returns>
    public async Task<string> TopUpAsync(PersonRef person, int amount, CancellationToken cancellationToken)
    {
        var (who, zone) = await ResolveAsync(person, cancellationToken);
        var window = Window(zone);
        await store.TopUpAsync(KudosKeys.Account(who.Id, window), amount, window.End, cancellationToken);
        var usage = await store.GetUsageAsync(KudosKeys.Account(who.Id, window), [], cancellationToken);
        return $"Added {amount} to {who.Name}'s allowance: they have {KudosRules.Left(usage, options)} kudos left this {KudosRules.PeriodName(options.Period)}, until {window.DescribeEnd()}.";
    }

    /// <summary>What <paramref name="person"/> gave and received, and what they have left.</summary>
    public async Task<KudosStats> StatsAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var (who, zone) = await ResolveAsync(person, cancellationToken);
        var window = Window(zone);
        var usage = await store.GetUsageAsync(KudosKeys.Account(who.Id, window), [], cancellationToken);
        var now = time.GetUtcNow();
        return new KudosStats(
            await store.ScoreAsync(KudosBoards.Name(KudosBoards.Side.Givers, KudosBoards.Span.All, now), who.Id, cancellationToken),
            await store.ScoreAsync(KudosBoards.Name(KudosBoards.Side.Receivers, KudosBoards.Span.All, now), who.Id, cancellationToken),
            KudosRules.Left(usage, options), options.Allowance + usage.TopUp, window);
    }

    /// <summary>The person behind an account: their directory id, department and time zone (UTC when unknown).</summary>
    public async Task<(KudosPerson Person, TimeZoneInfo Zone)> ResolveAsync(PersonRef account, CancellationToken cancellationToken)
    {
        var found = await people.FindAsync(account, cancellationToken);
        var named = found is not null && account.Name == account.Id ? account with { Name = found.Name } : account;
        var department = string.IsNullOrWhiteSpace(found?.Department) ? null : found.Department.Trim();
        return (new KudosPerson(found?.Id.Value ?? account.Key, named) { Department = department }, KudosPeriods.Zone(found?.TimeZone));
    }

    /// <summary>Queues the delivery of a stored kudos (again: the queue drops a repeat within its window).</summary>
    public Task<bool> QueueDeliveryAsync(KudosEntry entry, CancellationToken cancellationToken) =>
        // A kudos and its "+1"s share an ordering key, so the "+1"s repaint its card one at a time.
        queue.EnqueueAsync(QueueName, new WorkItem(entry.Id, $"kudos:{entry.Joins ?? entry.Id}", entry.Id), null, cancellationToken);

    private KudosWindow Window(TimeZoneInfo zone) => KudosPeriods.At(options.Period, options.ResetAt, zone, time.GetUtcNow());

    private async Task<KudosGiveResult> ChargeAsync(KudosEntry entry, IReadOnlyList<KudosReceiver> receivers, TimeZoneInfo zone,
        KudosDraft? draft, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(entry.Id, cancellationToken);
        if (existing is not null) return await AlreadySentAsync(existing, cancellationToken);

        var window = Window(zone);
        var account = KudosKeys.Account(entry.Giver.Id, window);
        var pairs = receivers.Select(r => KudosKeys.Pair(entry.Giver.Id, r.Person.Id, window)).ToList();
        var usage = await store.GetUsageAsync(account, pairs, cancellationToken);
        var decision = draft is null
            ? KudosRules.CheckBudget(entry.Giver, receivers, usage, window, options)
            : KudosRules.Check(entry.Giver, receivers, draft, usage, window, options);
        if (!decision.IsAllowed) return new(KudosGiveOutcome.Refused, decision.Refusal!);

        var charge = new KudosCharge(account, receivers.Count, options.Allowance, pairs, options.PairCap, window.End, KudosBoards.For(entry));
        var appended = await store.AppendAsync(entry, charge, cancellationToken);
        switch (appended.Outcome)
        {
            case KudosAppendOutcome.Duplicate:
                return await AlreadySentAsync(appended.Entry!, cancellationToken);
            case KudosAppendOutcome.OverAllowance or KudosAppendOutcome.OverPairCap:
                // Another give spent it between the check and the append: explain with what is used now.
                var now = await store.GetUsageAsync(account, pairs, cancellationToken);
                var again = KudosRules.CheckBudget(entry.Giver, receivers, now, window, options);
                return new(KudosGiveOutcome.Refused, again.Refusal ?? "Your allowance just changed; please try again.");
        }

        LogGiven(logger, entry.Id, entry.Kind, entry.Receivers.Count);
        await QueueDeliveryAsync(entry, cancellationToken);
        var after = await store.GetUsageAsync(account, [], cancellationToken);
        var names = Names(entry.Receivers.Select(r => r.Name));
        var verb = entry.Kind == KudosKind.PlusOne ? $"Added your thanks for {names}." : $"Kudos sent to {names}.";
        return new(KudosGiveOutcome.Sent, $"{verb} {KudosRules.Remaining(after, window, options)}", entry);
    }

    private async Task<KudosGiveResult> AlreadySentAsync(KudosEntry entry, CancellationToken cancellationToken)
    {
        // A give whose first run stopped between the append and queueing its delivery gets it queued now.
        await QueueDeliveryAsync(entry, cancellationToken);
        return new(KudosGiveOutcome.AlreadySent, $"That kudos to {Names(entry.Receivers.Select(r => r.Name))} was sent already.", entry);
    }

    /// <summary>"Alex", "Alex and Priya", "Alex, Priya and Sam".</summary>
    public static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kudos {KudosId} ({Kind}) stored for {Receivers} receivers")]
    private static partial void LogGiven(ILogger logger, string kudosId, KudosKind kind, int receivers);
}

using Switchboard.Core.People;
using Switchboard.Core.Requests;

namespace Switchboard.Redis;

// Key layout, all under the configured prefix P (RedisOptions.KeyPrefix, default "sb:default"):
//
//   P:state:{<state key>}                hash    v = value, e = ETag (random, never reused)      IStateStore
//   P:ticket:{IT-1001}                   hash    json = ticket JSON (with its outbox), version = CAS version, team = team id (tells an update that it is a move),
//                                                open = 1 or 0 (tells an update that it closes or reopens the ticket)   ITicketStore
//   P:ticket-seq:{IT}                    string  INCR counter; number = TicketNumber.First - 1 + counter
//   P:requester-tickets:{teams:29:abc}   zset    member = ticket number, score = CreatedAt (unix ms)
//   P:requester-open:{teams:29:abc}      zset    same, only the requester's open tickets (ListOpenByRequester: a turn's cost
//                                                doesn't grow with her history)
//   P:requester-open-built:{teams:29:abc} string "1": her open index was built from requester-tickets (tickets filed
//                                                before the open index existed); until then the first list builds it
//   P:team-tickets:{it}                  zset    same, team id lower-cased (team ids are case-insensitive)
//   P:team-open:{it}                     zset    same, only the team's open tickets (ListOpenByTeam: queues and assignment
//                                                don't grow with the team's history)
//   P:team-open-built:{it}               string  "1": the team's open index was built from team-tickets (tickets stored
//                                                before the team's open index existed); until then the first list builds it
//   P:claim:{<delivery id>}              string  "1" with an expiry (SET NX PX)                   IIdempotencyStore
//   P:person:{maya@contoso.example}      hash    json = person JSON, version = CAS version       IPeopleStore
//   P:person-key:{slack:U123}            string  person id of the account's person (index)
//   P:person-email:{maya@contoso.example} string person id of the e-mail's person (index, e-mail lower-cased)
//
//   Work queue Q (IWorkQueue; every key of a queue shares the tag {Q}, so its scripts stay in one slot):
//   P:work:{Q}:stream                    stream  ready and leased items; consumer group "workers"
//   P:work:{Q}:delayed                   zset    member = item token, score = due (unix ms): not-before and back-off
//   P:work:{Q}:items                     hash    item token -> item JSON, for items delayed or held back
//   P:work:{Q}:inflight                  hash    ordering key -> token of the one item that key may deliver now
//   P:work:{Q}:parked                    hash    ordering key -> JSON array of tokens held back behind it, in order
//   P:work:{Q}:dead                      hash    dead-letter id -> dead letter JSON
//   P:work:{Q}:dead-index                zset    dead-letter id by when it died (unix ms)
//   P:work:{Q}:seen:<item id>            string  "1" with an expiry: idempotent enqueue
//   P:work:{Q}:wake                      pub/sub channel: "something may be ready"
//
//   Scheduler (IScheduler; one tag {jobs} for all, since one sorted set orders every job):
//   P:schedule:{jobs}:due                zset    member = job id, score = when claimable (unix ms): due time, or claim expiry
//   P:schedule:{jobs}:jobs               hash    job id -> ScheduledJob JSON
//   P:schedule:{jobs}:claims             hash    job id -> token of the current claim
//   P:schedule:{jobs}:attempts           hash    job id -> claims since it was (re)scheduled
//
//   Kudos (IKudosStore; one tag {kudos} for all: an append charges, counts and scores in one script, and the
//   ledger and boards are shared by every give anyway):
//   P:kudos:{kudos}:entries              hash    kudos id -> KudosEntry JSON (set once: the id makes a give count once)
//   P:kudos:{kudos}:ledger               list    kudos ids, oldest first (append-only)
//   P:kudos:{kudos}:counter:<name>       hash    n = count, exp = end of its period (unix ms, the app's clock);
//                                                 a Redis expiry at the same moment removes it (KudosKeys names)
//   P:kudos:{kudos}:board:<board>        zset    member = person id, score = points (KudosBoards names)
//
//   Reports (IReportStore; one tag {reports} for all: a ticket's facts, the day counters and the sets it moves are
//   changed by one script, and a report reads them all anyway):
//   P:reports:{reports}:facts            hash    ticket number -> TicketFacts JSON
//   P:reports:{reports}:versions         hash    ticket number -> version of its facts (the compare-and-set)
//   P:reports:{reports}:applied          hash    change id (kudos:<id>) -> "1": counted once
//   P:reports:{reports}:day:<yyyy-MM-dd> hash    counter name -> count, per UTC day (ReportFields names)
//   P:reports:{reports}:now              hash    counter name -> count, "now" (open tickets per status)
//   P:reports:{reports}:set:<name>       zset    ReportFields sets: open tickets by filing / due time, low ratings by answer time
//   P:reports:{reports}:notes            hash    note id -> CommentNote JSON
//   P:reports:{reports}:labels           hash    id -> display name (agents)
//   Kudos activity (IKudosActivityStore; one tag {kudos-activity}: a resolution or thank-you counts on all its boards in one script):
//   P:kudos-activity:{kudos-activity}:resolutions       hash  ticket -> KudosResolution JSON (set once per ticket)
//   P:kudos-activity:{kudos-activity}:thanked           set   tickets whose thank-you was counted
//   P:kudos-activity:{kudos-activity}:names             hash  agent person id -> name
//   P:kudos-activity:{kudos-activity}:board:<board>     zset  member = person or team id, score = count (FairBoard names)
//   P:kudos-activity:{kudos-activity}:requester:<id>    zset  member = ticket, score = resolved at (unix ms): the round-up's list
//   P:kudos-activity:{kudos-activity}:offered:<id>      set   tickets offered in a round-up
//   P:kudos-activity:{kudos-activity}:reminders-off     set   person ids who said "kudos reminders off"
//   P:kudos-activity:{kudos-activity}:last-given        hash  person id -> last give (unix ms)
//   P:kudos-activity:{kudos-activity}:cards:<kudos>     hash  conversation key -> MessageRef JSON of the channel card
//   P:kudos-activity:{kudos-activity}:joiners:<kudos>   hash  person id -> KudosJoiner JSON ("+1")
//   Answers (IAnswerStore; one tag per team, {answers:<team>}, so a compare-and-set or a counted deflection is one script):
//   P:answers:{answers:it}:items         hash    answer id -> Answer JSON
//   P:answers:{answers:it}:versions      hash    answer id -> CAS version
//   P:answers:{answers:it}:seq           string  INCR counter for saved answers' ids (it.1, it.2, ...)
//   P:answers:{answers:it}:solved:<month> hash   answer id -> requests solved that month ("2026-11")
//   P:answers:{answers:it}:deflected:<id> string "1" with an expiry: a deflection counted once
//   Routing memory (IRoutingMemory; one tag {routing}: learning adds, trims and bumps the version in one script):
//   P:routing:{routing}:learned          hash    example id -> LearnedRoute JSON (terms only; hashed when confidential)
//   P:routing:{routing}:team:<team>      zset    example id by when it was learned (unix ms): the newest N are kept
//   P:routing:{routing}:forgotten        set     ids an admin removed: the same move is never learned again
//   P:routing:{routing}:version          string  INCR on every change, so instances reload only when it moved
//
// The identity part of every key is a hash tag, so a key and any companion key added later for the
// same thing (a lock, a per-ticket list) land in one Redis Cluster slot and can be used together in a
// script. Every script today touches a single key. A ticket and its index entries live in different
// slots on purpose (a ticket moves between teams): indexes are maintained beside the CAS, and listing
// re-checks each ticket against the index it was found in (see RedisTicketStore).
// Do not put braces in KeyPrefix unless everything should share one slot: the first {...} wins.
internal sealed class RedisKeys(string prefix)
{
    public string State(string key) => $"{prefix}:state:{{{key}}}";

    public string Ticket(TicketNumber number) => Ticket(number.ToString());

    public string Ticket(string number) => $"{prefix}:ticket:{{{number}}}";

    public string TicketSequence(string numberPrefix) => $"{prefix}:ticket-seq:{{{numberPrefix.ToUpperInvariant()}}}";

    public string RequesterTickets(string requesterKey) => $"{prefix}:requester-tickets:{{{requesterKey}}}";

    public string OpenRequesterTickets(string requesterKey) => $"{prefix}:requester-open:{{{requesterKey}}}";

    public string OpenRequesterTicketsBuilt(string requesterKey) => $"{prefix}:requester-open-built:{{{requesterKey}}}";

    public string TeamTickets(string teamId) => $"{prefix}:team-tickets:{{{teamId.ToLowerInvariant()}}}";

    public string OpenTeamTickets(string teamId) => $"{prefix}:team-open:{{{teamId.ToLowerInvariant()}}}";

    public string OpenTeamTicketsBuilt(string teamId) => $"{prefix}:team-open-built:{{{teamId.ToLowerInvariant()}}}";

    public string Claim(string deliveryId) => $"{prefix}:claim:{{{deliveryId}}}";

    public string Person(PersonId id) => $"{prefix}:person:{{{id.Value}}}";

    public string PersonByPlatformKey(string platformKey) => $"{prefix}:person-key:{{{platformKey}}}";

    public string PersonByEmail(string email) => $"{prefix}:person-email:{{{PeopleIndex.NormalizeEmail(email)}}}";

    public WorkQueueKeys Work(string queue) => new($"{prefix}:work:{{{queue}}}");

    public SchedulerKeys Schedule() => new($"{prefix}:schedule:{{jobs}}");

    public KudosStoreKeys Kudos() => new($"{prefix}:kudos:{{kudos}}");

    public ReportStoreKeys Reports() => new($"{prefix}:reports:{{reports}}");

    public KudosActivityKeys KudosActivity() => new($"{prefix}:kudos-activity:{{kudos-activity}}");

    public AnswerStoreKeys Answers(string teamId) => new($"{prefix}:answers:{{answers:{teamId.ToLowerInvariant()}}}");

    public RoutingMemoryKeys RoutingMemory() => new($"{prefix}:routing:{{routing}}");
}

internal sealed record AnswerStoreKeys(string Root)
{
    public string Answers => $"{Root}:items";

    public string Versions => $"{Root}:versions";

    public string Sequence => $"{Root}:seq";

    public string Solved(string month) => $"{Root}:solved:{month}";

    public string Deflection(string deflectionId) => $"{Root}:deflected:{deflectionId}";
}

internal sealed record WorkQueueKeys(string Root)
{
    public string Stream => $"{Root}:stream";

    public string Delayed => $"{Root}:delayed";

    public string Items => $"{Root}:items";

    public string InFlight => $"{Root}:inflight";

    public string Parked => $"{Root}:parked";

    public string Dead => $"{Root}:dead";

    public string DeadIndex => $"{Root}:dead-index";

    public string Seen(string itemId) => $"{Root}:seen:{itemId}";

    public string Wake => $"{Root}:wake";
}

internal sealed record SchedulerKeys(string Root)
{
    public string Due => $"{Root}:due";

    public string Jobs => $"{Root}:jobs";

    public string Claims => $"{Root}:claims";

    public string Attempts => $"{Root}:attempts";
}

internal sealed record RoutingMemoryKeys(string Root)
{
    public string Entries => $"{Root}:learned";

    public string Team(string teamId) => $"{Root}:team:{teamId.ToLowerInvariant()}";

    public string Forgotten => $"{Root}:forgotten";

    public string Version => $"{Root}:version";
}

internal sealed record KudosStoreKeys(string Root)
{
    public string Entries => $"{Root}:entries";

    public string Ledger => $"{Root}:ledger";

    public string Counter(string name) => $"{Root}:counter:{name}";

    public string Board(string name) => $"{Root}:board:{name}";
}

internal sealed record ReportStoreKeys(string Root)
{
    public string Facts => $"{Root}:facts";

    public string Versions => $"{Root}:versions";

    public string Applied => $"{Root}:applied";

    public string Day(DateOnly day) => $"{Root}:day:{day:yyyy-MM-dd}";

    public string Now => $"{Root}:now";

    public string Set(string name) => $"{Root}:set:{name}";

    public string Notes => $"{Root}:notes";

    public string Labels => $"{Root}:labels";
}

internal sealed record KudosActivityKeys(string Root)
{
    public string Resolutions => $"{Root}:resolutions";

    public string Thanked => $"{Root}:thanked";

    public string Names => $"{Root}:names";

    public string Board(string name) => $"{Root}:board:{name}";

    public string Requester(string personId) => $"{Root}:requester:{personId}";

    public string Offered(string personId) => $"{Root}:offered:{personId}";

    public string RemindersOff => $"{Root}:reminders-off";

    public string LastGiven => $"{Root}:last-given";

    public string Cards(string kudosId) => $"{Root}:cards:{kudosId}";

    public string Joiners(string kudosId) => $"{Root}:joiners:{kudosId}";
}

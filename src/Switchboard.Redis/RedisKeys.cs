using Switchboard.Core.People;
using Switchboard.Core.Requests;

namespace Switchboard.Redis;

// Key layout, all under the configured prefix P (RedisOptions.KeyPrefix, default "sb:default"):
//
//   P:state:{<state key>}                hash    v = value, e = ETag (random, never reused)      IStateStore
//   P:ticket:{IT-1001}                   hash    json = ticket JSON, version = CAS version       ITicketStore
//   P:ticket-seq:{IT}                    string  INCR counter; number = TicketNumber.First - 1 + counter
//   P:requester-tickets:{teams:29:abc}   zset    member = ticket number, score = CreatedAt (unix ms)
//   P:team-tickets:{it}                  zset    same, team id lower-cased (team ids are case-insensitive)
//   P:claim:{<delivery id>}              string  "1" with an expiry (SET NX PX)                   IIdempotencyStore
//   P:person:{maya@contoso.example}      hash    json = person JSON, version = CAS version       IPeopleStore
//   P:person-key:{slack:U123}            string  person id of the account's person (index)
//   P:person-email:{maya@contoso.example} string person id of the e-mail's person (index, e-mail lower-cased)
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

    public string TeamTickets(string teamId) => $"{prefix}:team-tickets:{{{teamId.ToLowerInvariant()}}}";

    public string Claim(string deliveryId) => $"{prefix}:claim:{{{deliveryId}}}";

    public string Person(PersonId id) => $"{prefix}:person:{{{id.Value}}}";

    public string PersonByPlatformKey(string platformKey) => $"{prefix}:person-key:{{{platformKey}}}";

    public string PersonByEmail(string email) => $"{prefix}:person-email:{{{PeopleIndex.NormalizeEmail(email)}}}";
}

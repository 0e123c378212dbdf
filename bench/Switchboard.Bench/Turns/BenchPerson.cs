using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Bench.Turns;

/// <summary>
/// A made-up employee, derived from a platform user id: the load and every lookup the fake platform answers
/// (Teams members, Slack users.info) agree on one person per id without keeping a list of them.
/// </summary>
public sealed record BenchPerson(string Name, string GivenName, string Surname, string Email, string ObjectId)
{
    public static BenchPerson FromId(string userId)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(userId));
        var handle = Convert.ToHexStringLower(hash, 0, 5);
        var surname = "User " + handle.ToUpperInvariant();
        return new BenchPerson("Bench " + surname, "Bench", surname, $"bench.{handle}@{BenchIdentities.EmailDomain}", new Guid(hash).ToString());
    }
}

using Switchboard.Core.People;

namespace Switchboard.Testing;

/// <summary>Waits on the people directory, which hosts fill in the background as people write to them.</summary>
public static class PeopleDirectoryWaits
{
    /// <summary>
    /// The person with <paramref name="email"/> once <paramref name="done"/> holds for them; throws naming
    /// <paramref name="what"/> when that takes longer than <paramref name="timeoutMs"/>.
    /// </summary>
    public static async Task<Person> WaitForPersonAsync(this PeopleDirectory people, string email, Func<Person, bool> done, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var person = await people.FindByEmailAsync(email, CancellationToken.None);
            if (person is not null && done(person)) return person;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}: {email} has {person?.Identities.Count ?? 0} accounts in the directory, last used on {person?.LastUsed?.Platform.ToString() ?? "none"}.");
            await Task.Delay(25);
        }
    }
}

using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Dashboard;

/// <summary>A lead's dashboard link: the address to open and until when it works.</summary>
/// <param name="Url">The dashboard page with the signed token (<c>?t=</c>).</param>
/// <param name="Access">What it grants.</param>
public sealed record DashboardLink(Uri Url, DashboardAccess Access);

/// <summary>Makes leads' signed, expiring dashboard links, limited to the teams they lead.</summary>
public sealed class DashboardLinks(DashboardOptions options, DashboardTokens tokens, TeamDirectory teams, PeopleDirectory people, TimeProvider time)
{
    /// <summary>The query parameter that carries the token.</summary>
    public const string TokenParameter = "t";

    /// <summary>The service teams <paramref name="person"/> leads, in display order.</summary>
    public IReadOnlyList<ServiceTeam> TeamsLedBy(PersonRef person) => teams.All.Where(t => t.IsLead(person)).ToList();

    /// <summary>
    /// A link for <paramref name="lead"/> to the reports of <paramref name="teamIds"/>, working for <paramref name="lifetime"/>
    /// (<see cref="DashboardOptions.LinkLifetime"/> when null); null when no public address is configured.
    /// </summary>
    public DashboardLink? For(PersonId lead, IEnumerable<string> teamIds, TimeSpan? lifetime = null)
    {
        if (options.PublicUrl is not { } page) return null;
        var access = new DashboardAccess(lead, [.. teamIds.Distinct(StringComparer.Ordinal)], time.GetUtcNow() + (lifetime ?? options.LinkLifetime));
        var builder = new UriBuilder(page) { Query = $"{TokenParameter}={tokens.Sign(access)}" };
        return new DashboardLink(builder.Uri, access);
    }

    /// <summary>The directory id of <paramref name="person"/>: their record's when they have one, else their e-mail or platform key.</summary>
    public async Task<PersonId> PersonIdOfAsync(PersonRef person, CancellationToken cancellationToken) =>
        (await people.FindAsync(person, cancellationToken))?.Id
        ?? (person.Email is { } email ? PersonId.ForEmail(email) : PersonId.ForPlatformKey(person.Key));
}

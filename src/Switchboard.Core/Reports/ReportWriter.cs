using Microsoft.Extensions.Logging;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Reports;

/// <summary>
/// Keeps the read model current from the domain events: each delivered ticket change (an
/// <see cref="ITicketChangeObserver"/>) and each stored kudos (an <see cref="IKudosObserver"/>). Both may be told
/// more than once: a ticket is recorded by compare-and-set on its version (an older or the same version changes
/// nothing), a kudos once per id.
/// </summary>
public sealed partial class ReportWriter(IReportStore store, TeamDirectory teams, PeopleDirectory people, ILogger<ReportWriter> logger)
    : ITicketChangeObserver, IKudosObserver
{
    private const int MaxAttempts = 8;

    /// <inheritdoc />
    public Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken) => RecordTicketAsync(ticket, cancellationToken);

    /// <inheritdoc />
    public Task KudosStoredAsync(KudosEntry entry, CancellationToken cancellationToken) => RecordKudosAsync(entry, cancellationToken);

    /// <summary>Records what <paramref name="ticket"/> contributes now, replacing what an older version contributed.</summary>
    /// <returns>False when this version (or a newer one) was recorded already.</returns>
    public async Task<bool> RecordTicketAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var department = (await people.FindAsync(ticket.Requester, cancellationToken))?.Department;
        var ratedAgent = ticket.Survey is { State: SurveyState.Answered } survey
            ? (await people.FindAsync(survey.Agent, cancellationToken))?.Id.Value
            : null;
        return await RecordTicketAsync(ticket, department, ratedAgent, cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="ticket"/> with its requester's <paramref name="department"/> and the directory id of
    /// the agent its survey rated, already looked up (the bench seeds this way, without a people directory round trip).
    /// </summary>
    public async Task<bool> RecordTicketAsync(Ticket ticket, string? department, string? ratedAgent, CancellationToken cancellationToken)
    {
        var number = ticket.Number.ToString();
        var team = teams.Find(ticket.TeamId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var old = await store.GetTicketAsync(number, cancellationToken);
            if (old is not null && old.Version >= ticket.Version) return false;
            var facts = TicketFacts.Of(ticket, team, department, ratedAgent, old);
            var changes = ReportContributions.Between(old, facts, rating => Note(ticket, team, rating));
            if (await store.ReplaceTicketAsync(facts, old?.Version ?? -1, changes, cancellationToken)) return true;
        }
        LogContended(logger, number);
        throw new InvalidOperationException($"The report facts of {number} kept changing; the delivery is retried.");
    }

    /// <summary>Counts a stored kudos, once per id.</summary>
    /// <returns>False when it was counted before.</returns>
    public async Task<bool> RecordKudosAsync(KudosEntry entry, CancellationToken cancellationToken)
    {
        var giver = await PartyAsync(entry.Giver, cancellationToken);
        var receivers = new List<KudosParty>();
        foreach (var receiver in entry.Receivers) receivers.Add(await PartyAsync(receiver, cancellationToken));
        return await RecordKudosAsync(entry, giver, receivers, cancellationToken);
    }

    /// <summary>Counts a stored kudos whose people's teams and departments are already known, once per id.</summary>
    public Task<bool> RecordKudosAsync(KudosEntry entry, KudosParty giver, IReadOnlyList<KudosParty> receivers, CancellationToken cancellationToken)
    {
        // A thank-you for a request thanks the team that owns the ticket; other kudos the teams of the people thanked.
        IReadOnlyList<string> thanked = entry.Kind == KudosKind.ServiceThanks && TicketNumber.TryParse(entry.Ticket, out var number) && teams.FindByPrefix(number.Value.Prefix) is { } owner
            ? [owner.Id]
            : receivers.Select(r => r.Team).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var changes = ReportContributions.ForKudos(TicketFacts.Day(entry.At), entry.Kind, entry.Values, giver, receivers, thanked);
        return store.AddOnceAsync($"kudos:{entry.Id}", changes, cancellationToken);
    }

    private async Task<KudosParty> PartyAsync(KudosPerson person, CancellationToken cancellationToken)
    {
        var found = await people.GetAsync(new PersonId(person.Id), cancellationToken) ?? await people.FindAsync(person.Account, cancellationToken);
        return new KudosParty(teams.TeamsOf(person.Account).FirstOrDefault()?.Id, string.IsNullOrWhiteSpace(found?.Department) ? null : found.Department.Trim());
    }

    private static CommentNote Note(Ticket ticket, ServiceTeam? team, RatingFact rating)
    {
        // Only the current survey's answer is new to the read model; what a requester of a confidential team wrote never leaves the ticket.
        var withheld = ticket.Confidentiality == Confidentiality.Confidential || team?.Confidentiality == Confidentiality.Confidential
                       || ticket.Survey?.SentAt != rating.SurveySentAt;
        return new CommentNote(ticket.Number.ToString(), rating.Team, rating.AgentName, rating.Rating, rating.AnsweredAt,
            withheld ? null : ticket.Survey!.Comment, withheld);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report facts of {Ticket} kept changing while being recorded")]
    private static partial void LogContended(ILogger logger, string ticket);
}

/// <summary>A giver or receiver of a kudos as the reports count them.</summary>
/// <param name="Team">The first service team that lists them as an agent, or null.</param>
/// <param name="Department">Their department from the people directory, or null when unknown.</param>
public sealed record KudosParty(string? Team, string? Department);

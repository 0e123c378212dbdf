using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Queues;

namespace Switchboard.Core.Kudos;

/// <summary>The kudos section of the home page: what the person gave, received and has left, and the top of this week's board.</summary>
public sealed class KudosHomeSection(KudosService kudos, IKudosStore store, PeopleDirectory people, KudosOptions options, TimeProvider time) : IHomeSection
{
    /// <summary>How many of this week's receivers the section shows.</summary>
    public const int Places = 5;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Card>> BuildAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var stats = await kudos.StatsAsync(person, cancellationToken);
        var top = await store.TopAsync(KudosBoards.Name(KudosBoards.Side.Receivers, KudosBoards.Span.Week, time.GetUtcNow()), Places, cancellationToken);
        var rows = new List<CardItem>();
        for (var i = 0; i < top.Count; i++)
        {
            var name = (await people.GetAsync(new PersonId(top[i].Member), cancellationToken))?.Name ?? "someone";
            rows.Add(new CardItem($"{i + 1}. {name}", top[i].Points == 1 ? "1 kudos" : $"{top[i].Points} kudos", []));
        }
        var period = KudosRules.PeriodName(options.Period);
        var card = new Card("Your kudos",
            top.Count == 0 ? "Nobody has been thanked this week yet. Be the first: kudos @name for what they did." : "Most thanked this week:",
            [
                new CardFact("Given", stats.Given.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new CardFact("Received", stats.Received.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new CardFact("Left", $"{stats.Left} of {stats.Limit} this {period}"),
                new CardFact("Resets", stats.Window.DescribeEnd()),
            ],
            [], []) { Items = rows };
        return [card];
    }
}

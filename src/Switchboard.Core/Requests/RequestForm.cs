using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Requests;

/// <summary>
/// The request form (team, summary, details, priority), filed with <see cref="Verbs.RequestFile"/>. Opened from
/// a platform entry point; from a message action it is prefilled with the message and a link to it.
/// </summary>
public sealed class RequestFormHandler(TeamDirectory teams) : IFormIntent
{
    /// <inheritdoc />
    public CardAction Form(TurnIntent intent)
    {
        var text = intent.Get(EntryPoint.TextArgument);
        var link = intent.Get(EntryPoint.LinkArgument);
        var summary = text?.Split('\n', 2)[0].Trim();
        var details = (text, link) switch
        {
            (null, null) => null,
            (_, null) => text,
            (null, _) => link,
            _ => $"{text}\n\nOriginal message: {link}",
        };
        CardInput[] inputs =
        [
            new(Verbs.Keys.Team, "Team", InputKind.Choice, InputRequirement.Required,
                Placeholder: "Who should handle it?",
                Choices: teams.All.Select(t => new CardChoice(t.Id, t.Name)).ToList()),
            new(Verbs.Keys.Summary, "Summary", InputKind.Text, InputRequirement.Required, summary,
                "One line: what do you need?", MaxLength: RequestText.MaxSummaryLength),
            new(Verbs.Keys.Details, "Details", InputKind.MultilineText, InputRequirement.Optional, details,
                "Anything that helps: error messages, since when, who is affected", MaxLength: RequestText.MaxLength),
            new(Verbs.Keys.Priority, "Priority", InputKind.Choice, InputRequirement.Required, nameof(Priority.Normal),
                Choices: Enum.GetNames<Priority>().Select(p => new CardChoice(p, p)).ToList()),
        ];
        return new CardAction("New request", Verbs.RequestFile, new Dictionary<string, string>(), ActionStyle.Positive,
            new CardForm("New request", inputs, "Submit"));
    }
}

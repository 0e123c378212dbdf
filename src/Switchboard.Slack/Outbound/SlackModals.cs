using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Outbound;

/// <summary>The modals Switchboard opens: the request form, and the form a card button asks for first.</summary>
internal sealed class SlackModals(IOptions<ServiceTeamsOptions> teams)
{
    public const string RequestCallbackId = "sb_request";
    public const string FormCallbackId = "sb_action";
    public const string TeamInput = "team";
    public const string SummaryInput = "summary";
    public const string DetailsInput = "details";
    public const string PriorityInput = "priority";
    public const int SummaryMaxLength = RequestText.MaxSummaryLength;

    /// <summary>Slack's limit for a modal's title, submit and close texts.</summary>
    public const int MaxTitleLength = 24;

    /// <summary>The request modal's inputs, in display order (also the blocks errors are reported on).</summary>
    public IReadOnlyList<CardInput> RequestInputs(string? summary = null, string? details = null) =>
    [
        new(TeamInput, "Team", InputKind.Choice, InputRequirement.Required,
            Placeholder: "Who should handle it?",
            Choices: teams.Value.Teams.Select(t => new CardChoice(t.Id, t.Name)).ToList()),
        new(SummaryInput, "Summary", InputKind.Text, InputRequirement.Required,
            Value: summary is null ? null : BlockKit.Truncate(summary, SummaryMaxLength),
            Placeholder: "One line: what do you need?", MaxLength: SummaryMaxLength),
        new(DetailsInput, "Details", InputKind.MultilineText, InputRequirement.Optional, Value: details,
            Placeholder: "Anything that helps: error messages, since when, who is affected", MaxLength: 3000),
        new(PriorityInput, "Priority", InputKind.Choice, InputRequirement.Required, Value: nameof(Priority.Normal),
            Choices: Enum.GetNames<Priority>().Select(p => new CardChoice(p, p)).ToList()),
    ];

    public JsonObject RequestModal(string? summary = null, string? details = null) =>
        Modal(RequestCallbackId, "New request", "Submit", RequestInputs(summary, details), privateMetadata: null);

    /// <summary>
    /// The form a card button asks for. <paramref name="subject"/> (the card's title, e.g. "IT-1001 · VPN
    /// drops") is shown above the inputs: a modal covers the card it came from, and its own title holds 24
    /// characters, too few to name the ticket as well.
    /// </summary>
    public static JsonObject FormModal(CardForm form, SlackFormMetadata metadata, string? subject = null)
    {
        var view = Modal(FormCallbackId, form.Title, form.SubmitTitle, form.Inputs,
            JsonSerializer.Serialize(metadata, SlackJsonContext.Default.SlackFormMetadata));
        if (!string.IsNullOrWhiteSpace(subject))
        {
            view["blocks"]!.AsArray().Insert(0, new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(BlockKit.PlainText(subject, 2000)),
            });
        }
        return view;
    }

    private static JsonObject Modal(string callbackId, string title, string submit, IEnumerable<CardInput> inputs, string? privateMetadata)
    {
        var blocks = new JsonArray();
        foreach (var input in inputs) blocks.Add(BlockKit.Input(input));
        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = callbackId,
            ["title"] = BlockKit.PlainText(BlockKit.TruncateAtWord(title, MaxTitleLength), MaxTitleLength),
            ["submit"] = BlockKit.PlainText(BlockKit.TruncateAtWord(submit, MaxTitleLength), MaxTitleLength),
            ["close"] = BlockKit.PlainText("Cancel", MaxTitleLength),
            ["blocks"] = blocks,
        };
        if (privateMetadata is not null) view["private_metadata"] = privateMetadata;
        return view;
    }
}

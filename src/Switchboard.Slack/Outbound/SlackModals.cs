using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Outbound;

/// <summary>The modals Switchboard opens: the form a card button or an entry point (slash command, shortcut) asks for.</summary>
internal static class SlackModals
{
    public const string FormCallbackId = "sb_action";
    /// <summary>Slack's limit for a modal's title, submit and close texts.</summary>
    public const int MaxTitleLength = 24;

    /// <summary>
    /// The form a card button asks for. <paramref name="subject"/> (the card's title, e.g. "IT-1001 · VPN
    /// drops") is shown above the inputs: a modal covers the card it came from, and its own title holds 24
    /// characters, too few to name the ticket as well.
    /// </summary>
    public static JsonObject FormModal(CardForm form, SlackFormMetadata metadata, string? subject = null)
    {
        var view = Modal(FormCallbackId, form.Title, form.SubmitTitle, form.Inputs,
            JsonSerializer.Serialize(metadata, SlackJsonContext.Default.SlackFormMetadata));
        if (!string.IsNullOrWhiteSpace(form.Note))
        {
            view["blocks"]!.AsArray().Insert(0, new JsonObject
            {
                ["type"] = "section",
                ["text"] = BlockKit.PlainText(form.Note, 3000),
            });
        }
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

    /// <summary>
    /// The form an entry point's intent asks for. It belongs to no message, so its submission is answered in
    /// the person's DM.
    /// </summary>
    public static JsonObject EntryFormModal(CardForm form, CardAction action, string? teamId) =>
        FormModal(form, new SlackFormMetadata(action.Verb, new Dictionary<string, string>(action.Data, StringComparer.Ordinal),
            Channel: null, MessageTs: null, ThreadTs: null, teamId, Required(form)));

    /// <summary>The ids of the inputs that must be filled.</summary>
    public static List<string> Required(CardForm form) =>
        form.Inputs.Where(i => i.Requirement == InputRequirement.Required).Select(i => i.Id).ToList();

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

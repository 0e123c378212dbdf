using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Outbound;

/// <summary>The modals Switchboard opens: the form a card button or an entry point (slash command, shortcut) asks for.</summary>
internal static class SlackModals
{
    public const string FormCallbackId = "sb_action";

    public static JsonObject FormModal(CardForm form, SlackFormMetadata metadata) =>
        Modal(FormCallbackId, form.Title, form.SubmitTitle, form.Inputs,
            JsonSerializer.Serialize(metadata, SlackJsonContext.Default.SlackFormMetadata));

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
            ["title"] = BlockKit.PlainText(title, 24),
            ["submit"] = BlockKit.PlainText(submit, 24),
            ["close"] = BlockKit.PlainText("Cancel", 24),
            ["blocks"] = blocks,
        };
        if (privateMetadata is not null) view["private_metadata"] = privateMetadata;
        return view;
    }
}

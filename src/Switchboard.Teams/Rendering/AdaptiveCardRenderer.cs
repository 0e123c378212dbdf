using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchboard.Core.Conversations;

namespace Switchboard.Teams.Rendering;

/// <summary>
/// Renders the neutral <see cref="Card"/> as an Adaptive Card 1.5. Buttons are Universal Actions
/// (<c>Action.Execute</c>, arriving as <c>adaptiveCard/action</c> invokes) with an <c>Action.Submit</c>
/// fallback for hosts without them; the submit carries the verb in <see cref="VerbField"/>.
/// </summary>
/// <remarks>
/// All text is shown with <c>RichTextBlock</c>/<c>TextRun</c>, which Teams does not read as Markdown:
/// a card repeats what people wrote (summaries, details, resolution notes, names), and in a
/// <c>TextBlock</c> or <c>FactSet</c> <c>[label](https://...)</c> would become a live link.
/// </remarks>
internal static partial class AdaptiveCardRenderer
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>The data field that carries the verb of an <c>Action.Submit</c> (which has no verb of its own).</summary>
    public const string VerbField = "sbVerb";

    /// <summary>The data field naming the form whose inputs a submit carries (see <see cref="RestoreFormInputIds"/>).</summary>
    public const string FormField = "sbForm";

    /// <summary>The data field listing a dialog form's people pickers (comma-separated input ids), whose values the adapter resolves.</summary>
    public const string PeopleField = "sbPeople";

    /// <summary>Teams' own directory of the tenant's users, searched as people type (a Teams extension of <c>Input.ChoiceSet</c>).</summary>
    public const string UsersDataset = "graph.microsoft.com/users";

    private const string FormInputPrefix = "sbf";

    public static JsonObject Render(Card card)
    {
        var header = new JsonArray(Paragraphs(card.Title, TextLook.Title).ToArray<JsonNode>());
        if (!string.IsNullOrWhiteSpace(card.Subtitle))
        {
            var subtitle = Paragraphs(card.Subtitle, TextLook.Subtle);
            subtitle[0]["spacing"] = "None";
            foreach (var paragraph in subtitle) header.Add(paragraph);
        }

        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "Container",
                ["style"] = ContainerStyle(card.Accent),
                ["bleed"] = true,
                ["items"] = header,
            },
        };
        if (!string.IsNullOrWhiteSpace(card.Text))
        {
            foreach (var paragraph in Paragraphs(card.Text, TextLook.Plain)) body.Add(paragraph);
        }
        for (var i = 0; i < card.Facts.Count; i++) body.Add(FactRow(card.Facts[i], first: i == 0));
        foreach (var item in card.Items) body.Add(ItemRow(item));
        foreach (var input in card.Inputs) body.Add(RenderInput(input, input.Id));

        var result = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
            ["body"] = body,
        };
        if (card.Actions.Count > 0 || card.Links.Count > 0)
            result["actions"] = new JsonArray([.. card.Actions.Select(RenderAction), .. card.Links.Select(RenderLink)]);
        return result;
    }

    private static JsonNode RenderLink(CardLink link) =>
        new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = link.Title, ["url"] = link.Url.AbsoluteUri };

    /// <summary>
    /// A form on its own, for a Teams dialog (task module): its inputs and one <c>Action.Submit</c> whose data
    /// carries the action's verb in <see cref="VerbField"/> and the action's data; dialogs don't run Universal Actions.
    /// </summary>
    public static JsonObject RenderForm(CardForm form, CardAction action, IReadOnlyDictionary<string, string>? extraData = null)
    {
        var body = new JsonArray();
        if (!string.IsNullOrWhiteSpace(form.Note))
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = form.Note, ["wrap"] = true, ["color"] = "attention" });
        foreach (var input in form.Inputs) body.Add(RenderInput(input, input.Id));
        var data = new JsonObject { [VerbField] = action.Verb };
        foreach (var (key, value) in action.Data) data[key] = value;
        foreach (var (key, value) in extraData ?? new Dictionary<string, string>()) data[key] = value;
        if (form.Inputs.Where(i => i.Kind == InputKind.People).Select(i => i.Id).ToList() is { Count: > 0 } pickers)
            data[PeopleField] = string.Join(',', pickers);
        var submit = new JsonObject { ["type"] = "Action.Submit", ["title"] = form.SubmitTitle, ["data"] = data };
        AddStyle(submit, action.Style);
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
            ["body"] = body,
            ["actions"] = new JsonArray(submit),
        };
    }

    /// <summary>
    /// The values of a card submit with each form input back under its own id. Form inputs get ids unique
    /// on the card (two forms may both ask for a <c>note</c>, and Teams wants input ids unique); only the
    /// inputs of the form that was submitted are kept, as a host may send the others too.
    /// </summary>
    public static Dictionary<string, string> RestoreFormInputIds(IReadOnlyDictionary<string, string> values)
    {
        var restored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (key != FormField && !FormInputId().IsMatch(key)) restored[key] = value;
        }
        if (values.TryGetValue(FormField, out var form))
        {
            var prefix = $"{FormInputPrefix}{form}.";
            foreach (var (key, value) in values)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) restored[key[prefix.Length..]] = value;
            }
        }
        return restored;
    }

    private static string FormInputIdFor(int form, string inputId) =>
        string.Create(CultureInfo.InvariantCulture, $"{FormInputPrefix}{form}.{inputId}");

    private static JsonNode RenderAction(CardAction action, int index)
    {
        if (action.Form is null)
        {
            var execute = Execute(action.Title, action, form: null);
            AddMode(execute, action.Prominence);
            return execute;
        }

        var formBody = new JsonArray();
        if (!string.IsNullOrWhiteSpace(action.Form.Title))
        {
            foreach (var paragraph in Paragraphs(action.Form.Title, TextLook.Bold)) formBody.Add(paragraph);
        }
        foreach (var input in action.Form.Inputs) formBody.Add(RenderInput(input, FormInputIdFor(index, input.Id)));
        var showCard = new JsonObject
        {
            ["type"] = "Action.ShowCard",
            ["title"] = action.Title,
            ["card"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["version"] = Version,
                ["body"] = formBody,
                ["actions"] = new JsonArray(Execute(action.Form.SubmitTitle, action, index)),
            },
        };
        AddStyle(showCard, action.Style);
        AddMode(showCard, action.Prominence);
        return showCard;
    }

    private static JsonObject Execute(string title, CardAction action, int? form)
    {
        var data = new JsonObject();
        foreach (var (key, value) in action.Data) data[key] = value;
        if (form is { } index) data[FormField] = index.ToString(CultureInfo.InvariantCulture);
        var submitData = new JsonObject { [VerbField] = action.Verb };
        foreach (var (key, value) in data) submitData[key] = value?.DeepClone();

        var fallback = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = title,
            ["data"] = submitData,
        };
        var execute = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = action.Verb,
            ["data"] = data,
        };
        // A form's own inputs are always needed; "none" is for a plain button that must not be blocked by
        // an empty required input of the card (Cancel).
        if (form is null && action.CardInputs == InputUse.Ignore)
        {
            execute["associatedInputs"] = "none";
            fallback["associatedInputs"] = "none";
        }
        execute["fallback"] = fallback;
        AddStyle(execute, action.Style);
        return execute;
    }

    private static void AddStyle(JsonObject action, ActionStyle style)
    {
        var value = style switch
        {
            ActionStyle.Positive => "positive",
            ActionStyle.Destructive => "destructive",
            _ => null,
        };
        if (value is not null) action["style"] = value;
    }

    private static void AddMode(JsonObject action, ActionProminence prominence)
    {
        if (prominence != ActionProminence.Secondary) return;
        action["mode"] = "secondary";
        if (action["fallback"] is JsonObject fallback) fallback["mode"] = "secondary";
    }

    private static JsonObject RenderInput(CardInput input, string id)
    {
        var required = input.Requirement == InputRequirement.Required;
        JsonObject element;
        if (input.Kind == InputKind.People)
        {
            // Teams' people picker: a choice set searching the tenant's users; the values are their Entra object ids.
            element = new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = id,
                ["isMultiSelect"] = true,
                ["choices"] = new JsonArray((input.Choices ?? [])
                    .Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
                ["choices.data"] = new JsonObject { ["type"] = "Data.Query", ["dataset"] = UsersDataset },
            };
            if (input.Placeholder is not null) element["placeholder"] = input.Placeholder;
        }
        else if (input.Kind == InputKind.Choice)
        {
            element = new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = id,
                ["style"] = "compact",
                ["choices"] = new JsonArray((input.Choices ?? [])
                    .Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
            };
        }
        else
        {
            element = new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = id,
                ["isMultiline"] = input.Kind == InputKind.MultilineText,
            };
            if (input.MaxLength is { } max) element["maxLength"] = max;
            // Adaptive Cards have no minimum length; a pattern checks it before the form is sent.
            if (input.MinLength is { } min and > 0) element["regex"] = string.Create(CultureInfo.InvariantCulture, $"^[\\s\\S]{{{min},}}$");
            if (input.Placeholder is not null) element["placeholder"] = input.Placeholder;
        }
        element["label"] = input.Label;
        if (input.Value is not null) element["value"] = input.Value;
        if (required)
        {
            element["isRequired"] = true;
            element["errorMessage"] = $"{input.Label} is required.";
        }
        if (input.MinLength is { } least and > 0) element["errorMessage"] = $"{input.Label}: please write at least {least} characters.";
        return element;
    }

    /// <summary>A list row: bold title, subtle detail and the row's own buttons (rows carry no forms), set apart by a line.</summary>
    private static JsonObject ItemRow(CardItem item)
    {
        var items = new JsonArray(Paragraphs(item.Title, TextLook.Bold).ToArray<JsonNode>());
        if (!string.IsNullOrWhiteSpace(item.Detail))
            foreach (var paragraph in Paragraphs(item.Detail, TextLook.Subtle)) items.Add(paragraph);
        if (item.Actions.Count > 0)
            items.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(item.Actions.Select(a => (JsonNode)Execute(a.Title, a, form: null)).ToArray()) });
        var row = new JsonObject { ["type"] = "Container", ["separator"] = true, ["spacing"] = "Medium", ["items"] = items };
        if (item.Accent != CardAccent.Default) row["style"] = ContainerStyle(item.Accent);
        return row;
    }

    /// <summary>A label/value row laid out like a FactSet, whose values Teams would read as Markdown.</summary>
    private static JsonObject FactRow(CardFact fact, bool first)
    {
        var row = new JsonObject
        {
            ["type"] = "ColumnSet",
            ["columns"] = new JsonArray(
                new JsonObject { ["type"] = "Column", ["width"] = 2, ["items"] = new JsonArray(Paragraphs(fact.Label, TextLook.Bold).ToArray<JsonNode>()) },
                new JsonObject { ["type"] = "Column", ["width"] = 3, ["items"] = new JsonArray(Paragraphs(fact.Value, TextLook.Plain).ToArray<JsonNode>()) }),
        };
        if (!first) row["spacing"] = "Small";
        return row;
    }

    private enum TextLook
    {
        Plain,
        Bold,
        Subtle,
        Title,
    }

    /// <summary>
    /// One <c>RichTextBlock</c> per line: how a host shows a line break inside a <c>TextRun</c> varies, a
    /// block per line does not. A blank line becomes a wider gap before the next block.
    /// </summary>
    private static List<JsonObject> Paragraphs(string text, TextLook look)
    {
        var blocks = new List<JsonObject>();
        var gap = false;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                gap = blocks.Count > 0;
                continue;
            }
            var run = new JsonObject { ["type"] = "TextRun", ["text"] = line };
            switch (look)
            {
                case TextLook.Bold:
                    run["weight"] = "bolder";
                    break;
                case TextLook.Subtle:
                    run["isSubtle"] = true;
                    break;
                case TextLook.Title:
                    run["weight"] = "bolder";
                    run["size"] = "medium";
                    break;
            }
            var block = new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(run) };
            if (blocks.Count > 0) block["spacing"] = gap ? "Medium" : "None";
            blocks.Add(block);
            gap = false;
        }
        // A text of blank lines still takes its place, so a fact's value column is never empty.
        if (blocks.Count == 0) blocks.Add(new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(new JsonObject { ["type"] = "TextRun", ["text"] = text.Trim() }) });
        return blocks;
    }

    private static string ContainerStyle(CardAccent accent) => accent switch
    {
        CardAccent.Good => "good",
        CardAccent.Warning => "warning",
        CardAccent.Muted => "emphasis",
        _ => "default",
    };

    [GeneratedRegex("^" + FormInputPrefix + @"[0-9]+\.")]
    private static partial Regex FormInputId();
}

using System.Text.Json.Nodes;
using Switchboard.Core.Conversations;

namespace Switchboard.Teams.Rendering;

/// <summary>
/// Renders the neutral <see cref="Card"/> as an Adaptive Card 1.5. Buttons are Universal Actions
/// (<c>Action.Execute</c>, arriving as <c>adaptiveCard/action</c> invokes) with an <c>Action.Submit</c>
/// fallback for hosts without them; the submit carries the verb in <see cref="VerbField"/>.
/// </summary>
internal static class AdaptiveCardRenderer
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>The data field that carries the verb of an <c>Action.Submit</c> (which has no verb of its own).</summary>
    public const string VerbField = "sbVerb";

    public static JsonObject Render(Card card)
    {
        var header = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = card.Title,
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
                ["style"] = "heading",
            },
        };
        if (!string.IsNullOrWhiteSpace(card.Subtitle))
        {
            header.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = card.Subtitle,
                ["isSubtle"] = true,
                ["spacing"] = "None",
                ["wrap"] = true,
            });
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
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = card.Text, ["wrap"] = true });
        if (card.Facts.Count > 0)
        {
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(card.Facts
                    .Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value }).ToArray()),
            });
        }
        foreach (var input in card.Inputs) body.Add(RenderInput(input));

        var result = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
            ["body"] = body,
        };
        if (card.Actions.Count > 0)
            result["actions"] = new JsonArray(card.Actions.Select(RenderAction).ToArray());
        return result;
    }

    /// <summary>
    /// A form on its own, for a Teams dialog (task module): its inputs and one <c>Action.Submit</c> whose data
    /// carries the action's verb in <see cref="VerbField"/> and the action's data; dialogs don't run Universal Actions.
    /// </summary>
    public static JsonObject RenderForm(CardForm form, CardAction action)
    {
        var body = new JsonArray();
        foreach (var input in form.Inputs) body.Add(RenderInput(input));
        var data = new JsonObject { [VerbField] = action.Verb };
        foreach (var (key, value) in action.Data) data[key] = value;
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

    private static JsonNode RenderAction(CardAction action)
    {
        if (action.Form is null) return Execute(action.Title, action);

        var formBody = new JsonArray();
        if (!string.IsNullOrWhiteSpace(action.Form.Title))
            formBody.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = action.Form.Title, ["weight"] = "Bolder", ["wrap"] = true });
        foreach (var input in action.Form.Inputs) formBody.Add(RenderInput(input));
        var showCard = new JsonObject
        {
            ["type"] = "Action.ShowCard",
            ["title"] = action.Title,
            ["card"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["version"] = Version,
                ["body"] = formBody,
                ["actions"] = new JsonArray(Execute(action.Form.SubmitTitle, action)),
            },
        };
        AddStyle(showCard, action.Style);
        return showCard;
    }

    private static JsonObject Execute(string title, CardAction action)
    {
        var data = new JsonObject();
        foreach (var (key, value) in action.Data) data[key] = value;
        var submitData = new JsonObject { [VerbField] = action.Verb };
        foreach (var (key, value) in action.Data) submitData[key] = value;

        var execute = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = action.Verb,
            ["data"] = data,
            ["fallback"] = new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = title,
                ["data"] = submitData,
            },
        };
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

    private static JsonObject RenderInput(CardInput input)
    {
        var required = input.Requirement == InputRequirement.Required;
        JsonObject element;
        if (input.Kind == InputKind.Choice)
        {
            element = new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = input.Id,
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
                ["id"] = input.Id,
                ["isMultiline"] = input.Kind == InputKind.MultilineText,
            };
            if (input.MaxLength is { } max) element["maxLength"] = max;
            if (input.Placeholder is not null) element["placeholder"] = input.Placeholder;
        }
        element["label"] = input.Label;
        if (input.Value is not null) element["value"] = input.Value;
        if (required)
        {
            element["isRequired"] = true;
            element["errorMessage"] = $"{input.Label} is required.";
        }
        return element;
    }

    private static string ContainerStyle(CardAccent accent) => accent switch
    {
        CardAccent.Good => "good",
        CardAccent.Warning => "warning",
        CardAccent.Muted => "emphasis",
        _ => "default",
    };
}

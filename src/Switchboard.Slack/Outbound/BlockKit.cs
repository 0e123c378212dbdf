using System.Text.Json.Nodes;
using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Outbound;

/// <summary>Block Kit building blocks and Slack's length limits, shared by messages and modals.</summary>
internal static class BlockKit
{
    public const string ActionIdPrefix = "sb_act_";
    public const int MaxInputLength = 3000;

    public static JsonObject PlainText(string text, int max) =>
        new() { ["type"] = "plain_text", ["text"] = Truncate(text, max), ["emoji"] = true };

    /// <summary>
    /// A mrkdwn text object for text already passed through <see cref="Escape"/>. <c>verbatim</c> stops Slack
    /// from turning a plain "@here", "#channel" or URL into a mention or link on its own.
    /// </summary>
    public static JsonObject Markdown(string text, int max) =>
        new() { ["type"] = "mrkdwn", ["text"] = Truncate(text, max), ["verbatim"] = true };

    /// <summary>
    /// Escapes the three characters Slack's mrkdwn treats as control characters, so text people wrote cannot
    /// become a link (<c>&lt;https://...|label&gt;</c>) or a mention (<c>&lt;!here&gt;</c>, <c>&lt;@U123&gt;</c>).
    /// </summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Reverses <see cref="Escape"/> for text Slack sends us.</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);

    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>
    /// Cuts <paramref name="text"/> to <paramref name="max"/> characters at a word boundary, for short titles
    /// where a word cut in half ("Add information to FAC-…") reads as a mistake.
    /// </summary>
    public static string TruncateAtWord(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max) return text;
        var cut = text[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        // One long word: better cut than empty.
        if (space > 0) cut = cut[..space];
        return cut.TrimEnd(' ', ',', ';', ':', '-', '·') + "…";
    }

    /// <summary>An input block; its <c>block_id</c> and <c>action_id</c> are the input's id, so state values map back by id.</summary>
    public static JsonObject Input(CardInput input)
    {
        var block = new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = input.Id,
            ["optional"] = input.Requirement == InputRequirement.Optional,
            ["label"] = PlainText(input.Label, 2000),
            ["element"] = Element(input),
        };
        return block;
    }

    private static JsonObject Element(CardInput input)
    {
        if (input.Kind == InputKind.Choice && input.Choices is { Count: > 0 } choices)
        {
            var options = new JsonArray();
            JsonObject? initial = null;
            foreach (var choice in choices.Take(100))
            {
                var option = Option(choice.Title, choice.Value);
                options.Add(option);
                if (choice.Value == input.Value) initial = Option(choice.Title, choice.Value);
            }
            var select = new JsonObject { ["type"] = "static_select", ["action_id"] = input.Id, ["options"] = options };
            if (initial is not null) select["initial_option"] = initial;
            if (input.Placeholder is not null) select["placeholder"] = PlainText(input.Placeholder, 150);
            return select;
        }

        if (input.Kind == InputKind.People)
        {
            // Slack's own picker: the value is the user ids, and Slack shows their names.
            var picker = new JsonObject { ["type"] = "multi_users_select", ["action_id"] = input.Id };
            var initial = (input.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (initial.Length > 0) picker["initial_users"] = new JsonArray(initial.Select(u => (JsonNode)JsonValue.Create(u)).ToArray());
            if (input.Placeholder is not null) picker["placeholder"] = PlainText(input.Placeholder, 150);
            return picker;
        }

        // Slack refuses a whole view or message whose initial value is longer than the input allows.
        var maxLength = Math.Min(input.MaxLength ?? MaxInputLength, MaxInputLength);
        var text = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = input.Id, ["max_length"] = maxLength };
        if (input.Kind == InputKind.MultilineText) text["multiline"] = true;
        if (input.MinLength is { } min) text["min_length"] = Math.Min(min, maxLength);
        if (!string.IsNullOrEmpty(input.Value)) text["initial_value"] = Truncate(input.Value, maxLength);
        if (input.Placeholder is not null) text["placeholder"] = PlainText(input.Placeholder, 150);
        return text;
    }

    public static JsonObject Option(string title, string value) =>
        new() { ["text"] = PlainText(title, 75), ["value"] = Truncate(value, 150) };
}

/// <summary>
/// Renders the neutral <see cref="Card"/> as Block Kit blocks. Text people wrote is shown literally: plain
/// text where no formatting is needed, escaped verbatim mrkdwn where a label is bold.
/// </summary>
internal sealed class BlockKitRenderer(SlackActionCodec codec)
{
    private const int MaxFieldsPerSection = 10;
    private const int MaxElementsPerBlock = 25;
    private const int MaxOverflowOptions = 5;
    private const int MaxSelectOptions = 100;

    /// <summary>The placeholder of the select that holds secondary actions when an overflow menu is too small.</summary>
    public const string MoreMenuTitle = "More";

    /// <summary>The blocks for a message, or null for a text-only message.</summary>
    public async Task<JsonArray?> RenderAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Card is not { } card) return null;
        var blocks = new JsonArray();
        if (!string.IsNullOrWhiteSpace(message.Text)) blocks.Add(Section(message.Text));

        blocks.Add(new JsonObject { ["type"] = "header", ["text"] = BlockKit.PlainText(card.Title, 150) });

        var context = ContextLine(card);
        if (context is not null)
        {
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(BlockKit.Markdown(context, 3000)) });
        }
        if (!string.IsNullOrWhiteSpace(card.Text)) blocks.Add(Section(card.Text));

        foreach (var chunk in card.Facts.Chunk(MaxFieldsPerSection))
        {
            var fields = new JsonArray();
            foreach (var fact in chunk)
            {
                fields.Add(BlockKit.Markdown($"*{BlockKit.Escape(fact.Label)}*\n{BlockKit.Escape(fact.Value)}", 2000));
            }
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        for (var i = 0; i < card.Items.Count; i++)
            foreach (var block in await ItemBlocksAsync(card.Items[i], i, cancellationToken)) blocks.Add(block);

        foreach (var input in card.Inputs) blocks.Add(BlockKit.Input(input));

        var elements = await ActionElementsAsync(card.Actions, cancellationToken);
        elements.AddRange(card.Links.Select(LinkButton));
        var index = 0;
        foreach (var chunk in elements.Chunk(MaxElementsPerBlock))
        {
            index += chunk.Length;
            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = $"sb_actions_{index}", ["elements"] = new JsonArray(chunk) });
        }
        return blocks;
    }

    /// <summary>A list row: its text (bold title, detail under it) and its buttons, two blocks.</summary>
    public async Task<List<JsonNode>> ItemBlocksAsync(CardItem item, int index, CancellationToken cancellationToken)
    {
        var marker = item.Accent == CardAccent.Warning ? ":warning: " : "";
        var text = $"{marker}*{BlockKit.Escape(item.Title)}*" + (item.Detail is null ? "" : $"\n{BlockKit.Escape(item.Detail)}");
        List<JsonNode> blocks = [new JsonObject { ["type"] = "section", ["block_id"] = $"sb_item_{index}", ["text"] = BlockKit.Markdown(text, 3000) }];
        var elements = await ActionElementsAsync(item.Actions, cancellationToken);
        if (elements.Count > 0)
            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = $"sb_item_actions_{index}", ["elements"] = new JsonArray([.. elements.Take(MaxElementsPerBlock)]) });
        return blocks;
    }

    /// <summary>
    /// Primary actions as buttons; secondary ones as the entries of one overflow menu (a static select
    /// titled "More" when there are more than an overflow menu holds). Every element's <c>action_id</c>
    /// starts with <see cref="BlockKit.ActionIdPrefix"/>, and an entry's value decodes like a button's.
    /// </summary>
    private async Task<List<JsonNode>> ActionElementsAsync(IReadOnlyList<CardAction> actions, CancellationToken cancellationToken)
    {
        var buttons = actions.Where(a => a.Prominence == ActionProminence.Primary).ToList();
        var menu = actions.Where(a => a.Prominence == ActionProminence.Secondary).ToList();
        // A menu of one entry hides an action behind an extra click for nothing.
        if (menu.Count == 1)
        {
            buttons.Add(menu[0]);
            menu.Clear();
        }

        var index = 0;
        List<JsonNode> elements = [];
        foreach (var action in buttons)
        {
            var button = new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = BlockKit.ActionIdPrefix + index++,
                ["text"] = BlockKit.PlainText(action.Title, 75),
                ["value"] = await codec.EncodeAsync(action, SlackActionCodec.MaxValueLength, cancellationToken),
            };
            var style = action.Style switch
            {
                ActionStyle.Positive => "primary",
                ActionStyle.Destructive => "danger",
                _ => null,
            };
            if (style is not null) button["style"] = style;
            elements.Add(button);
        }
        if (menu.Count == 0) return elements;

        var options = new JsonArray();
        foreach (var action in menu.Take(MaxSelectOptions))
        {
            options.Add(BlockKit.Option(action.Title, await codec.EncodeAsync(action, SlackActionCodec.MaxOptionValueLength, cancellationToken)));
        }
        var element = menu.Count <= MaxOverflowOptions
            ? new JsonObject { ["type"] = "overflow", ["options"] = options }
            : new JsonObject { ["type"] = "static_select", ["placeholder"] = BlockKit.PlainText(MoreMenuTitle, 150), ["options"] = options };
        element["action_id"] = BlockKit.ActionIdPrefix + index;
        elements.Add(element);
        return elements;
    }

    /// <summary>
    /// A button that opens its page. Slack still sends a click as <c>block_actions</c>; its <c>action_id</c> lacks
    /// <see cref="BlockKit.ActionIdPrefix"/>, so the click is acknowledged and nothing else happens.
    /// </summary>
    private static JsonNode LinkButton(CardLink link, int index) => new JsonObject
    {
        ["type"] = "button",
        ["action_id"] = $"sb_link_{index}",
        ["text"] = BlockKit.PlainText(link.Title, 75),
        ["url"] = link.Url.AbsoluteUri,
    };

    /// <summary>The notification text Slack shows where blocks cannot be (push, unread list).</summary>
    public static string FallbackText(OutboundMessage message)
    {
        var text = message.Text;
        if (message.Card is { } card) text = string.IsNullOrWhiteSpace(text) ? card.Title : $"{text}\n{card.Title}";
        return BlockKit.Truncate(BlockKit.Escape(text ?? ""), 3000);
    }

    // Plain text, not mrkdwn: nothing in it is formatting, so "*urgent*" or "<!here>" shows as typed.
    private static JsonObject Section(string text) =>
        new() { ["type"] = "section", ["text"] = BlockKit.PlainText(text, 3000) };

    private static string? ContextLine(Card card)
    {
        var marker = card.Accent switch
        {
            CardAccent.Good => ":white_check_mark:",
            CardAccent.Warning => ":warning:",
            CardAccent.Muted => ":no_entry_sign:",
            _ => null,
        };
        var subtitle = card.Subtitle is null ? null : BlockKit.Escape(card.Subtitle);
        return (marker, subtitle) switch
        {
            (null, null) => null,
            (null, _) => subtitle,
            (_, null) => marker,
            _ => $"{marker} {subtitle}",
        };
    }
}

namespace Switchboard.Core.Conversations;

/// <summary>
/// A platform-neutral card. Each platform's gateway renders it in that platform's own card format.
/// </summary>
/// <param name="Title">Bold heading.</param>
/// <param name="Text">Body text (plain text with line breaks; no markup).</param>
/// <param name="Facts">Label/value pairs shown as a table.</param>
/// <param name="Inputs">Inputs whose values are sent with every action of this card.</param>
/// <param name="Actions">Buttons.</param>
/// <param name="Subtitle">Small text under the title.</param>
/// <param name="Accent">Visual hint for the card's state.</param>
public sealed record Card(
    string Title,
    string? Text,
    IReadOnlyList<CardFact> Facts,
    IReadOnlyList<CardInput> Inputs,
    IReadOnlyList<CardAction> Actions,
    string? Subtitle = null,
    CardAccent Accent = CardAccent.Default)
{
    /// <summary>
    /// Rows of a list card (a queue, "my requests"), each with buttons of its own, shown after the facts.
    /// Keep a list short: a Slack message holds 50 blocks and each row takes two.
    /// </summary>
    public IReadOnlyList<CardItem> Items { get; init; } = [];

    /// <summary>Buttons that open a web page (the dashboard) instead of sending a verb, shown after the actions.</summary>
    public IReadOnlyList<CardLink> Links { get; init; } = [];
}

/// <summary>A button that opens <paramref name="Url"/> in the browser; nothing is sent to the bot.</summary>
/// <param name="Title">The button's text.</param>
/// <param name="Url">An absolute http(s) address.</param>
public sealed record CardLink(string Title, Uri Url);

/// <summary>One row of a list card: a line, a detail line and its own buttons.</summary>
/// <param name="Title">The row's heading (a ticket's number and summary).</param>
/// <param name="Detail">Small text under it (status, team, when it is due).</param>
/// <param name="Actions">The row's buttons; forms are not offered on rows.</param>
/// <param name="Accent">Visual hint for the row's state (overdue, at risk).</param>
public sealed record CardItem(string Title, string? Detail, IReadOnlyList<CardAction> Actions, CardAccent Accent = CardAccent.Default);

/// <summary>Colour hint for a card.</summary>
public enum CardAccent
{
    /// <summary>Neutral.</summary>
    Default,
    /// <summary>Something is done well (resolved).</summary>
    Good,
    /// <summary>Needs attention (waiting, breaching SLA).</summary>
    Warning,
    /// <summary>Closed without resolution (cancelled).</summary>
    Muted,
}

/// <summary>One label/value line of a card.</summary>
public sealed record CardFact(string Label, string Value);

/// <summary>What kind of input a card field is.</summary>
public enum InputKind
{
    /// <summary>A single line of text.</summary>
    Text,
    /// <summary>Several lines of text.</summary>
    MultilineText,
    /// <summary>Pick one of <see cref="CardInput.Choices"/>.</summary>
    Choice,
    /// <summary>
    /// Pick one or more people with the platform's own people picker. The value is their platform account ids,
    /// comma-separated; the adapter resolves each picked person into <see cref="Turn.Mentions"/> (the id is the
    /// mention's <see cref="Mention.Text"/>). <see cref="CardInput.Choices"/> may name people to offer first
    /// (a prefilled value's names, for platforms that show choices by name).
    /// </summary>
    People,
}

/// <summary>Whether an input must be filled before its action is accepted.</summary>
public enum InputRequirement
{
    /// <summary>May be left empty.</summary>
    Optional,
    /// <summary>Must be filled.</summary>
    Required,
}

/// <summary>An input field on a card or on an action's form.</summary>
public sealed record CardInput(
    string Id,
    string Label,
    InputKind Kind,
    InputRequirement Requirement = InputRequirement.Optional,
    string? Value = null,
    string? Placeholder = null,
    IReadOnlyList<CardChoice>? Choices = null,
    int? MaxLength = null,
    int? MinLength = null);

/// <summary>One option of a choice input.</summary>
public sealed record CardChoice(string Value, string Title);

/// <summary>How prominent a button is.</summary>
public enum ActionStyle
{
    /// <summary>Ordinary.</summary>
    Default,
    /// <summary>The main, positive action.</summary>
    Positive,
    /// <summary>A destructive action (cancel a request).</summary>
    Destructive,
}

/// <summary>Whether a button is shown on the card or tucked into its "More" menu.</summary>
public enum ActionProminence
{
    /// <summary>A button on the card. Keep two or three: a narrow card cuts the titles of more.</summary>
    Primary,
    /// <summary>
    /// An entry of the card's "More" menu (Teams overflow menu, Slack overflow menu, playground menu);
    /// choosing it does what the button would.
    /// </summary>
    Secondary,
}

/// <summary>Whether an action sends the card's inputs with its verb.</summary>
public enum InputUse
{
    /// <summary>Sends the card's inputs; a platform that checks required inputs checks them first.</summary>
    Send,
    /// <summary>
    /// Sends none of them and so is never blocked by an empty required input (Cancel on a form the person
    /// gives up on).
    /// </summary>
    Ignore,
}

/// <summary>
/// A button. Clicking it sends <see cref="Verb"/> with <see cref="Data"/> merged with the card's inputs.
/// When <see cref="Form"/> is set the platform first asks for the form's inputs (in whatever form or
/// dialog it offers) and sends them with the verb.
/// </summary>
/// <param name="Title">The button's text.</param>
/// <param name="Verb">What the engine is asked to do.</param>
/// <param name="Data">Values sent with the verb (the ticket or draft it concerns).</param>
/// <param name="Style">Colour hint.</param>
/// <param name="Form">Inputs asked for before the verb is sent.</param>
/// <param name="Prominence">A button on the card, or an entry of its "More" menu.</param>
/// <param name="CardInputs">Whether the card's own inputs are sent (and checked) with this action.</param>
public sealed record CardAction(
    string Title,
    string Verb,
    IReadOnlyDictionary<string, string> Data,
    ActionStyle Style = ActionStyle.Default,
    CardForm? Form = null,
    ActionProminence Prominence = ActionProminence.Primary,
    InputUse CardInputs = InputUse.Send);

/// <summary>Inputs asked for before an action is sent.</summary>
public sealed record CardForm(string Title, IReadOnlyList<CardInput> Inputs, string SubmitTitle)
{
    /// <summary>A line shown above the inputs (why a field is empty, or why the last submission was refused); plain text.</summary>
    public string? Note { get; init; }
}

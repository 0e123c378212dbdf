using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>
/// The "Give kudos" form: who (the platform's people picker), the company value and what they did. Opened by
/// <c>/kudos</c> alone, the "Give kudos" shortcut or message extension, and "Thank the author" on a message
/// (prefilled with its author and a quote of it); its submission gives the kudos through <see cref="KudosService"/>,
/// under the same rules as a typed one.
/// </summary>
public static class KudosForm
{
    /// <summary>The intent that asks for the form.</summary>
    public const string Intent = "kudos.form";

    /// <summary>The verb the form's submission sends.</summary>
    public const string Verb = "kudos.give-form";

    /// <summary>The people picked (platform account ids, comma-separated).</summary>
    public const string PeopleInput = "people";

    /// <summary>The company value picked.</summary>
    public const string ValueInput = "value";

    /// <summary>What they did.</summary>
    public const string MessageInput = "message";

    /// <summary>The data key holding the quote the message was prefilled with.</summary>
    public const string QuoteKey = "quote";

    /// <summary>The entry point of the "Give kudos" shortcut (Slack global shortcut, Teams message extension).</summary>
    public const string GiveEntryPoint = "give_kudos";

    /// <summary>The entry point of Slack's "Thank the author" message shortcut.</summary>
    public const string ThankAuthorEntryPoint = "kudos_thank_author";

    /// <summary>The longest reason the form takes.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>How much of a message the quote keeps.</summary>
    public const int MaxQuoteLength = 200;

    /// <summary>The ids in a people input's value, each once, in the order picked.</summary>
    public static IReadOnlyList<string> Picked(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The input a refusal of the form concerns, for platforms that show it on that field: the value or the message when
    /// it names them; the people otherwise (yourself, a bot, the allowance, the pair cap).
    /// </summary>
    public static string FieldOf(string refusal) =>
        refusal.Contains(" value", StringComparison.OrdinalIgnoreCase) && !refusal.Contains("people", StringComparison.OrdinalIgnoreCase) ? ValueInput
        : refusal.Contains("message", StringComparison.OrdinalIgnoreCase) ? MessageInput
        : PeopleInput;

    /// <summary>The message as the form quotes it: its first <see cref="MaxQuoteLength"/> characters, in quotation marks, then a new line.</summary>
    public static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length > MaxQuoteLength)
        {
            var cut = flat.LastIndexOf(' ', MaxQuoteLength - 1);
            flat = flat[..(cut > MaxQuoteLength / 2 ? cut : MaxQuoteLength - 1)] + "…";
        }
        return $"\"{flat}\"\n";
    }
}

/// <summary>Gives the "Give kudos" form, prefilled from the message acted on when there is one.</summary>
public sealed class KudosFormIntent(KudosOptions options) : IFormIntent
{
    /// <inheritdoc />
    public CardAction Form(TurnIntent intent)
    {
        var kind = intent.Get(EntryPoint.AuthorKindArgument);
        var author = kind == nameof(MessageAuthorKind.Person).ToLowerInvariant() ? intent.Get(EntryPoint.AuthorArgument) : null;
        var authorName = intent.Get(EntryPoint.AuthorNameArgument);
        // Only a colleague's message starts the reason: thanking someone else for a bot's or your own words would misquote.
        var quote = author is not null && intent.Get(EntryPoint.TextArgument) is { } text ? KudosForm.Quote(text) : null;

        var inputs = new List<CardInput>
        {
            new(KudosForm.PeopleInput, "Who do you want to thank?", InputKind.People, InputRequirement.Required, author,
                "Pick one or more people",
                author is null ? null : [new CardChoice(author, authorName ?? author)]),
        };
        if (options.Values.Count > 0)
        {
            inputs.Add(new(KudosForm.ValueInput, "Company value", InputKind.Choice,
                options.ValueRequirement == ValueRequirement.Required ? InputRequirement.Required : InputRequirement.Optional,
                Placeholder: "Which value did they show?",
                Choices: options.Values.Select(v => new CardChoice(v.Name, Title(v))).ToList()));
        }
        inputs.Add(new(KudosForm.MessageInput, "What did they do?", InputKind.MultilineText, InputRequirement.Required, quote,
            "What they did and what difference it made", MaxLength: KudosForm.MaxMessageLength, MinLength: options.MinimumReasonLength));

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (quote is not null) data[KudosForm.QuoteKey] = quote;
        var note = kind switch
        {
            "bot" => $"That message is from {(authorName is null ? "a bot" : $"{authorName}, a bot")}, and kudos are for people. Pick who you want to thank.",
            "self" => "That's your own message, and kudos are for others. Pick who you want to thank.",
            _ => null,
        };
        return new CardAction("Give kudos", KudosForm.Verb, data, ActionStyle.Positive,
            new CardForm("Give kudos", inputs, "Send kudos") { Note = note });
    }

    private static string Title(KudosValueOptions value)
    {
        var emoji = value.Emoji is { Length: > 0 } e && !e.StartsWith(':') ? $"{e} " : "";
        return $"{emoji}#{value.Name}";
    }
}

/// <summary>
/// The "Give kudos" form submitted: the picked people (resolved by the adapter into <see cref="Turn.Mentions"/>),
/// the value and the message become a <see cref="KudosDraft"/> given through <see cref="KudosService.GiveAsync"/>. A refusal
/// names the input it concerns ("people", "value", "message") so a platform can show it on that field.
/// </summary>
public sealed class KudosFormHandler(KudosService kudos, KudosOptions options) : ICardVerbHandler
{
    /// <inheritdoc />
    public async Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken)
    {
        var picked = KudosForm.Picked(action.Get(KudosForm.PeopleInput));
        if (picked.Count == 0) return TurnResult.Refused("Pick the people you want to thank.");
        var recipients = new List<Mention>();
        foreach (var account in picked)
        {
            var mention = turn.Mentions.FirstOrDefault(m => m.Text == account);
            if (mention is null) return TurnResult.Refused("I couldn't look up everyone you picked; please pick the people again.");
            if (!recipients.Any(r => r.Person.Key == mention.Person.Key)) recipients.Add(mention);
        }

        var values = new List<KudosValueOptions>();
        if (action.Get(KudosForm.ValueInput) is { } tag)
        {
            if (options.FindValue(tag) is not { } value) return TurnResult.Refused($"Pick one of our company values: {KudosText.ValueList(options)}.");
            values.Add(value);
        }
        else if (options.ValueRequirement == ValueRequirement.Required && options.Values.Count > 0)
        {
            return TurnResult.Refused($"Pick the company value it shows: {KudosText.ValueList(options)}.");
        }

        var message = action.Get(KudosForm.MessageInput) ?? "";
        // A quote of the thanked message is a start, not the reason: the giver's own words must meet the rule.
        var ownWords = action.Get(KudosForm.QuoteKey) is { } quote && message.StartsWith(quote.Trim(), StringComparison.Ordinal)
            ? message[quote.Trim().Length..].Trim()
            : message;
        if (ownWords.Length < options.MinimumReasonLength)
            return TurnResult.Refused($"Say a little more in the message about what they did (at least {options.MinimumReasonLength} characters), so the kudos tells them what made the difference.");

        // The delivery key makes a redelivered or twice-sent form the same kudos.
        var id = turn.DeliveryKey ?? $"{turn.Conversation.Platform}:{Guid.NewGuid():N}";
        var result = await kudos.GiveAsync(id, turn.From, new KudosDraft(recipients, values, message), cancellationToken);
        return result.Outcome == KudosGiveOutcome.Refused
            ? TurnResult.Refused(result.Message)
            : TurnResult.Handled(result.Entry is { } entry ? KudosCards.Public(entry, options) : null, result.Message);
    }
}

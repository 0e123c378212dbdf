namespace Switchboard.Core.Conversations;

/// <summary>
/// Someone a message mentions, resolved by the adapter from the platform's own mention markup (Slack
/// <c>&lt;@U123&gt;</c>, a Teams mention entity, a playground name), so modules never parse a wire format.
/// The bot's own mention is never one.
/// </summary>
/// <param name="Person">Who was mentioned, as their platform knows them.</param>
/// <param name="Text">The mention exactly as it appears in <see cref="Turn.Text"/> (or the text argument of the turn's intent).</param>
/// <param name="Kind">A person, or another bot or app.</param>
public sealed record Mention(PersonRef Person, string Text, MentionKind Kind = MentionKind.Person);

/// <summary>What a mention points at.</summary>
public enum MentionKind
{
    /// <summary>A person.</summary>
    Person,
    /// <summary>A bot or app account (never a person to thank).</summary>
    Bot,
}

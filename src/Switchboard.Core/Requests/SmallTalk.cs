using System.Globalization;
using System.Text;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Requests;

/// <summary>What kind of small talk a message is.</summary>
public enum SmallTalkKind
{
    /// <summary>"thanks", "thank you so much", "🙏".</summary>
    Thanks,
    /// <summary>"hi", "good morning".</summary>
    Greeting,
    /// <summary>"ok", "got it", "👍".</summary>
    Acknowledgement,
}

/// <summary>
/// Recognises messages that are only small talk, so "thanks" or "👍" never opens the request form. A message is
/// small talk only when every word of it is: "hi, my laptop is broken" is a request.
/// </summary>
public static class SmallTalkText
{
    private const int MaxWords = 8;

    private static readonly HashSet<string> ThanksWords = new(StringComparer.Ordinal)
        { "thanks", "thank", "thx", "ty", "tysm", "cheers", "appreciated", "appreciate", "merci", "danke", "gracias", "ta" };
    private static readonly HashSet<string> GreetingWords = new(StringComparer.Ordinal)
        { "hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "yo", "howdy", "hallo", "hola" };
    private static readonly HashSet<string> AcknowledgementWords = new(StringComparer.Ordinal)
        { "ok", "okay", "k", "kk", "cool", "great", "perfect", "sure", "fine", "alright", "awesome", "nice", "noted", "yes", "yep", "yeah", "understood", "got", "good", "brilliant", "excellent" };
    // Words that go with small talk without making it anything else.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
        { "you", "it", "much", "so", "a", "lot", "many", "again", "very", "there", "sounds", "all", "that", "works", "for", "the", "help", "your", "and", "oh", "ah", "bot", "switchboard", "team", "everyone", "guys", "folks", "again", "really", "will", "do" };

    private static readonly HashSet<string> ThanksEmoji = new(StringComparer.Ordinal) { "🙏", "❤", "♥", "💙", "💚", "🫶", "🤗" };
    private static readonly HashSet<string> AcknowledgementEmoji = new(StringComparer.Ordinal) { "👍", "👌", "✅", "🙂", "😊", "😀", "😃", "👏", "💯", "✔" };

    /// <summary>The kind of small talk <paramref name="text"/> is, or null when it says anything more.</summary>
    public static SmallTalkKind? Classify(string text)
    {
        var words = new List<string>();
        var emoji = new List<string>();
        var word = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text.ToLowerInvariant());
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (element.Length == 1 && (char.IsLetterOrDigit(element[0]) || element[0] is '\'' or '’'))
            {
                if (element[0] is not ('\'' or '’')) word.Append(element[0]);
                continue;
            }
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
            var bare = StripModifiers(element);
            if (bare.Length == 0 || bare.All(c => char.IsWhiteSpace(c) || char.IsPunctuation(c))) continue;
            // A letter outside the basic forms (accented, another script) is part of a word: not small talk we know.
            if (bare.Any(char.IsLetterOrDigit)) return null;
            emoji.Add(bare);
        }
        if (word.Length > 0) words.Add(word.ToString());
        if (words.Count + emoji.Count == 0 || words.Count > MaxWords) return null;

        bool thanks = false, greeting = false, acknowledgement = false;
        foreach (var w in words)
        {
            if (ThanksWords.Contains(w)) thanks = true;
            else if (GreetingWords.Contains(w)) greeting = true;
            else if (AcknowledgementWords.Contains(w)) acknowledgement = true;
            else if (!Filler.Contains(w)) return null;
        }
        foreach (var e in emoji)
        {
            if (ThanksEmoji.Contains(e)) thanks = true;
            else if (AcknowledgementEmoji.Contains(e)) acknowledgement = true;
            else return null;
        }
        return thanks ? SmallTalkKind.Thanks
            : greeting ? SmallTalkKind.Greeting
            : acknowledgement ? SmallTalkKind.Acknowledgement
            : null;
    }

    // Emoji arrive with variation selectors, skin tones and joiners: "👍🏽" is "👍".
    private static string StripModifiers(string element)
    {
        var kept = new StringBuilder();
        for (var i = 0; i < element.Length; i += char.IsSurrogatePair(element, i) ? 2 : 1)
        {
            var code = char.ConvertToUtf32(element, i);
            if (code is 0xFE0F or 0xFE0E or 0x200D or (>= 0x1F3FB and <= 0x1F3FF)) continue;
            kept.Append(char.ConvertFromUtf32(code));
        }
        return kept.ToString();
    }
}

/// <summary>
/// Answers small talk with a short, friendly line instead of the request form, and reminds the person of a
/// request that waits on their answer.
/// </summary>
public sealed class SmallTalk(ITicketStore tickets, PlatformGateways gateways) : IConversationFallback
{
    /// <inheritdoc />
    public async Task<TurnResult?> TryHandleAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        if (SmallTalkText.Classify(text) is not { } kind) return null;
        var first = turn.From.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? turn.From.Name;
        var answer = kind switch
        {
            SmallTalkKind.Thanks => "You're welcome!",
            SmallTalkKind.Greeting => $"Hi {first}! Tell me what you need in your own words, like \"my VPN drops every call\", or write \"help\".",
            _ => "Great. I'm here if you need anything else.",
        };
        if (turn.Scope == ConversationScope.Personal)
        {
            var waiting = (await tickets.ListOpenByRequesterAsync(turn.From.Key, cancellationToken))
                .Where(t => t.Status == TicketStatus.WaitingOnRequester).Select(t => t.Number.ToString()).ToList();
            if (waiting.Count > 0)
                answer += $" {string.Join(" and ", waiting)} {(waiting.Count == 1 ? "waits" : "wait")} on your answer: just reply here when you have it.";
        }
        return await gateways.ReplyAsync(turn, answer, cancellationToken);
    }
}

using Switchboard.Core.Conversations;

namespace Switchboard.Core.Kudos;

/// <summary>The card verbs of the Kudos module.</summary>
public static class KudosVerbs
{
    /// <summary>"+1, add my thanks" on a kudos card.</summary>
    public const string PlusOne = "kudos.plus-one";

    /// <summary>"Thank …" on an answered resolution survey.</summary>
    public const string ThankTicket = "kudos.thank-ticket";

    /// <summary>The data key naming the kudos a button concerns.</summary>
    public const string KudosKey = "kudos";

    /// <summary>The data key naming the ticket a button concerns.</summary>
    public const string TicketKey = "ticket";
}

/// <summary>
/// What kudos look like. Everything people wrote (names, reasons) goes in as plain text, which every gateway
/// shows literally: a reason never becomes a mention, a broadcast or a link.
/// </summary>
public static class KudosCards
{
    /// <summary>The card in a recognition channel: giver → receivers, value, reason, and "+1".</summary>
    public static Card Public(KudosEntry entry, KudosOptions options) => new(
        $"🎉 Kudos to {KudosService.Names(entry.Receivers.Select(r => r.Name))}",
        entry.Reason,
        Facts(entry, options),
        [],
        [new CardAction("+1, add my thanks", KudosVerbs.PlusOne, new Dictionary<string, string> { [KudosVerbs.KudosKey] = entry.Id }, ActionStyle.Positive)],
        Subtitle: $"from {entry.Giver.Name}",
        Accent: CardAccent.Good);

    /// <summary>The direct message to one receiver.</summary>
    public static string ToReceiver(KudosEntry entry, KudosPerson receiver, KudosOptions options) => entry.Kind switch
    {
        KudosKind.PlusOne => $"{entry.Giver.Name} added their thanks to your kudos: \"{entry.Reason}\"",
        KudosKind.ServiceThanks => $"{entry.Giver.Name} thanks you for resolving their request: \"{entry.Reason}\"",
        _ => $"{entry.Giver.Name} gave you kudos{ValueSuffix(entry, options)}: \"{entry.Reason}\"" + Others(entry, receiver),
    };

    /// <summary>The note to a receiver's manager.</summary>
    public static string ToManager(KudosEntry entry, KudosPerson receiver, KudosOptions options) =>
        $"FYI: {receiver.Name}, on your team, got kudos from {entry.Giver.Name}{ValueSuffix(entry, options)}: \"{entry.Reason}\"";

    private static string Others(KudosEntry entry, KudosPerson receiver) =>
        entry.Receivers.Count > 1 ? $" (together with {KudosService.Names(entry.Receivers.Where(r => r.Id != receiver.Id).Select(r => r.Name))})" : "";

    private static List<CardFact> Facts(KudosEntry entry, KudosOptions options)
    {
        var facts = new List<CardFact> { new("From", entry.Giver.Name), new("To", KudosService.Names(entry.Receivers.Select(r => r.Name))) };
        if (entry.Values.Count > 0) facts.Add(new("Value", string.Join(", ", entry.Values.Select(v => Label(v, options)))));
        return facts;
    }

    private static string ValueSuffix(KudosEntry entry, KudosOptions options) =>
        entry.Values.Count == 0 ? "" : $" for {string.Join(", ", entry.Values.Select(v => Label(v, options)))}";

    private static string Label(string value, KudosOptions options) =>
        options.FindValue(value) is { Emoji: { Length: > 0 } emoji } && !emoji.StartsWith(':') ? $"{emoji} #{value}" : $"#{value}";
}

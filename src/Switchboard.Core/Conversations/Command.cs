using System.Text.RegularExpressions;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Conversations;

/// <summary>What a typed message asks for.</summary>
public enum CommandKind
{
    /// <summary>Not a command: a new request (or an answer to a pending question).</summary>
    None,
    /// <summary>"help".</summary>
    Help,
    /// <summary>"my requests".</summary>
    MyRequests,
    /// <summary>"status IT-1001".</summary>
    Status,
    /// <summary>"cancel IT-1001".</summary>
    Cancel,
    /// <summary>"reopen IT-1001".</summary>
    Reopen,
    /// <summary>"add info IT-1001 ...".</summary>
    AddInfo,
    /// <summary>"link it [private]" in a channel.</summary>
    Link,
    /// <summary>"cancel" with no number: discard the pending draft.</summary>
    CancelDraft,
}

/// <summary>A parsed chat command.</summary>
/// <param name="Kind">The command.</param>
/// <param name="Ticket">The ticket it names, if any.</param>
/// <param name="Argument">The rest: added info, or the team and flags of "link".</param>
public sealed partial record Command(CommandKind Kind, TicketNumber? Ticket = null, string? Argument = null)
{
    /// <summary>Parses a message; anything unrecognised is <see cref="CommandKind.None"/>.</summary>
    public static Command Parse(string text)
    {
        var t = text.Trim().TrimStart('/').Trim();
        var lower = t.ToLowerInvariant().TrimEnd('.', '!', '?');
        if (lower is "help" or "?" or "hi" or "hello" or "hey" or "menu" or "start" or "commands" or "what can you do")
            return new Command(CommandKind.Help);
        if (lower is "my requests" or "requests" or "my tickets" or "tickets" or "list" or "my request" or "show my requests")
            return new Command(CommandKind.MyRequests);
        if (lower is "cancel" or "never mind" or "nevermind" or "stop")
            return new Command(CommandKind.CancelDraft);

        var match = WithTicket().Match(t);
        if (match.Success && TicketNumber.TryParse(match.Groups["ticket"].Value, out var number))
        {
            var kind = match.Groups["verb"].Value.ToLowerInvariant() switch
            {
                "status" or "show" or "check" => CommandKind.Status,
                "cancel" or "withdraw" => CommandKind.Cancel,
                "reopen" => CommandKind.Reopen,
                _ => CommandKind.AddInfo,
            };
            var rest = match.Groups["rest"].Value.Trim().TrimStart(':', '-', '—').Trim();
            return new Command(kind, number, rest.Length == 0 ? null : rest);
        }
        if (TicketNumber.TryParse(lower, out var alone))
            return new Command(CommandKind.Status, alone);

        var link = Link().Match(t);
        if (link.Success) return new Command(CommandKind.Link, Argument: link.Groups["rest"].Value.Trim());
        return new Command(CommandKind.None);
    }

    [GeneratedRegex(@"^(?<verb>status|show|check|cancel|withdraw|reopen|add info|add|info)\s+(?<ticket>[A-Za-z]{2,8}-\d{1,12})\b(?<rest>[\s\S]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex WithTicket();

    [GeneratedRegex(@"^link\s+(?<rest>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}

using System.Text.RegularExpressions;
using Switchboard.Core.Conversations;
using Switchboard.Slack.Outbound;

namespace Switchboard.Slack.Processing;

/// <summary>
/// The people a Slack message mentions (<c>&lt;@U123&gt;</c>, or <c>&lt;@U123|alex&gt;</c> from an escaped slash
/// command), looked up with <c>users.info</c> so each is a person with a name, an e-mail and whether it is a bot.
/// </summary>
internal static partial class SlackMentions
{
    private const int MaxMentions = 20;

    public static async Task<IReadOnlyList<Mention>> FindAsync(string? text, SlackUserDirectory users, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var mentions = new List<Mention>();
        foreach (Match match in UserMention().Matches(text).Take(MaxMentions))
        {
            var user = await users.GetAsync(match.Groups["id"].Value, cancellationToken);
            var name = user.Name == user.Id && match.Groups["name"].Success ? match.Groups["name"].Value : user.Name;
            mentions.Add(new Mention(new PersonRef(SlackPlatform.Id, user.Id, name, user.Email), match.Value,
                user.IsBot ? MentionKind.Bot : MentionKind.Person));
        }
        return mentions;
    }

    /// <summary>The people a people picker named, each a mention whose text is the user id (the picker's value).</summary>
    public static async Task<IReadOnlyList<Mention>> PickedAsync(IReadOnlyList<string>? userIds, SlackUserDirectory users, CancellationToken cancellationToken)
    {
        var mentions = new List<Mention>();
        foreach (var id in (userIds ?? []).Take(MaxMentions))
        {
            var user = await users.GetAsync(id, cancellationToken);
            mentions.Add(new Mention(new PersonRef(SlackPlatform.Id, user.Id, user.Name, user.Email), id, user.IsBot ? MentionKind.Bot : MentionKind.Person));
        }
        return mentions;
    }

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(?:\|(?<name>[^>]*))?>")]
    private static partial Regex UserMention();
}

using Switchboard.Core.Conversations;

namespace Switchboard.Host.Playground;

/// <summary>
/// Playground mentions: "@Alex Kim" (a persona's name) or "@alex.kim" (its id), matched against the personas,
/// the longest name first so "@Alex Kim" is never read as "@Alex".
/// </summary>
public static class PlaygroundMentions
{
    /// <summary>The conversation id of the playground's recognition channel, open to every persona.</summary>
    public const string KudosChannel = "team:kudos";

    public static IReadOnlyList<Mention> Find(string text, Personas personas)
    {
        var candidates = personas.All
            .SelectMany(p => new[] { (Token: "@" + p.Name, Persona: p), (Token: "@" + p.Id, Persona: p) })
            .OrderByDescending(c => c.Token.Length)
            .ToList();
        var mentions = new List<Mention>();
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && !char.IsWhiteSpace(text[at - 1])) continue;
            foreach (var (token, persona) in candidates)
            {
                if (string.Compare(text, at, token, 0, token.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
                var end = at + token.Length;
                // "@tom" is no mention of Tom in "@tomorrow".
                if (end < text.Length && char.IsLetterOrDigit(text[end])) continue;
                mentions.Add(new Mention(persona.ToPerson(), text.Substring(at, token.Length)));
                break;
            }
        }
        return mentions;
    }
}

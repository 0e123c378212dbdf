using System.Text;

namespace Switchboard.Core.Routing;

/// <summary>
/// One word of a request after normalisation: the term the router scores, the word as typed, and whether it names
/// where something is ("the printer by the kitchen") rather than what it is about.
/// </summary>
internal readonly record struct RoutingToken(string Term, string Surface, bool Place = false);

/// <summary>
/// Turns request text and routing hints into comparable terms: lower-case words with light stemming, common
/// abbreviations and spellings folded together, and chat filler removed. Hints and requests go through the
/// same pipeline, so a keyword written "Wi-Fi" matches a request saying "wifi".
/// </summary>
internal static class RoutingText
{
    // Words that say nothing about which team owns a request.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "anyone",
        "anybody", "anything", "are", "arent", "as", "ask", "asked", "at", "be", "because", "been", "before", "being",
        "below", "between", "both", "but", "by", "can", "cannot", "cant", "cheers", "could", "couldnt", "did",
        "didnt", "do", "does", "doesnt", "doing", "done", "dont", "down", "during", "each", "else", "even", "ever",
        "every", "few", "for", "from", "further", "get", "gets", "getting", "go", "going", "got", "had", "hadnt",
        "has", "hasnt", "have", "havent", "having", "he", "hello", "help", "her", "here", "hers", "hey", "hi", "him",
        "his", "how", "however", "i", "id", "if", "im", "in", "into", "is", "isnt", "it", "its", "itself", "ive",
        "just", "know", "let", "lets", "like", "ll", "me", "mine", "more", "most", "much", "must", "my", "myself",
        "need", "needed", "needs", "no", "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "one", "only",
        "or", "other", "our", "ours", "ourselves", "out", "over", "own", "please", "pls", "plz", "quick", "quickly",
        "re", "really", "s", "same", "she", "should", "shouldnt", "so", "some", "somebody", "someone", "something",
        "still", "such", "sure", "t", "than", "thank", "thanks", "thx", "that", "thats", "the", "their", "theirs",
        "them", "themselves", "then", "there", "theres", "these", "they", "theyre", "thing", "things", "this",
        "those", "through", "to", "too", "u", "under", "until", "up", "us", "ve", "very", "want", "wanted", "wants",
        "was", "wasnt", "we", "were", "werent", "what", "whats", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "wont", "would", "wouldnt", "yes", "yet", "you", "youre", "your", "yours",
        "yourself", "issue", "issues", "problem", "problems", "question", "questions", "hiya", "morning",
        "afternoon", "today", "urgent", "urgently", "asap", "guys", "team", "anyway", "maybe", "probably", "seems",
        "think", "may", "might", "via", "etc", "again", "already", "since", "yesterday", "tomorrow",
        // When something happened says nothing about who owns it.
        "next", "last", "week", "weeks", "month", "months", "year", "years", "ago", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "tonight", "weekend", "hour", "hours", "minute", "minutes",
        "kindly", "dear", "regards", "best", "hope", "well", "lot", "lots", "bit", "told", "tell", "said", "says",
    };

    // Abbreviations, spellings and slang employees use, folded to one term before stemming.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["pw"] = "password", ["pwd"] = "password", ["passwd"] = "password", ["pword"] = "password",
        ["passwords"] = "password",
        ["2fa"] = "mfa", ["2sv"] = "mfa", ["otp"] = "mfa", ["totp"] = "mfa",
        ["wifi"] = "wifi", ["wlan"] = "wifi",
        ["ac"] = "aircon", ["aircon"] = "aircon", ["airco"] = "aircon", ["aircondition"] = "aircon",
        ["airconditioning"] = "aircon", ["hvac"] = "aircon",
        ["hols"] = "holiday", ["holidays"] = "holiday", ["vacation"] = "holiday", ["vacations"] = "holiday",
        ["pto"] = "pto",
        ["reimb"] = "reimburse", ["refunded"] = "refund",
        ["licence"] = "license", ["licences"] = "license", ["licensing"] = "license", ["licenced"] = "license",
        ["centre"] = "center", ["centres"] = "center",
        ["acct"] = "account", ["accnt"] = "account", ["accts"] = "account",
        ["emails"] = "email", ["mails"] = "mail", ["gmail"] = "email",
        ["login"] = "login", ["logon"] = "login", ["signin"] = "login", ["logins"] = "login",
        ["o365"] = "office365", ["m365"] = "office365", ["office365"] = "office365",
        ["ndas"] = "nda", ["dpas"] = "dpa",
        ["phishy"] = "phishing", ["phished"] = "phishing", ["phish"] = "phishing", ["smishing"] = "phishing",
        ["vishing"] = "phishing",
        ["dodgy"] = "suspicious", ["sketchy"] = "suspicious", ["shady"] = "suspicious", ["fishy"] = "suspicious",
        ["suspect"] = "suspicious", ["suspicous"] = "suspicious",
        ["nicked"] = "stolen", ["pinched"] = "stolen", ["robbed"] = "stolen", ["stole"] = "stolen",
        ["snatched"] = "stolen", ["steal"] = "stolen", ["burgled"] = "stolen", ["theft"] = "stolen",
        ["bathroom"] = "toilet", ["bathrooms"] = "toilet", ["restroom"] = "toilet", ["restrooms"] = "toilet",
        ["loo"] = "toilet", ["wc"] = "toilet", ["washroom"] = "toilet", ["toilets"] = "toilet",
        ["elevator"] = "lift", ["elevators"] = "lift", ["lifts"] = "lift",
        ["paycheck"] = "payslip", ["paystub"] = "payslip", ["payslips"] = "payslip", ["paycheque"] = "payslip",
        ["trash"] = "rubbish", ["garbage"] = "rubbish", ["bin"] = "rubbish", ["bins"] = "rubbish",
        ["cookies"] = "cookie", ["boardroom"] = "meetingroom", ["boardrooms"] = "meetingroom",
        ["pentest"] = "pentest", ["pentesting"] = "pentest",
        ["lawsuit"] = "litigation", ["sued"] = "sue", ["suing"] = "sue",
        ["mgr"] = "manager", ["mngr"] = "manager",
        ["msft"] = "microsoft",
        ["teams"] = "msteams",
        ["wfh"] = "home",
        ["mac"] = "macbook", ["macbook"] = "macbook", ["imac"] = "macbook",
        ["computers"] = "computer", ["pcs"] = "computer", ["pc"] = "computer",
        ["mobile"] = "phone", ["cellphone"] = "phone", ["smartphone"] = "phone", ["iphone"] = "phone",
        ["android"] = "phone", ["phones"] = "phone",
        ["virus"] = "malware", ["viruses"] = "malware", ["trojan"] = "malware", ["spyware"] = "malware",
        ["adware"] = "malware", ["worm"] = "malware", ["keylogger"] = "malware",
        ["fridge"] = "fridge", ["refrigerator"] = "fridge",
        ["po"] = "po", ["pos"] = "po",
        ["perdiem"] = "perdiem",
        ["invoicing"] = "invoice",
        ["hr"] = "hr", ["hrs"] = "hr",
        ["sick"] = "sick", ["ill"] = "sick", ["unwell"] = "sick", ["sickness"] = "sick",
        ["salaries"] = "salary", ["wage"] = "salary", ["wages"] = "salary",
        ["notebook"] = "laptop", ["notebooks"] = "laptop", ["slowly"] = "slow", ["sluggish"] = "slow",
        ["reimbursable"] = "reimburse", ["reimbursment"] = "reimburse", ["reimbursements"] = "reimburse",
        ["expensable"] = "expense", ["claimable"] = "claim",
        ["hacker"] = "hack", ["hackers"] = "hack", ["scammer"] = "scam", ["scammers"] = "scam", ["scammed"] = "scam",
        ["heater"] = "heat", ["heaters"] = "heat", ["vacay"] = "holiday", ["coworker"] = "colleague",
        ["coworkers"] = "colleague", ["workmate"] = "colleague",
        ["attorney"] = "lawyer", ["solicitor"] = "lawyer", ["lawyers"] = "lawyer", ["attorneys"] = "lawyer",
    };

    // Multi-word expressions folded to one term, matched on the words as typed (before stop words go).
    private static readonly (string[] Words, string Term)[] Phrases =
    [
        (["air", "conditioning"], "aircon"), (["air", "conditioner"], "aircon"), (["air", "con"], "aircon"),
        (["wi", "fi"], "wifi"), (["e", "mail"], "email"), (["e", "mails"], "email"),
        (["log", "in"], "login"), (["log", "on"], "login"), (["sign", "in"], "login"), (["signed", "in"], "login"),
        (["logged", "in"], "login"), (["log", "into"], "login"), (["sign", "into"], "login"),
        (["two", "factor"], "mfa"), (["multi", "factor"], "mfa"), (["2", "factor"], "mfa"),
        (["paid", "time", "off"], "pto"), (["purchase", "order"], "po"), (["purchase", "orders"], "po"),
        (["per", "diem"], "perdiem"), (["non", "disclosure"], "nda"),
        (["data", "processing", "agreement"], "dpa"), (["human", "resources"], "hr"),
        (["pay", "slip"], "payslip"), (["pay", "slips"], "payslip"), (["pay", "stub"], "payslip"),
        (["usb", "stick"], "usb"), (["usb", "drive"], "usb"), (["memory", "stick"], "usb"),
        (["thumb", "drive"], "usb"), (["flash", "drive"], "usb"),
        (["pen", "test"], "pentest"), (["penetration", "test"], "pentest"), (["penetration", "testing"], "pentest"),
        (["car", "park"], "parking"), (["parking", "lot"], "parking"), (["parking", "garage"], "parking"),
        (["office", "365"], "office365"), (["microsoft", "365"], "office365"),
        (["meeting", "room"], "meetingroom"), (["meeting", "rooms"], "meetingroom"),
        (["conference", "room"], "meetingroom"), (["conference", "rooms"], "meetingroom"),
        (["board", "room"], "meetingroom"),
        (["coffee", "machine"], "coffeemachine"), (["vending", "machine"], "vendingmachine"),
        (["lost", "and", "found"], "lostproperty"), (["lost", "property"], "lostproperty"),
        (["time", "off"], "pto"), (["day", "off"], "pto"), (["days", "off"], "pto"),
    ];

    // Where something happens: the printer "on the 2nd floor" is still IT's, so these weigh less than what happened.
    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "floor", "office", "building", "room", "level", "area", "site", "corridor", "hallway", "wing", "campus",
        "space", "location", "hq", "headquarter", "branch", "upstairs", "downstairs",
    };

    // Words that introduce where something is; the terms right after them (PlaceSpan of them) name a place.
    private static readonly HashSet<string> PlacePrepositions = new(StringComparer.Ordinal)
    {
        "by", "near", "outside", "inside", "beside", "behind", "opposite", "nearby",
    };

    private static readonly HashSet<string> ArticlePlacePrepositions = new(StringComparer.Ordinal) { "in", "on", "at" };

    private const int PlaceSpan = 2;

    /// <summary>True for a term that says where something happens rather than what (it counts for less).</summary>
    public static bool IsPlaceWord(string term) => PlaceWords.Contains(term);

    private static readonly int LongestPhrase = Phrases.Max(p => p.Words.Length);

    /// <summary>The request's terms in order, with stop words removed and words folded and stemmed.</summary>
    public static List<RoutingToken> Tokenize(string text)
    {
        var words = SplitWords(text);
        var tokens = new List<RoutingToken>(words.Count);
        // How many of the next terms follow a place preposition: "the printer by the kitchen" is about a printer.
        var place = 0;
        void Add(string term, string surface)
        {
            tokens.Add(new RoutingToken(Stem(term), surface, place > 0));
            place = Math.Max(0, place - 1);
        }

        for (var i = 0; i < words.Count;)
        {
            if (MatchPhrase(words, i) is { } phrase)
            {
                Add(phrase.Term, string.Join(' ', words.Skip(i).Take(phrase.Length)));
                i += phrase.Length;
                continue;
            }

            var word = words[i++];
            // "by", "near", "outside" always introduce a place; "in", "on", "at" only as "in the ...": "on my
            // keyboard" is about the keyboard, "on the 4th floor" is where.
            if (PlacePrepositions.Contains(word) || (ArticlePlacePrepositions.Contains(word) && i < words.Count && words[i] == "the"))
            {
                place = PlaceSpan;
                continue;
            }

            if (word.All(char.IsAsciiDigit) || word.Length == 1)
            {
                continue;
            }

            if (Synonyms.TryGetValue(word, out var folded))
            {
                Add(folded, word);
                continue;
            }

            if (StopWords.Contains(word))
            {
                continue;
            }

            Add(word, word);
        }

        return tokens;
    }

    /// <summary>Stems one normalised word the same way <see cref="Tokenize"/> does.</summary>
    public static string Stem(string word)
    {
        var w = word;
        if (w.Length <= 3 || w.Any(char.IsAsciiDigit))
        {
            return w;
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) &&
                 !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length >= 6 && HasVowel(w.AsSpan(0, w.Length - 3)))
        {
            w = Undouble(w[..^3]);
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("eed", StringComparison.Ordinal) &&
                 w.Length >= 5 && HasVowel(w.AsSpan(0, w.Length - 2)))
        {
            w = Undouble(w[..^2]);
        }
        else if (w.EndsWith("ment", StringComparison.Ordinal) && w.Length >= 8)
        {
            w = w[..^4];
        }

        if (w.EndsWith("ation", StringComparison.Ordinal) && w.Length >= 9)
        {
            w = w[..^5];
        }

        if (w.EndsWith('e') && w.Length > 3)
        {
            w = w[..^1];
        }

        return w;
    }

    // Lower-cases and splits on anything but letters and digits. Short hyphenated or slashed words ("wi-fi",
    // "a/c", "w-2") are joined, longer ones ("anti-bribery") split into their parts. A standalone upper-case
    // "IT" is the department, not the pronoun.
    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var parts = new List<string>();

        void EndPart()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        void EndWord()
        {
            EndPart();
            if (parts.Count == 0)
            {
                return;
            }

            var joined = string.Concat(parts);
            if (parts.Count > 1 && joined.Length <= 6)
            {
                words.Add(joined);
            }
            else
            {
                words.AddRange(parts);
            }

            parts.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019' or '\u2018')
            {
                // "don't" -> "dont", "laptop's" -> "laptops".
            }
            else if (c is '-' or '/' or '&' && current.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                EndPart();
            }
            else
            {
                EndWord();
            }

            if (current.Length == 2 && current[0] == 'i' && current[1] == 't' && i >= 1 && text[i] == 'T' && text[i - 1] == 'I' &&
                (i + 1 >= text.Length || !char.IsLetterOrDigit(text[i + 1])))
            {
                current.Clear();
                current.Append("itdept");
            }
        }

        EndWord();
        return words;
    }

    private static (string Term, int Length)? MatchPhrase(List<string> words, int start)
    {
        for (var length = Math.Min(LongestPhrase, words.Count - start); length >= 2; length--)
        {
            foreach (var (phraseWords, term) in Phrases)
            {
                if (phraseWords.Length != length)
                {
                    continue;
                }

                var matches = true;
                for (var k = 0; k < length && matches; k++)
                {
                    matches = words[start + k] == phraseWords[k];
                }

                if (matches)
                {
                    return (term, length);
                }
            }
        }

        return null;
    }

    private static bool HasVowel(ReadOnlySpan<char> s) => s.IndexOfAny("aeiouy") >= 0;

    private static string Undouble(string w) =>
        w.Length >= 3 && w[^1] == w[^2] && !"aeioulsz".Contains(w[^1]) ? w[..^1] : w;
}

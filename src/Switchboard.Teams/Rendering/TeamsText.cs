using System.Text;

namespace Switchboard.Teams.Rendering;

/// <summary>
/// Teams renders message text as Markdown with some HTML. The engine's text is plain text, so
/// characters Markdown or HTML would interpret are escaped and line breaks kept.
/// </summary>
internal static class TeamsText
{
    private const string InlineSpecials = "\\`*_[]~|";
    private const string LineStartSpecials = "#-+=";

    public static string FromPlainText(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) builder.Append("<br>");
            var line = lines[i];
            var start = line.Length - line.TrimStart().Length;
            for (var j = 0; j < line.Length; j++)
            {
                var c = line[j];
                if (j == start && LineStartSpecials.Contains(c)) builder.Append('\\');
                // "1. text" at the start of a line would become a numbered list.
                if (c == '.' && j > start && IsLeadingNumber(line, start, j)) builder.Append('\\');
                switch (c)
                {
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    case '&': builder.Append("&amp;"); break;
                    default:
                        if (InlineSpecials.Contains(c)) builder.Append('\\');
                        builder.Append(c);
                        break;
                }
            }
        }
        return builder.ToString();
    }

    private static bool IsLeadingNumber(string line, int start, int dot)
    {
        for (var k = start; k < dot; k++)
            if (!char.IsAsciiDigit(line[k])) return false;
        return true;
    }
}

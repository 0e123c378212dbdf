using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Switchboard.Core.Requests;

/// <summary>A ticket's number: the owning team's prefix and a per-team sequence, e.g. <c>IT-1001</c>.</summary>
[JsonConverter(typeof(TicketNumberJsonConverter))]
public readonly partial record struct TicketNumber(string Prefix, long Value)
{
    /// <summary>The first number each team hands out.</summary>
    public const long First = 1001;

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}-{Value}";

    /// <summary>
    /// Parses a whole "IT-1001" (case-insensitive, surrounding spaces ignored). Digits of any script count
    /// ("IT-١٠٠١" is IT-1001), so what a person types never makes parsing throw. Whether the prefix belongs to
    /// a configured team is the caller's question.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TicketNumber? number)
    {
        number = null;
        if (text is null) return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        long value = 0;
        foreach (var digit in match.Groups[2].Value)
            value = value * 10 + CharUnicodeInfo.GetDecimalDigitValue(digit);
        number = new TicketNumber(match.Groups[1].Value.ToUpperInvariant(), value);
        return true;
    }

    // \d is any Unicode decimal digit; twelve of them always fit in a long.
    [GeneratedRegex(@"^([A-Za-z]{2,8})-(\d{1,12})$")]
    private static partial Regex Pattern();
}

internal sealed class TicketNumberJsonConverter : JsonConverter<TicketNumber>
{
    public override TicketNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TicketNumber.TryParse(reader.GetString(), out var number)
            ? number.Value
            : throw new JsonException("A ticket number looks like IT-1001.");

    public override void Write(Utf8JsonWriter writer, TicketNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

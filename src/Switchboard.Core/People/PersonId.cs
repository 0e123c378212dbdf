using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Core.People;

/// <summary>
/// A person's id in the directory, stable for as long as the record lives: the lower-cased e-mail when the
/// first platform that showed them gave one, else that platform's key (<c>slack:U123</c>). It never changes
/// afterwards, even when the e-mail does, so anything that stores it (kudos, surveys) keeps pointing at them.
/// </summary>
/// <param name="Value">The id as stored.</param>
[JsonConverter(typeof(PersonIdJsonConverter))]
public readonly record struct PersonId(string Value)
{
    /// <summary>The id a person first seen with <paramref name="email"/> gets.</summary>
    public static PersonId ForEmail(string email) => new(email.Trim().ToLowerInvariant());

    /// <summary>The id a person first seen without an e-mail gets: their platform key, e.g. <c>teams:29:1abc</c>.</summary>
    public static PersonId ForPlatformKey(string platformKey) => new(platformKey);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Writes a <see cref="PersonId"/> as a plain JSON string.</summary>
public sealed class PersonIdJsonConverter : JsonConverter<PersonId>
{
    /// <inheritdoc />
    public override PersonId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A person id must be a string."));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PersonId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

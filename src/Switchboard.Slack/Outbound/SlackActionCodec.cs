using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Outbound;

/// <summary>What a Switchboard button carries in its <c>value</c>: the verb, its data, and the form to ask for first.</summary>
/// <param name="V">The verb.</param>
/// <param name="D">The action's data.</param>
/// <param name="F">The form, inline when it fits in Slack's 2,000-character value.</param>
/// <param name="Fk">The state-store key of a form too large to carry inline.</param>
internal sealed record SlackActionValue(string V, Dictionary<string, string>? D = null, CardForm? F = null, string? Fk = null);

/// <summary>What a form modal carries in <c>private_metadata</c>: the action to send and the card it came from.</summary>
internal sealed record SlackFormMetadata(
    string Verb,
    Dictionary<string, string> Values,
    string Channel,
    string? MessageTs,
    string? ThreadTs,
    string? TeamId,
    List<string>? Required = null);

/// <summary>Packs a <see cref="CardAction"/> into a button value and back.</summary>
internal sealed class SlackActionCodec(IStateStore store)
{
    /// <summary>Slack's limit for a button value.</summary>
    public const int MaxValueLength = 2000;
    private const string FormKeyPrefix = "slack:form:";

    public async Task<string> EncodeAsync(CardAction action, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(action.Data, StringComparer.Ordinal);
        var value = Serialize(new SlackActionValue(action.Verb, data, action.Form));
        if (value.Length <= MaxValueLength) return value;

        // A large form (many choices) is stored once under its content hash; the button carries the key.
        var formJson = JsonSerializer.Serialize(action.Form, SlackJsonContext.Default.CardForm);
        var key = FormKeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(formJson)))[..32];
        await store.TryWriteAsync(key, formJson, StateEntry.AnyETag, StateLifetimes.PlatformForm, cancellationToken);
        value = Serialize(new SlackActionValue(action.Verb, data, null, key));
        return value.Length <= MaxValueLength
            ? value
            : throw new InvalidOperationException($"The data of action '{action.Verb}' is too large for a Slack button.");
    }

    /// <summary>The verb, data and form of a clicked button, or null when the value is not ours.</summary>
    public async Task<(string Verb, Dictionary<string, string> Data, CardForm? Form)?> DecodeAsync(string? value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(value)) return null;
        SlackActionValue? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize(value, SlackJsonContext.Default.SlackActionValue);
        }
        catch (JsonException)
        {
            return null;
        }
        if (decoded is null || string.IsNullOrEmpty(decoded.V)) return null;

        var form = decoded.F;
        if (form is null && decoded.Fk is { } key && key.StartsWith(FormKeyPrefix, StringComparison.Ordinal))
        {
            var entry = await store.ReadAsync(key, cancellationToken);
            form = entry is null ? null : JsonSerializer.Deserialize(entry.Value, SlackJsonContext.Default.CardForm);
        }
        return (decoded.V, decoded.D ?? [], form);
    }

    private static string Serialize(SlackActionValue value) => JsonSerializer.Serialize(value, SlackJsonContext.Default.SlackActionValue);
}

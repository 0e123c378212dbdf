using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;
using Switchboard.Slack.Inbound;

namespace Switchboard.Slack.Outbound;

/// <summary>What a Switchboard button or menu entry carries in its <c>value</c>: the verb, its data, and the form to ask for first.</summary>
/// <param name="V">The verb.</param>
/// <param name="D">The action's data.</param>
/// <param name="F">The form, inline when it fits in the value.</param>
/// <param name="Fk">The state-store key of a form too large to carry inline.</param>
/// <param name="K">The state-store key of the whole value, when even its data does not fit (a menu entry holds 150 characters).</param>
internal sealed record SlackActionValue(string V, Dictionary<string, string>? D = null, CardForm? F = null, string? Fk = null, string? K = null);

/// <summary>
/// What a form modal carries in <c>private_metadata</c>: the action to send and the card it came from; no
/// <see cref="Channel"/> for a form opened from an entry point, which is answered in the person's DM.
/// </summary>
internal sealed record SlackFormMetadata(
    string Verb,
    Dictionary<string, string> Values,
    string? Channel,
    string? MessageTs,
    string? ThreadTs,
    string? TeamId,
    List<string>? Required = null);

/// <summary>Packs a <see cref="CardAction"/> into a button value (or a menu entry's value) and back.</summary>
internal sealed class SlackActionCodec(IStateStore store)
{
    /// <summary>Slack's limit for a button value.</summary>
    public const int MaxValueLength = 2000;

    /// <summary>Slack's limit for the value of an option (an entry of an overflow menu or a select).</summary>
    public const int MaxOptionValueLength = 150;

    private const string FormKeyPrefix = "slack:form:";
    private const string ActionKeyPrefix = "slack:action:";

    public async Task<string> EncodeAsync(CardAction action, int maxLength, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(action.Data, StringComparer.Ordinal);
        var value = Serialize(new SlackActionValue(action.Verb, data, action.Form));
        if (value.Length <= maxLength) return value;

        // A large form (many choices) is stored once under its content hash; the value carries the key.
        // Forms name no ticket, so one stored form serves every card of a team.
        if (action.Form is not null)
        {
            var formKey = await StoreAsync(FormKeyPrefix, JsonSerializer.Serialize(action.Form, SlackJsonContext.Default.CardForm), cancellationToken);
            value = Serialize(new SlackActionValue(action.Verb, data, null, formKey));
            if (value.Length <= maxLength) return value;
        }

        var key = await StoreAsync(ActionKeyPrefix, Serialize(new SlackActionValue(action.Verb, data, action.Form)), cancellationToken);
        value = Serialize(new SlackActionValue(action.Verb, K: key));
        return value.Length <= maxLength
            ? value
            : throw new InvalidOperationException($"The verb '{action.Verb}' is too long for a Slack value of {maxLength} characters.");
    }

    /// <summary>The verb, data and form of a clicked button or chosen menu entry, or null when the value is not ours.</summary>
    public async Task<(string Verb, Dictionary<string, string> Data, CardForm? Form)?> DecodeAsync(string? value, CancellationToken cancellationToken)
    {
        var decoded = Deserialize(value);
        if (decoded?.K is { } key)
        {
            decoded = key.StartsWith(ActionKeyPrefix, StringComparison.Ordinal) && await store.ReadAsync(key, cancellationToken) is { } entry
                ? Deserialize(entry.Value)
                : null;
        }
        if (decoded is null) return null;

        var form = decoded.F;
        if (form is null && decoded.Fk is { } formKey && formKey.StartsWith(FormKeyPrefix, StringComparison.Ordinal))
        {
            var entry = await store.ReadAsync(formKey, cancellationToken);
            form = entry is null ? null : JsonSerializer.Deserialize(entry.Value, SlackJsonContext.Default.CardForm);
        }
        return (decoded.V, decoded.D ?? [], form);
    }

    private async Task<string> StoreAsync(string prefix, string json, CancellationToken cancellationToken)
    {
        var key = prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32];
        await store.TryWriteAsync(key, json, StateEntry.AnyETag, StateLifetimes.PlatformForm, cancellationToken);
        return key;
    }

    private static SlackActionValue? Deserialize(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            var decoded = JsonSerializer.Deserialize(value, SlackJsonContext.Default.SlackActionValue);
            return decoded is null || string.IsNullOrEmpty(decoded.V) ? null : decoded;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Serialize(SlackActionValue value) => JsonSerializer.Serialize(value, SlackJsonContext.Default.SlackActionValue);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Teams.Connector;
using Switchboard.Teams.Rendering;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// The parts of message-extension commands that go beyond a plain form: who wrote the message acted on, the people
/// a dialog's people picker named (Entra object ids, looked up in the conversation's roster), showing a refused
/// form again with the reason, and inserting a result card into the compose box.
/// </summary>
internal sealed partial class TeamsMessageExtensions(ConnectorClient connector, TeamsPeople people, ILogger<TeamsMessageExtensions> logger)
{
    /// <summary>The data field naming the intent whose form a dialog shows, so a refused submission can show it again.</summary>
    public const string IntentField = "sbIntent";

    /// <summary>The data field holding that intent's arguments (JSON), for the same reason.</summary>
    public const string ArgumentsField = "sbArgs";

    private const int MaxPicked = 20;

    /// <summary>Who wrote the message in <c>value.messagePayload</c>: an app, the person acting, or someone else.</summary>
    public static MessageAuthor? Author(Activity activity, JsonObject? message)
    {
        if (message?["from"] is not JsonObject from) return null;
        if (from["application"] is JsonObject app)
            return new MessageAuthor(Str(app["id"]) ?? "app", Str(app["displayName"]), MessageAuthorKind.Bot);
        if (from["user"] is not JsonObject user || Str(user["id"]) is not { } id) return null;
        var self = string.Equals(id, activity.From?.AadObjectId, StringComparison.OrdinalIgnoreCase) || id == activity.From?.Id;
        return new MessageAuthor(id, Str(user["displayName"]), self ? MessageAuthorKind.Self : MessageAuthorKind.Person);
    }

    /// <summary>The dialog showing <paramref name="form"/>; its submission carries the intent, to show the form again if refused.</summary>
    public static JsonObject Dialog(CardForm form, CardAction action, TurnIntent intent) => new()
    {
        ["type"] = "continue",
        ["value"] = new JsonObject
        {
            ["title"] = form.Title,
            ["width"] = "medium",
            ["height"] = "large",
            ["card"] = new JsonObject
            {
                ["contentType"] = InvokeResponseTypes.AdaptiveCard,
                ["content"] = AdaptiveCardRenderer.RenderForm(form, action, new Dictionary<string, string>
                {
                    [IntentField] = intent.Name,
                    [ArgumentsField] = JsonSerializer.Serialize(intent.Arguments, TeamsExtensionJsonContext.Default.IReadOnlyDictionaryStringString),
                }),
            },
        },
    };

    /// <summary>The intent a dialog's submission came from, when it says.</summary>
    public static TurnIntent? IntentOf(JsonObject data)
    {
        if (Str(data[IntentField]) is not { } name) return null;
        Dictionary<string, string>? arguments = null;
        try
        {
            arguments = Str(data[ArgumentsField]) is { } json ? JsonSerializer.Deserialize(json, TeamsExtensionJsonContext.Default.DictionaryStringString) : null;
        }
        catch (JsonException)
        {
            // Arguments are only a prefill: without them the form is shown empty.
        }
        return new TurnIntent(name, arguments ?? []);
    }

    /// <summary>The refused form again, with what the person entered and the reason above it.</summary>
    public static JsonObject Again(CardForm form, CardAction action, TurnIntent intent, IReadOnlyDictionary<string, string> entered, string reason)
    {
        // A picked person keeps their name where the form knew it (the message's author); Teams looks up the rest by id.
        var inputs = form.Inputs.Select(i => entered.TryGetValue(i.Id, out var value) ? i with { Value = value } : i).ToList();
        return Dialog(form with { Inputs = inputs, Note = reason }, action, intent);
    }

    /// <summary>The card to insert into the compose box: <c>composeExtension</c> result.</summary>
    public static JsonObject ComposeResult(Card card) => new()
    {
        ["composeExtension"] = new JsonObject
        {
            ["type"] = "result",
            ["attachmentLayout"] = "list",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = InvokeResponseTypes.AdaptiveCard,
                ["content"] = AdaptiveCardRenderer.Render(card),
            }),
        },
    };

    /// <summary>
    /// The people a submitted dialog's pickers named, each a mention whose text is the picked Entra object id. Each is
    /// looked up in the conversation's roster (the Connector takes an object id there) for their Teams id and e-mail,
    /// and remembered so that the bot can write to them; someone the roster does not know is left out.
    /// </summary>
    public async Task<IReadOnlyList<Mention>> PickedAsync(Activity activity, JsonObject data, CancellationToken cancellationToken)
    {
        if (Str(data[AdaptiveCardRenderer.PeopleField]) is not { } fields || activity.ServiceUrl is null) return [];
        var conversationId = TeamsConversationIds.Split(activity.Conversation!.Id!).ConversationId;
        var mentions = new List<Mention>();
        var picked = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(field => (Str(data[field]) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxPicked);
        foreach (var id in picked)
        {
            TeamsChannelAccount? member;
            try
            {
                member = await connector.GetMemberAsync(activity.ServiceUrl, conversationId, id, cancellationToken);
            }
            catch (Exception ex) when (ex is ConnectorException or UntrustedServiceUrlException or HttpRequestException)
            {
                LogLookupFailed(logger, ex.GetType().Name);
                member = null;
            }
            if (member?.Id is not { Length: > 0 } teamsId) continue;
            var email = string.IsNullOrWhiteSpace(member.Email) ? member.UserPrincipalName : member.Email;
            var person = new PersonRef(TeamsPlatform.Id, teamsId, member.Name ?? "", email is not null && email.Contains('@') ? email : null);
            await people.ObserveMentionedAsync(person, activity, cancellationToken);
            mentions.Add(new Mention(person, id));
        }
        return mentions;
    }

    /// <summary>The submitted values without the fields the dialog carries for the adapter.</summary>
    public static Dictionary<string, string> WithoutOwnFields(Dictionary<string, string> values)
    {
        values.Remove(IntentField);
        values.Remove(ArgumentsField);
        values.Remove(AdaptiveCardRenderer.PeopleField);
        return values;
    }

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up a person picked in a Teams dialog ({Reason})")]
    private static partial void LogLookupFailed(ILogger logger, string reason);
}

/// <summary>Source-generated JSON for the intent arguments a dialog carries.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TeamsExtensionJsonContext : JsonSerializerContext;

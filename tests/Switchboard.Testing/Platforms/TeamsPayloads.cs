using System.Text.Json.Nodes;

namespace Switchboard.Testing;

/// <summary>
/// Activities shaped like the ones Teams posts (recorded from the Bot Framework / Teams docs' samples),
/// parameterised with the test's service URL and ids.
/// </summary>
public static class TeamsPayloads
{
    public const string AppId = "6f1a2b3c-5d4e-4f00-8a9b-0c1d2e3f4a5b";
    public const string BotId = "28:" + AppId;
    public const string BotName = "Switchboard";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string RequesterId = "29:1requester-maya";
    public const string RequesterName = "Maya Patel";
    public const string AgentId = "29:agent";
    public const string AgentName = "Alex Kim";
    public const string PersonalConversationId = "a:1personal-maya";
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string ItChannelId = "19:it-helpdesk@thread.tacv2";
    public const string GroupChatId = "19:groupchat-abc@thread.v2";

    private static int _next = 1_700_000_000;

    public static string NewId() => Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Now => DateTimeOffset.UtcNow.ToString("O");

    private const string ClientInfo = """{"locale":"en-US","country":"US","platform":"Web","timezone":"Europe/Berlin","type":"clientInfo"}""";

    public const string RequesterObjectId = "5a6b7c8d-0000-4000-8000-000000000001";

    public static string PersonalMessage(string serviceUrl, string text, string? id = null, string fromId = RequesterId, string fromName = RequesterName,
        string conversationId = PersonalConversationId, string? mentions = null, string fromObjectId = RequesterObjectId) => $$"""
        {
          "text": {{Json(text)}},
          "textFormat": "plain",
          "type": "message",
          "timestamp": "{{Now}}",
          "localTimestamp": "{{Now}}",
          "id": "{{id ?? NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{fromId}}", "name": "{{fromName}}", "aadObjectId": "{{fromObjectId}}" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{conversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "entities": [ {{(mentions is null ? "" : mentions + ", ")}}{{ClientInfo}} ],
          "channelData": { "tenant": { "id": "{{TenantId}}" } },
          "locale": "en-US",
          "localTimezone": "Europe/Berlin"
        }
        """;

    public static string ChannelMention(string serviceUrl, string textAfterMention, string? id = null, string fromId = AgentId, string fromName = AgentName, string channelId = ItChannelId, string? threadRoot = null,
        string? mentions = null)
    {
        var messageId = id ?? NewId();
        var conversationId = $"{channelId};messageid={threadRoot ?? messageId}";
        return $$"""
        {
          "text": {{Json($"<at>{BotName}</at> {textAfterMention}")}},
          "textFormat": "plain",
          "attachments": [ { "contentType": "text/html", "content": {{Json($"<div><div><span itemscope=\"\" itemtype=\"http://schema.skype.com/Mention\" itemid=\"0\">{BotName}</span> {textAfterMention}</div></div>")}} } ],
          "type": "message",
          "timestamp": "{{Now}}",
          "id": "{{messageId}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{fromId}}", "name": "{{fromName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000002" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{{TenantId}}", "id": "{{conversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "entities": [ { "mentioned": { "id": "{{BotId}}", "name": "{{BotName}}" }, "text": "<at>{{BotName}}</at>", "type": "mention" }, {{(mentions is null ? "" : mentions + ", ")}}{{ClientInfo}} ],
          "channelData": {
            "teamsChannelId": "{{channelId}}",
            "teamsTeamId": "{{TeamId}}",
            "channel": { "id": "{{channelId}}" },
            "team": { "id": "{{TeamId}}" },
            "tenant": { "id": "{{TenantId}}" }
          },
          "locale": "en-US"
        }
        """;
    }

    public static string GroupChatMention(string serviceUrl, string textAfterMention, string? id = null) => $$"""
        {
          "text": {{Json($"<at>{BotName}</at> {textAfterMention}")}},
          "textFormat": "plain",
          "type": "message",
          "timestamp": "{{Now}}",
          "id": "{{id ?? NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{RequesterId}}", "name": "{{RequesterName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
          "conversation": { "isGroup": true, "conversationType": "groupChat", "tenantId": "{{TenantId}}", "id": "{{GroupChatId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "entities": [ { "mentioned": { "id": "{{BotId}}", "name": "{{BotName}}" }, "text": "<at>{{BotName}}</at>", "type": "mention" }, {{ClientInfo}} ],
          "channelData": { "tenant": { "id": "{{TenantId}}" } },
          "locale": "en-US"
        }
        """;

    public static string BotAddedToTeam(string serviceUrl, string? id = null) => $$"""
        {
          "membersAdded": [ { "id": "{{BotId}}" } ],
          "type": "conversationUpdate",
          "timestamp": "{{Now}}",
          "id": "{{id ?? "f:" + NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "29:1admin", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000003" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{{TenantId}}", "id": "{{TeamId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "channelData": {
            "team": { "aadGroupId": "0e1d2c3b-0000-4000-8000-000000000010", "name": "Contoso IT", "id": "{{TeamId}}" },
            "eventType": "teamMemberAdded",
            "tenant": { "id": "{{TenantId}}" }
          }
        }
        """;

    public static string InstallationAdd(string serviceUrl, string? id = null, string action = "add") => $$"""
        {
          "action": "{{action}}",
          "type": "installationUpdate",
          "timestamp": "{{Now}}",
          "id": "{{id ?? "f:" + NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "29:1admin", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000003" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{{TenantId}}", "id": "{{TeamId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "entities": [ {{ClientInfo}} ],
          "channelData": {
            "settings": { "selectedChannel": { "id": "{{TeamId}}" } },
            "channel": { "id": "{{TeamId}}" },
            "team": { "aadGroupId": "0e1d2c3b-0000-4000-8000-000000000010", "name": "Contoso IT", "id": "{{TeamId}}" },
            "tenant": { "id": "{{TenantId}}" },
            "source": { "name": "message" }
          },
          "locale": "en-US"
        }
        """;

    /// <summary>An <c>adaptiveCard/action</c> invoke, as Teams sends it for an <c>Action.Execute</c> click.</summary>
    public static string CardAction(string serviceUrl, string verb, JsonObject data, string replyToId, string conversationId = PersonalConversationId,
        string conversationType = "personal", string fromId = RequesterId, string fromName = RequesterName, string? id = null, string title = "Submit") => $$"""
        {
          "name": "adaptiveCard/action",
          "type": "invoke",
          "timestamp": "{{Now}}",
          "id": "{{id ?? "f:" + NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{fromId}}", "name": "{{fromName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000004" },
          "conversation": { {{(conversationType == "personal" ? "" : "\"isGroup\": true, ")}}"conversationType": "{{conversationType}}", "tenantId": "{{TenantId}}", "id": "{{conversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "replyToId": "{{replyToId}}",
          "entities": [ {{ClientInfo}} ],
          "value": {
            "action": { "type": "Action.Execute", "title": {{Json(title)}}, "verb": {{Json(verb)}}, "data": {{data.ToJsonString()}} },
            "trigger": "manual"
          },
          "channelData": { "tenant": { "id": "{{TenantId}}" }, "source": { "name": "message" } },
          "locale": "en-US"
        }
        """;

    /// <summary>An <c>Action.Submit</c> click: a message whose value is the action's data merged with the inputs.</summary>
    public static string SubmitAction(string serviceUrl, JsonObject value, string replyToId, string? id = null) => $$"""
        {
          "type": "message",
          "timestamp": "{{Now}}",
          "id": "{{id ?? NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{RequesterId}}", "name": "{{RequesterName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{PersonalConversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "replyToId": "{{replyToId}}",
          "entities": [ {{ClientInfo}} ],
          "value": {{value.ToJsonString()}},
          "channelData": { "tenant": { "id": "{{TenantId}}" }, "source": { "name": "message" }, "legacy": { "replyToId": "{{replyToId}}" } },
          "locale": "en-US"
        }
        """;

    /// <summary>A message-extension invoke (<c>composeExtension/fetchTask</c> or <c>/submitAction</c>) from Maya's personal chat.</summary>
    public static string ExtensionInvoke(string serviceUrl, string name, JsonObject value, string? id = null) => $$"""
        {
          "name": {{Json(name)}},
          "type": "invoke",
          "timestamp": "{{Now}}",
          "id": "{{id ?? "f:" + NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{RequesterId}}", "name": "{{RequesterName}}", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{PersonalConversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "entities": [ {{ClientInfo}} ],
          "value": {{value.ToJsonString()}},
          "channelData": { "tenant": { "id": "{{TenantId}}" }, "source": { "name": "message" } },
          "locale": "en-US"
        }
        """;

    public static string MessageReaction(string serviceUrl) => $$"""
        {
          "reactionsAdded": [ { "type": "like" } ],
          "type": "messageReaction",
          "timestamp": "{{Now}}",
          "id": "{{NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "{{RequesterId}}", "name": "{{RequesterName}}" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{PersonalConversationId}}" },
          "recipient": { "id": "{{BotId}}", "name": "{{BotName}}" },
          "replyToId": "1700000000000",
          "channelData": { "tenant": { "id": "{{TenantId}}" } }
        }
        """;

    /// <summary>
    /// Mention entities as Teams sends them with a message whose text holds <c>&lt;at&gt;Name&lt;/at&gt;</c> for each
    /// (for <see cref="PersonalMessage"/>'s and <see cref="ChannelMention"/>'s <c>mentions</c>).
    /// </summary>
    public static string Mentions(params (string Id, string Name)[] people) => string.Join(", ", people.Select(p =>
        $$"""{ "mentioned": { "id": {{Json(p.Id)}}, "name": {{Json(p.Name)}} }, "text": {{Json($"<at>{p.Name}</at>")}}, "type": "mention" }"""));

    private static string Json(string value) => JsonValue.Create(value)!.ToJsonString();
}

using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Switchboard.Bench.Turns;

/// <summary>
/// The platform APIs the hosts under test call, served by the bench process on a loopback port (Kestrel):
/// <list type="bullet">
/// <item>Bot Framework: OpenID metadata and JWKS with the bench's key (<see cref="ChannelTokens"/>), the
/// client-credentials token endpoint, and the Connector under <see cref="TeamsServiceUrl"/>
/// (<c>POST v3/conversations/{id}/activities[/{replyTo}]</c>, <c>PUT</c> updates, members, create).</item>
/// <item>Slack Web API under <see cref="SlackApiUrl"/>: <c>chat.postMessage</c>, <c>chat.update</c>,
/// <c>chat.postEphemeral</c>, <c>users.info</c>, <c>conversations.open</c>, <c>auth.test</c>, <c>views.open</c>,
/// JSON or form bodies.</item>
/// </list>
/// Every new message (not an update) is reported to the <see cref="ReplyBoard"/>, which completes the turn
/// waiting in that conversation. Answers carry the fields the real APIs return, so the clients parse what
/// they would parse in production.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    public const string TeamsPrefix = "teams/";
    public const string SlackPrefix = "slack/";
    private const string ConnectorPath = "/teams/v3/conversations";
    private const string SlackPath = "/slack/api/";
    private const int TokenLifetimeSeconds = 3599;

    private readonly WebApplication _app;
    private readonly ReplyBoard _board;
    private readonly byte[] _channelMetadata;
    private readonly byte[] _azureAdMetadata;
    private readonly byte[] _jwks;
    private long _ids;
    private long _tokens;

    private FakePlatform(WebApplication app, string baseUrl, ChannelTokens tokens, ReplyBoard board)
    {
        _app = app;
        _board = board;
        BaseUrl = baseUrl;
        _channelMetadata = Encoding.UTF8.GetBytes(Metadata(ChannelTokens.Issuer).ToJsonString());
        _azureAdMetadata = Encoding.UTF8.GetBytes(Metadata("https://login.microsoftonline.com/{tenantid}/v2.0").ToJsonString());
        _jwks = Encoding.UTF8.GetBytes(tokens.Jwks().ToJsonString());
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The <c>serviceUrl</c> the Teams load puts on its activities: replies come back here.</summary>
    public string TeamsServiceUrl => BaseUrl + "/teams/";

    /// <summary>The Slack Web API base URL the hosts are configured with.</summary>
    public string SlackApiUrl => BaseUrl + SlackPath;

    public ApiCounters Calls { get; } = new();

    public static async Task<FakePlatform> StartAsync(int port, ChannelTokens tokens, ReplyBoard board, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakePlatform(app, $"http://127.0.0.1:{port}", tokens, board);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        return fake;
    }

    private JsonObject Metadata(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = BaseUrl + "/botframework.com/oauth2/v2.0/authorize",
        ["token_endpoint"] = BaseUrl + "/botframework.com/oauth2/v2.0/token",
        ["jwks_uri"] = BaseUrl + "/keys",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        var cancellationToken = context.RequestAborted;
        if (path.StartsWith(ConnectorPath, StringComparison.Ordinal))
        {
            await ConnectorAsync(context, method, path[ConnectorPath.Length..], cancellationToken);
            return;
        }
        if (path.StartsWith(SlackPath, StringComparison.Ordinal) && HttpMethods.IsPost(method))
        {
            await SlackAsync(context, path[SlackPath.Length..], cancellationToken);
            return;
        }
        switch (path)
        {
            case "/v1/.well-known/openidconfiguration":
                Calls.Increment("botframework.openid-metadata");
                await WriteAsync(context, _channelMetadata, cancellationToken);
                return;
            case "/aad/v2.0/.well-known/openid-configuration":
                Calls.Increment("botframework.aad-metadata");
                await WriteAsync(context, _azureAdMetadata, cancellationToken);
                return;
            case "/keys":
                Calls.Increment("botframework.jwks");
                await WriteAsync(context, _jwks, cancellationToken);
                return;
        }
        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) && HttpMethods.IsPost(method))
        {
            await DiscardBodyAsync(context.Request.BodyReader, cancellationToken);
            Calls.Increment("botframework.token");
            var n = Interlocked.Increment(ref _tokens);
            await WriteAsync(context, w =>
            {
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", TokenLifetimeSeconds);
                w.WriteNumber("ext_expires_in", TokenLifetimeSeconds);
                w.WriteString("access_token", $"bench-access-token-{n}-{Guid.NewGuid():N}");
            }, cancellationToken);
            return;
        }
        Calls.Increment("unknown " + method + " " + path);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private async Task ConnectorAsync(HttpContext context, string method, string route, CancellationToken cancellationToken)
    {
        // route: "" (create) | /{id}/activities[/{activityId}] | /{id}/members[/{userId}] | /{id}/pagedmembers
        var parts = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isPost = HttpMethods.IsPost(method);
        if (isPost || HttpMethods.IsPut(method)) await DiscardBodyAsync(context.Request.BodyReader, cancellationToken);
        switch (parts)
        {
            case [] when isPost:
            {
                Calls.Increment("connector.create-conversation");
                var id = NextId();
                await WriteAsync(context, w =>
                {
                    w.WriteString("id", $"a:1bench-created-{id}");
                    w.WriteString("activityId", $"1:{id}");
                }, cancellationToken);
                return;
            }
            case [var conversation, "activities"] when isPost:
                Calls.Increment("connector.send");
                Delivered("connector.send", TeamsPrefix + conversation);
                await WriteIdAsync(context, "1:" + NextId(), cancellationToken);
                return;
            case [var conversation, "activities", _] when isPost:
                Calls.Increment("connector.reply");
                Delivered("connector.reply", TeamsPrefix + conversation);
                await WriteIdAsync(context, "1:" + NextId(), cancellationToken);
                return;
            case [_, "activities", var activity] when HttpMethods.IsPut(method):
                Calls.Increment("connector.update");
                await WriteIdAsync(context, activity, cancellationToken);
                return;
            case [_, "activities", _] when HttpMethods.IsDelete(method):
                Calls.Increment("connector.delete");
                return;
            case [_, "members", var user] when HttpMethods.IsGet(method):
                Calls.Increment("connector.member");
                await WriteAsync(context, w => WriteMember(w, user), cancellationToken);
                return;
        }
        Calls.Increment("connector.unknown " + method);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>Completes the turn waiting in the conversation; a message no turn waited for is counted apart.</summary>
    private void Delivered(string api, string conversation)
    {
        if (!_board.Delivered(conversation)) Calls.Increment(api + " (no turn waiting)");
    }

    private static void WriteMember(Utf8JsonWriter w, string userId)
    {
        var person = BenchPerson.FromId(userId);
        w.WriteString("id", userId);
        w.WriteString("name", person.Name);
        w.WriteString("aadObjectId", person.ObjectId);
        w.WriteString("givenName", person.GivenName);
        w.WriteString("surname", person.Surname);
        w.WriteString("email", person.Email);
        w.WriteString("userPrincipalName", person.Email);
        w.WriteString("tenantId", BenchIdentities.TenantId);
        w.WriteString("userRole", "user");
    }

    private async Task SlackAsync(HttpContext context, string method, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request.BodyReader, cancellationToken);
        var fields = SlackFields(context.Request.ContentType, body);
        Calls.Increment("slack." + method);
        var channel = fields.GetValueOrDefault("channel");
        switch (method)
        {
            case "chat.postMessage":
            {
                if (channel is not null) Delivered("slack.chat.postMessage", SlackPrefix + channel);
                var ts = NextTs();
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("channel", channel);
                    w.WriteString("ts", ts);
                    w.WriteStartObject("message");
                    w.WriteString("user", BenchIdentities.SlackBotUserId);
                    w.WriteString("type", "message");
                    w.WriteString("ts", ts);
                    w.WriteString("bot_id", BenchIdentities.SlackBotId);
                    w.WriteString("app_id", BenchIdentities.SlackAppId);
                    w.WriteString("team", BenchIdentities.SlackTeamId);
                    w.WriteStartObject("bot_profile");
                    w.WriteString("id", BenchIdentities.SlackBotId);
                    w.WriteString("app_id", BenchIdentities.SlackAppId);
                    w.WriteString("name", BenchIdentities.BotName);
                    w.WriteBoolean("deleted", false);
                    w.WriteString("team_id", BenchIdentities.SlackTeamId);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, cancellationToken);
                return;
            }
            case "chat.postEphemeral":
                if (channel is not null) Delivered("slack.chat.postEphemeral", SlackPrefix + channel);
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("message_ts", NextTs());
                }, cancellationToken);
                return;
            case "chat.update":
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("channel", channel);
                    w.WriteString("ts", fields.GetValueOrDefault("ts"));
                    w.WriteString("text", "");
                }, cancellationToken);
                return;
            case "users.info":
                await WriteAsync(context, w => WriteSlackUser(w, fields.GetValueOrDefault("user") ?? ""), cancellationToken);
                return;
            case "conversations.open":
            {
                var user = fields.GetValueOrDefault("users") ?? "";
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteBoolean("no_op", true);
                    w.WriteBoolean("already_open", true);
                    w.WriteStartObject("channel");
                    w.WriteString("id", "D" + user.TrimStart('U', 'W'));
                    w.WriteEndObject();
                }, cancellationToken);
                return;
            }
            case "auth.test":
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteString("url", "https://bench-workspace.slack.com/");
                    w.WriteString("team", "Bench Workspace");
                    w.WriteString("user", "switchboard");
                    w.WriteString("team_id", BenchIdentities.SlackTeamId);
                    w.WriteString("user_id", BenchIdentities.SlackBotUserId);
                    w.WriteString("bot_id", BenchIdentities.SlackBotId);
                    w.WriteBoolean("is_enterprise_install", false);
                }, cancellationToken);
                return;
            case "views.open":
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", true);
                    w.WriteStartObject("view");
                    w.WriteString("id", "V" + NextId().ToString(CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }, cancellationToken);
                return;
            default:
                await WriteAsync(context, w =>
                {
                    w.WriteBoolean("ok", false);
                    w.WriteString("error", "unknown_method");
                }, cancellationToken);
                return;
        }
    }

    private static void WriteSlackUser(Utf8JsonWriter w, string userId)
    {
        var person = BenchPerson.FromId(userId);
        w.WriteBoolean("ok", true);
        w.WriteStartObject("user");
        w.WriteString("id", userId);
        w.WriteString("team_id", BenchIdentities.SlackTeamId);
        w.WriteString("name", person.Email.Split('@')[0]);
        w.WriteBoolean("deleted", false);
        w.WriteString("color", "9f69e7");
        w.WriteString("real_name", person.Name);
        w.WriteString("tz", "Europe/Berlin");
        w.WriteString("tz_label", "Central European Time");
        w.WriteNumber("tz_offset", 3600);
        w.WriteStartObject("profile");
        w.WriteString("title", "Analyst");
        w.WriteString("phone", "");
        w.WriteString("skype", "");
        w.WriteString("real_name", person.Name);
        w.WriteString("real_name_normalized", person.Name);
        w.WriteString("display_name", person.Name);
        w.WriteString("display_name_normalized", person.Name);
        w.WriteString("status_text", "");
        w.WriteString("status_emoji", "");
        w.WriteString("avatar_hash", "g" + person.ObjectId[..11]);
        w.WriteString("email", person.Email);
        w.WriteString("first_name", person.GivenName);
        w.WriteString("last_name", person.Surname);
        w.WriteString("image_24", "https://secure.gravatar.com/avatar/" + person.ObjectId + ".jpg?s=24");
        w.WriteString("image_48", "https://secure.gravatar.com/avatar/" + person.ObjectId + ".jpg?s=48");
        w.WriteString("image_72", "https://secure.gravatar.com/avatar/" + person.ObjectId + ".jpg?s=72");
        w.WriteString("team", BenchIdentities.SlackTeamId);
        w.WriteEndObject();
        w.WriteBoolean("is_admin", false);
        w.WriteBoolean("is_owner", false);
        w.WriteBoolean("is_primary_owner", false);
        w.WriteBoolean("is_restricted", false);
        w.WriteBoolean("is_ultra_restricted", false);
        w.WriteBoolean("is_bot", false);
        w.WriteBoolean("is_app_user", false);
        w.WriteNumber("updated", 1_700_000_000);
        w.WriteBoolean("is_email_confirmed", true);
        w.WriteString("who_can_share_contact_card", "EVERYONE");
        w.WriteEndObject();
    }

    /// <summary>The top-level string fields of a Web API call: JSON (Switchboard) or a form (the Slack SDKs).</summary>
    private static Dictionary<string, string> SlackFields(string? contentType, byte[] body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return fields;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) fields[name] = reader.GetString()!;
                else reader.Skip();
            }
            return fields;
        }
        foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))) fields[key] = value.ToString();
        return fields;
    }

    private long NextId() => Interlocked.Increment(ref _ids);

    private string NextTs()
    {
        var n = NextId();
        return (DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture) + "." + (n % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static Task WriteIdAsync(HttpContext context, string id, CancellationToken cancellationToken) =>
        WriteAsync(context, w => w.WriteString("id", id), cancellationToken);

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> writeProperties, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        await WriteAsync(context, buffer.WrittenMemory, cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, cancellationToken);
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task DiscardBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Bench.Turns;

/// <summary>Which conversations the turns land in.</summary>
public enum ConversationMix
{
    /// <summary>A new conversation (and a new person) for every turn: no cache or stored state helps.</summary>
    Fresh,

    /// <summary>A fixed pool of conversations recurs; each worker owns a slice, so one conversation has one turn in flight.</summary>
    Repeat,
}

/// <summary>One turn to send: the conversation its reply will arrive in, and the signed HTTP request.</summary>
public sealed record TurnRequest(string Conversation, HttpRequestMessage Message);

/// <summary>
/// Makes the requests of one platform: a fresh delivery id (activity id, event_id) on every request, the
/// conversation chosen by the <see cref="ConversationMix"/>, and one of the request texts employees write.
/// Conversation and user ids look like the platform's (length included) and are unique per bench process.
/// </summary>
public abstract class TurnSource(ConversationMix mix, int repeatPool)
{
    // Unique per bench process, so ids never collide with an earlier run's state.
    protected static readonly string Tag = RandomText("abcdefghijklmnopqrstuvwxyz0123456789", 6);
    private static long _fresh;
    private static long _deliveries;

    // Turns each worker has sent in its slice of the repeat pool; each worker touches only its own entry.
    private long[] _turnsOfWorker = [0];

    public ConversationMix Mix => mix;

    /// <summary>Sets how many workers share the repeat pool (each owns pool entries w, w + workers, ...).</summary>
    public void Assign(int workers)
    {
        if (mix == ConversationMix.Repeat && repeatPool < workers)
            throw new ArgumentException($"The repeat pool ({repeatPool}) must hold at least one conversation per connection ({workers}).");
        _turnsOfWorker = new long[workers];
    }

    public TurnRequest Next(int worker)
    {
        var delivery = Interlocked.Increment(ref _deliveries);
        var conversation = mix == ConversationMix.Fresh
            ? new ConversationSlot('f', Interlocked.Increment(ref _fresh))
            : new ConversationSlot('r', PooledIndex(worker));
        var text = RequestTexts.All[(int)(delivery % RequestTexts.All.Count)];
        return Build(conversation, delivery, text, Credentials.Valid);
    }

    /// <summary>A turn in a new conversation whose credentials (token signature, request signature) are wrong.</summary>
    public TurnRequest Forged()
    {
        var delivery = Interlocked.Increment(ref _deliveries);
        return Build(new ConversationSlot('x', Interlocked.Increment(ref _fresh)), delivery, RequestTexts.All[0], Credentials.Forged);
    }

    protected abstract TurnRequest Build(ConversationSlot conversation, long delivery, string text, Credentials credentials);

    protected enum Credentials
    {
        Valid,
        Forged,
    }

    private long PooledIndex(int worker)
    {
        var workers = _turnsOfWorker.Length;
        var turn = _turnsOfWorker[worker]++;
        var owned = (repeatPool - worker + workers - 1) / workers;
        return worker + (long)workers * (turn % owned);
    }

    protected static string RandomText(string alphabet, int length) =>
        string.Create(length, alphabet, (span, letters) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
        });

    protected static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    protected static HttpRequestMessage Post(Uri url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }

    /// <summary>A conversation: 'f' + a never-reused number, or 'r' + its index in the repeat pool.</summary>
    protected readonly record struct ConversationSlot(char Kind, long Number)
    {
        public string Hex => Kind + Tag + Number.ToString("x10", CultureInfo.InvariantCulture);

        public string Base36 => (Kind + Tag + ToBase36(Number, 8)).ToUpperInvariant();
    }

    protected static string ToBase36(long value, int width)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> text = stackalloc char[16];
        var position = text.Length;
        do
        {
            text[--position] = digits[(int)(value % 36)];
            value /= 36;
        } while (value > 0);
        while (text.Length - position < width) text[--position] = '0';
        return new string(text[position..]);
    }
}

/// <summary>
/// Personal-chat <c>message</c> activities as Teams sends them to <c>POST /api/messages</c>: a bearer token
/// signed by the bench's channel key (audience = the bot's app id, <c>serviceurl</c> = the fake Connector) and
/// the activity's serviceUrl pointing at the fake, so the reply comes back to the bench.
/// </summary>
public sealed class TeamsTurns(Uri endpoint, string serviceUrl, ChannelTokens tokens, ConversationMix mix, int repeatPool)
    : TurnSource(mix, repeatPool)
{
    // Real personal-chat and user ids are long opaque strings; these pad ours to a similar length.
    private static readonly string ConversationPadding = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 56);
    private static readonly string UserPadding = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 44);

    protected override TurnRequest Build(ConversationSlot conversation, long delivery, string text, Credentials credentials)
    {
        var conversationId = $"a:1{conversation.Hex}{ConversationPadding}";
        var userId = $"29:1{conversation.Hex}{UserPadding}";
        var person = BenchPerson.FromId(userId);
        var now = DateTimeOffset.UtcNow;
        var body = Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteString("textFormat", "plain");
            w.WriteString("type", "message");
            w.WriteString("timestamp", now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("localTimestamp", now.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture));
            w.WriteString("id", $"f:{Tag}{delivery:D12}");
            w.WriteString("channelId", ChannelTokens.ChannelId);
            w.WriteString("serviceUrl", serviceUrl);
            w.WriteStartObject("from");
            w.WriteString("id", userId);
            w.WriteString("name", person.Name);
            w.WriteString("aadObjectId", person.ObjectId);
            w.WriteEndObject();
            w.WriteStartObject("conversation");
            w.WriteString("conversationType", "personal");
            w.WriteString("tenantId", BenchIdentities.TenantId);
            w.WriteString("id", conversationId);
            w.WriteEndObject();
            w.WriteStartObject("recipient");
            w.WriteString("id", "28:" + tokens.AppId);
            w.WriteString("name", BenchIdentities.BotName);
            w.WriteEndObject();
            w.WriteStartArray("entities");
            w.WriteStartObject();
            w.WriteString("locale", "en-US");
            w.WriteString("country", "US");
            w.WriteString("platform", "Web");
            w.WriteString("timezone", "Europe/Berlin");
            w.WriteString("type", "clientInfo");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("channelData");
            w.WriteStartObject("tenant");
            w.WriteString("id", BenchIdentities.TenantId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("locale", "en-US");
            w.WriteString("localTimezone", "Europe/Berlin");
            w.WriteEndObject();
        });
        var message = Post(endpoint, body);
        var authorization = tokens.AuthorizationFor(serviceUrl);
        // A forged token: the right claims, but a signature the channel key never made.
        if (credentials == Credentials.Forged) authorization = authorization[..^8] + (authorization[^8..].StartsWith('A') ? "BBBBBBBB" : "AAAAAAAA");
        message.Headers.TryAddWithoutValidation("Authorization", authorization);
        return new TurnRequest(FakePlatform.TeamsPrefix + conversationId, message);
    }
}

/// <summary>
/// Direct messages to the bot as the Events API delivers them to <c>POST /api/slack/events</c>: an
/// <c>event_callback</c> envelope around a <c>message</c> event with <c>channel_type: im</c>, signed with the
/// app's signing secret (<c>X-Slack-Signature</c> over <c>v0:{timestamp}:{body}</c>).
/// </summary>
public sealed class SlackTurns(Uri endpoint, string signingSecret, ConversationMix mix, int repeatPool)
    : TurnSource(mix, repeatPool)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(signingSecret);

    protected override TurnRequest Build(ConversationSlot conversation, long delivery, string text, Credentials credentials)
    {
        var user = "U" + conversation.Base36;
        var channel = "D" + conversation.Base36;
        var now = DateTimeOffset.UtcNow;
        var seconds = now.ToUnixTimeSeconds();
        var ts = $"{seconds}.{now.Ticks / 10 % 1_000_000:D6}";
        var body = Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("token", "bench0verification0token");
            w.WriteString("team_id", BenchIdentities.SlackTeamId);
            w.WriteString("context_team_id", BenchIdentities.SlackTeamId);
            w.WriteNull("context_enterprise_id");
            w.WriteString("api_app_id", BenchIdentities.SlackAppId);
            w.WriteStartObject("event");
            w.WriteString("user", user);
            w.WriteString("type", "message");
            w.WriteString("ts", ts);
            w.WriteString("client_msg_id", Guid.NewGuid().ToString());
            w.WriteString("text", text);
            w.WriteString("team", BenchIdentities.SlackTeamId);
            w.WriteStartArray("blocks");
            w.WriteStartObject();
            w.WriteString("type", "rich_text");
            w.WriteString("block_id", ToBase36(delivery % 46656, 3));
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "rich_text_section");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", text);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("channel", channel);
            w.WriteString("event_ts", ts);
            w.WriteString("channel_type", "im");
            w.WriteEndObject();
            w.WriteString("type", "event_callback");
            w.WriteString("event_id", "Ev" + (Tag + ToBase36(delivery, 9)).ToUpperInvariant());
            w.WriteNumber("event_time", seconds);
            w.WriteStartArray("authorizations");
            w.WriteStartObject();
            w.WriteNull("enterprise_id");
            w.WriteString("team_id", BenchIdentities.SlackTeamId);
            w.WriteString("user_id", BenchIdentities.SlackBotUserId);
            w.WriteBoolean("is_bot", true);
            w.WriteBoolean("is_enterprise_install", false);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("is_ext_shared_channel", false);
            w.WriteString("event_context", "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMEJFTkNIMDAxIn0");
            w.WriteEndObject();
        });
        var timestamp = seconds.ToString(CultureInfo.InvariantCulture);
        var message = Post(endpoint, body);
        message.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
        message.Headers.TryAddWithoutValidation("X-Slack-Signature",
            credentials == Credentials.Valid ? Signature(timestamp, body) : "v0=" + new string('0', 64));
        return new TurnRequest(FakePlatform.SlackPrefix + channel, message);
    }

    private string Signature(string timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, signed));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// Kudos on Teams through the real host and engine: the receiver is named by a mention entity as Teams sends it,
/// the card goes to the configured recognition channel and the receiver gets a direct message.
/// </summary>
public sealed class TeamsKudosTests : IAsyncLifetime
{
    private const string KudosChannelId = "19:kudos@thread.tacv2";
    private const string AlexId = "29:1alex-kim";
    private const string AlexName = "Alex Kim";
    private FakeBotFramework _fake = null!;
    private TeamsTestApp _app = null!;
    private TestTokens _tokens = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
        _fake.MemberEmails[AlexId] = "alex.kim@contoso.example";
        _app = await TeamsTestApp.StartAsync(_fake, TestEngine.Real, settings =>
        {
            settings["Kudos:Channels:teams:ConversationId"] = KudosChannelId;
            settings["Kudos:Channels:teams:Endpoint"] = _fake.ServiceUrl;
            settings["Kudos:Channels:teams:OrganizationId"] = TeamsPayloads.TenantId;
        });
        _tokens = new TestTokens(_fake, TeamsPayloads.AppId);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task KudosInPersonalChat_PostsTheCardInTheRecognitionChannelAndMessagesTheReceiver()
    {
        var message = TeamsPayloads.PersonalMessage(_fake.ServiceUrl, $"kudos <at>{AlexName}</at> for fixing my VPN before the board call",
            mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(message)).StatusCode);
        await _app.Services.WaitForOutboxAsync();

        var card = await WaitForChannelCardAsync();
        var text = CardReader.Text(card);
        Assert.Contains(AlexName, text);
        Assert.Contains("fixing my VPN before the board call", text);
        Assert.NotNull(CardReader.FindExecute(card, "kudos.plus-one"));
        await WaitForAsync(() => DirectMessageTo(AlexId)?.Contains("Maya Patel gave you kudos") == true, "Alex's direct message");
        Assert.Contains(_fake.ConnectorWrites, r => r.Path == PersonalActivities && Text(r.Json).Contains($"Kudos sent to {AlexName}"));
    }

    [Fact]
    public async Task KudosToYourself_IsRefusedAndPostsNothingInTheChannel()
    {
        var message = TeamsPayloads.PersonalMessage(_fake.ServiceUrl, $"kudos <at>{TeamsPayloads.RequesterName}</at> for being a star all week",
            mentions: TeamsPayloads.Mentions((TeamsPayloads.RequesterId, TeamsPayloads.RequesterName)));

        await PostAsync(message);
        await _app.Services.WaitForOutboxAsync();

        Assert.Contains(_fake.ConnectorWrites, r => r.Path == PersonalActivities && Text(r.Json).Contains("give kudos to yourself"));
        Assert.DoesNotContain(_fake.ConnectorWrites, IsChannelPost);
    }

    [Fact]
    public async Task KudosInAChannel_TheBotsOwnMentionIsNoRecipient()
    {
        var message = TeamsPayloads.ChannelMention(_fake.ServiceUrl, $"kudos <at>{AlexName}</at> for pairing on the migration all afternoon",
            fromId: TeamsPayloads.RequesterId, fromName: TeamsPayloads.RequesterName, mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        await PostAsync(message);
        await _app.Services.WaitForOutboxAsync();

        var card = await WaitForChannelCardAsync();
        var to = CardReader.Text(card);
        Assert.Contains(AlexName, to);
        Assert.DoesNotContain(TeamsPayloads.BotName, to);
    }

    [Fact]
    public async Task KudosWhoseReasonHoldsMarkupAndMentions_ShowsItLiterallyOnTheCard()
    {
        const string reason = "for **saving** the <at>everyone</at> demo & [the docs](https://evil.example)";
        var message = TeamsPayloads.PersonalMessage(_fake.ServiceUrl, $"kudos <at>{AlexName}</at> {reason}",
            mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        await PostAsync(message);
        await _app.Services.WaitForOutboxAsync();

        var post = await WaitForChannelPostAsync();
        var card = CardReader.CardOf(post.Json)!;
        // The reason is a TextRun (never read as Markdown), character for character, and nobody is mentioned.
        const string literal = "**saving** the <at>everyone</at> demo & [the docs](https://evil.example)";
        Assert.Contains(TextRuns(card), run => run.Contains(literal, StringComparison.Ordinal));
        Assert.DoesNotContain("\"mention\"", post.Body);
        // The receiver's message is Markdown text: the same words arrive escaped, so they read literally there too.
        await WaitForAsync(() => DirectMessageTo(AlexId) is not null, "Alex's direct message");
        Assert.Contains(@"\*\*saving\*\* the &lt;at&gt;everyone&lt;/at&gt; demo &amp; \[the docs\](https://evil.example)", DirectMessageTo(AlexId));
    }

    private static IEnumerable<string> TextRuns(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "TextRun" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => TextRuns(p.Value)),
        JsonArray a => a.SelectMany(TextRuns),
        _ => [],
    };

    private string PersonalActivities => $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities";

    private static bool IsChannelPost(RecordedRequest r) =>
        r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
        r.Json?["channelData"]?["channel"]?["id"]?.GetValue<string>() == KudosChannelId;

    private async Task<RecordedRequest> WaitForChannelPostAsync()
    {
        await WaitForAsync(() => _fake.ConnectorWrites.Any(IsChannelPost), "the kudos card in the recognition channel");
        return _fake.ConnectorWrites.Single(IsChannelPost);
    }

    private async Task<JsonNode> WaitForChannelCardAsync() => CardReader.CardOf((await WaitForChannelPostAsync()).Json)!;

    /// <summary>The text of the last direct message the bot posted to a chat it opened with <paramref name="memberId"/>.</summary>
    private string? DirectMessageTo(string memberId)
    {
        var opened = _fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
                                                              r.Json?["members"]?[0]?["id"]?.GetValue<string>() == memberId);
        if (opened?.Response?["id"]?.GetValue<string>() is not { } chat) return null;
        return _fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith($"/v3/conversations/{chat}/activities", StringComparison.Ordinal)) is { } sent
            ? Text(sent.Json)
            : null;
    }

    private static string Text(JsonNode? activity) => activity?["text"]?.GetValue<string>() ?? "";

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"Waited 10 s for {what}. The Connector got:\n" +
                string.Join("\n", _fake.ConnectorWrites.Select(r => $"{r.Method} {r.Path} {r.Body}")));
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string activity) => _app.PostAsync(activity, _tokens.Channel());
}

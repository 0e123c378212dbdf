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
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
            fake.MemberEmails[AlexId] = "alex.kim@contoso.example";
            settings.KudosInTeams(fake, KudosChannelId);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task KudosInPersonalChat_PostsTheCardInTheRecognitionChannelAndMessagesTheReceiver()
    {
        var message = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, $"kudos <at>{AlexName}</at> for fixing my VPN before the board call",
            mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(message)).StatusCode);
        await _host.Services.WaitForOutboxAsync();

        var card = await WaitForChannelCardAsync();
        var text = CardReader.Text(card);
        Assert.Contains(AlexName, text);
        Assert.Contains("fixing my VPN before the board call", text);
        Assert.NotNull(CardReader.FindExecute(card, "kudos.plus-one"));
        await WaitForAsync(() => DirectMessageTo(AlexId)?.Contains("Maya Patel gave you kudos") == true, "Alex's direct message");
        Assert.Contains(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && Text(r.Json).Contains($"Kudos sent to {AlexName}"));
    }

    [Fact]
    public async Task KudosToYourself_IsRefusedAndPostsNothingInTheChannel()
    {
        var message = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, $"kudos <at>{TeamsPayloads.RequesterName}</at> for being a star all week",
            mentions: TeamsPayloads.Mentions((TeamsPayloads.RequesterId, TeamsPayloads.RequesterName)));

        await _host.PostAsync(message);
        await _host.Services.WaitForOutboxAsync();

        Assert.Contains(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && Text(r.Json).Contains("give kudos to yourself"));
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, IsChannelPost);
    }

    [Fact]
    public async Task KudosInAChannel_TheBotsOwnMentionIsNoRecipient()
    {
        var message = TeamsPayloads.ChannelMention(_host.Fake.ServiceUrl, $"kudos <at>{AlexName}</at> for pairing on the migration all afternoon",
            fromId: TeamsPayloads.RequesterId, fromName: TeamsPayloads.RequesterName, mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        await _host.PostAsync(message);
        await _host.Services.WaitForOutboxAsync();

        var card = await WaitForChannelCardAsync();
        var to = CardReader.Text(card);
        Assert.Contains(AlexName, to);
        Assert.DoesNotContain(TeamsPayloads.BotName, to);
    }

    [Fact]
    public async Task KudosWhoseReasonHoldsMarkupAndMentions_ShowsItLiterallyOnTheCard()
    {
        const string reason = "for **saving** the <at>everyone</at> demo & [the docs](https://evil.example)";
        var message = TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, $"kudos <at>{AlexName}</at> {reason}",
            mentions: TeamsPayloads.Mentions((AlexId, AlexName)));

        await _host.PostAsync(message);
        await _host.Services.WaitForOutboxAsync();

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

    private static bool IsChannelPost(RecordedRequest r) =>
        r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
        r.Json?["channelData"]?["channel"]?["id"]?.GetValue<string>() == KudosChannelId;

    private async Task<RecordedRequest> WaitForChannelPostAsync()
    {
        await WaitForAsync(() => _host.Fake.ConnectorWrites.Any(IsChannelPost), "the kudos card in the recognition channel");
        return _host.Fake.ConnectorWrites.Single(IsChannelPost);
    }

    private async Task<JsonNode> WaitForChannelCardAsync() => CardReader.CardOf((await WaitForChannelPostAsync()).Json)!;

    /// <summary>The text of the last direct message the bot posted to a chat it opened with <paramref name="memberId"/>.</summary>
    private string? DirectMessageTo(string memberId)
    {
        var opened = _host.Fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
                                                              r.Json?["members"]?[0]?["id"]?.GetValue<string>() == memberId);
        if (opened?.Response?["id"]?.GetValue<string>() is not { } chat) return null;
        return _host.Fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith($"/v3/conversations/{chat}/activities", StringComparison.Ordinal)) is { } sent
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
                string.Join("\n", _host.Fake.ConnectorWrites.Select(r => $"{r.Method} {r.Path} {r.Body}")));
            await Task.Delay(20, CancellationToken.None);
        }
    }
}

using System.Text.Json.Nodes;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackKudosTests : IAsyncLifetime
{
    private const string KudosChannel = "C0KUDOS";
    private SlackApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackApp.StartAsync(new Dictionary<string, string?>
    {
        ["Kudos:Channels:slack:ConversationId"] = KudosChannel,
        ["Kudos:Channels:slack:OrganizationId"] = "T0CONTOSO",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KudosCommand_WithAMention_PostsTheCardInTheRecognitionChannelAndMessagesTheReceiver()
    {
        await _app.CommandAsync("/kudos", "<@UADMIN|alex.kim> for fixing my laptop in ten minutes <!here>", "trigger.kudos.1");

        var card = await _app.WaitForCardAsync(KudosChannel, "kudos.plus-one");
        var text = string.Join("\n", Strings(card.Blocks));
        Assert.Contains("Alex Kim", text);
        Assert.Contains("fixing my laptop in ten minutes", text);
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.AllText.Contains("Maya Patel gave you kudos")),
            "the receiver's direct message");
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [Fact]
    public async Task KudosCommand_ToYourself_IsRefusedAndPostsNothing()
    {
        await _app.CommandAsync("/kudos", "<@U0REQUESTER|maya> for being a star all week", "trigger.kudos.self");

        await _app.Api.WaitForAsync(calls => calls.Any(c => c.AllText.Contains("give kudos to yourself")), "the refusal");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.Str("channel") == KudosChannel);
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The App Home tab end to end: <c>app_home_opened</c> publishes a valid home view, ticket changes republish the
/// homes of the people they concern (once for a burst), and its buttons work.
/// </summary>
public sealed class SlackHomeTests : IAsyncLifetime
{
    private const string Requester = "U0REQUESTER";
    private const string Agent = "UAGENT";
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SlackApp.StartAsync(new Dictionary<string, string?> { ["Queues:HomeRefreshDelay"] = "00:00:02" });
        // A name with Slack's control characters: it must show as written, never as a mention.
        _app.Api.Users[Requester] = ("Maya <!here> & Co", "maya.patel@contoso.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Manifest_EnablesTheHomeTab_AndSubscribesToAppHomeOpened()
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "slack", "manifest.yml"));

        Assert.Contains("home_tab_enabled: true", manifest);
        Assert.Contains("      - app_home_opened\n", manifest);
    }

    [Fact]
    public async Task AppHomeOpened_ByTheRequester_PublishesHerRequestsAsAValidHomeView()
    {
        var ticket = await FileAsync("Dock <!channel> flickers & <https://evil.example|click>");

        Assert.Equal(HttpStatusCode.OK, (await OpenHomeAsync(Requester, "Ev0HOME01")).StatusCode);

        var view = await WaitForHomeAsync(Requester, v => v.ToJsonString().Contains(ticket.Number.ToString()));
        AssertValidHomeView(view);
        var text = view.ToJsonString();
        Assert.Contains("Your requests (1 open)", text);
        Assert.DoesNotContain("Your queue", text);
        // Escaped for mrkdwn: shown literally, pinging nobody and linking nowhere.
        Assert.Contains("Dock \\u0026lt;!channel\\u0026gt; flickers \\u0026amp; \\u0026lt;https://evil.example|click\\u0026gt;", text);
        Assert.DoesNotContain("<!channel>", text);
    }

    [Fact]
    public async Task AppHomeOpened_OnTheMessagesTab_PublishesNothing()
    {
        await OpenHomeAsync(Requester, "Ev0HOME02", tab: "messages");
        await OpenHomeAsync(Requester, "Ev0HOME03");

        await WaitForHomeAsync(Requester, _ => true);
        Assert.Single(_app.Api.CallsTo("views.publish"));
    }

    [Fact]
    public async Task AgentsHome_ShowsTheQueue_AndABurstOfChangesRepublishesItOnce()
    {
        var ticket = await FileAsync("Laptop fan is loud");
        await OpenHomeAsync(Agent, "Ev0HOME04");
        var first = await WaitForHomeAsync(Agent, v => v.ToJsonString().Contains(ticket.Number.ToString()));
        AssertValidHomeView(first);
        Assert.Contains("Your queue (1 open)", first.ToJsonString());
        Assert.Contains("from Maya \\u0026lt;!here\\u0026gt; \\u0026amp; Co", first.ToJsonString());
        var before = PublishesTo(Agent);

        // Three changes in quick succession, as an agent working the ticket makes them.
        var service = _app.Services.GetRequiredService<TicketService>();
        var agent = new PersonRef(SlackPlatform.Id, Agent, "Alex K.");
        await service.ChangeAsync(ticket.Number, new TicketChange(Verbs.AssignToMe, agent, DeliveryId: "burst-1"), CancellationToken.None);
        await service.ChangeAsync(ticket.Number, new TicketChange(Verbs.Start, agent, DeliveryId: "burst-2"), CancellationToken.None);
        await service.ChangeAsync(ticket.Number, new TicketChange(Verbs.WaitOnRequester, agent, "Which dock model?", DeliveryId: "burst-3"), CancellationToken.None);
        await _app.Services.WaitForOutboxAsync();
        await WaitForQueueAsync(HomePages.QueueName);

        Assert.Equal(before + 1, PublishesTo(Agent));
        var last = _app.Api.CallsTo("views.publish").Last(c => c.Str("user_id") == Agent).Body["view"]!.AsObject();
        Assert.Contains("Waiting on requester", last.ToJsonString());
    }

    [Fact]
    public async Task HomeButton_AssignToMe_AssignsTheTicketAndShowsItAtOnce()
    {
        var ticket = await FileAsync("Monitor flickers");
        await OpenHomeAsync(Agent, "Ev0HOME05");
        var home = await WaitForHomeAsync(Agent, v => v.ToJsonString().Contains(ticket.Number.ToString()));
        var before = PublishesTo(Agent);

        Assert.Equal(HttpStatusCode.OK, (await ClickOnHomeAsync(home, QueueVerbs.AssignToMe, Agent)).StatusCode);

        await _app.WaitForTicketsAsync("slack:" + Requester, t => t[0].Assignee?.Key == "slack:" + Agent, "the assignment");
        var after = await WaitForHomeAsync(Agent, v => v.ToJsonString().Contains("with Alex K."), skip: before);
        Assert.DoesNotContain(QueueVerbs.AssignToMe, after.ToJsonString());
        // The click is confirmed in the agent's DM, where a click on the home tab is answered.
        await _app.Api.WaitForCallAsync("chat.postEphemeral", c => c.Str("channel") == "D" + Agent && c.AllText.Contains($"You took {ticket.Number}"));
    }

    private async Task<Ticket> FileAsync(string summary)
    {
        var trigger = $"trigger.home.{Guid.NewGuid():N}";
        await _app.CommandAsync("/request", "", trigger);
        var view = (await _app.Api.WaitForCallAsync("views.open", c => c.Str("trigger_id") == trigger)).Body["view"]!;
        await _app.SubmitViewAsync(view, Requester,
            SlackApp.WithSelect(SlackApp.WithSelect(SlackApp.TextState(("summary", summary)), "team", "it"), "priority", "Normal"), $"V{Guid.NewGuid():N}");
        var tickets = await _app.WaitForTicketsAsync("slack:" + Requester, t => t.Any(x => x.Summary == summary), "the ticket");
        await _app.Services.WaitForOutboxAsync();
        return tickets.First(t => t.Summary == summary);
    }

    private Task<HttpResponseMessage> OpenHomeAsync(string user, string eventId, string tab = "home") =>
        _app.Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-app-home-opened.json", ("user", user), ("tab", tab), ("event_id", eventId)), DateTimeOffset.UtcNow));

    private Task<HttpResponseMessage> ClickOnHomeAsync(JsonObject view, string verb, string user)
    {
        var blocks = view["blocks"]!.AsArray();
        var (block, button) = blocks.OfType<JsonObject>().Where(b => b["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>().Select(e => (Block: b, Element: e)))
            .First(x => x.Element["value"]!.GetValue<string>().Contains($"\"{verb}\"", StringComparison.Ordinal));
        var payload = Payload.Load("block-actions-home.json", ("user", user), ("view_id", "VHOME1"), ("blocks", blocks.ToJsonString()),
            ("action_id", button["action_id"]!.GetValue<string>()), ("block_id", block["block_id"]!.GetValue<string>()),
            ("title", button["text"]!["text"]!.GetValue<string>()), ("value", JsonSerializer.Serialize(button["value"]!.GetValue<string>())),
            ("action_ts", $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Random.Shared.Next(100000, 999999)}"));
        return _app.Client.SendAsync(SlackSigner.Interaction(payload, DateTimeOffset.UtcNow));
    }

    private int PublishesTo(string user) => _app.Api.CallsTo("views.publish").Count(c => c.Str("user_id") == user);

    private async Task<JsonObject> WaitForHomeAsync(string user, Func<JsonObject, bool> match, int skip = 0)
    {
        var calls = await _app.Api.WaitForAsync(all => all.Where(c => c.Method == "views.publish" && c.Str("user_id") == user).Skip(skip)
            .Any(c => match(c.Body["view"]!.AsObject())), $"a home view for {user}");
        return calls.Where(c => c.Method == "views.publish" && c.Str("user_id") == user).Skip(skip).Last(c => match(c.Body["view"]!.AsObject())).Body["view"]!.AsObject();
    }

    private async Task WaitForQueueAsync(string name)
    {
        var queue = _app.Services.GetRequiredService<IWorkQueue>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var stats = await queue.GetStatsAsync(name, CancellationToken.None);
            if (stats.Ready + stats.Leased + stats.Delayed + stats.Waiting == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The {name} queue did not drain: {stats}");
            await Task.Delay(20);
        }
    }

    /// <summary>What Slack would refuse in a home view: more than 100 blocks, and the Block Kit limits per block.</summary>
    private static void AssertValidHomeView(JsonObject view)
    {
        Assert.Equal("home", view["type"]!.GetValue<string>());
        var blocks = view["blocks"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.InRange(blocks.Count, 1, 100);
        var blockIds = blocks.Select(b => b["block_id"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Equal(blockIds.Count, blockIds.Distinct().Count());
        foreach (var block in blocks)
        {
            var type = block["type"]!.GetValue<string>();
            Assert.Contains(type, new[] { "header", "context", "section", "actions", "divider" });
            if (type == "header") Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, 150);
            if (type == "section" && block["text"] is JsonObject text) Assert.InRange(text["text"]!.GetValue<string>().Length, 1, 3000);
            if (type != "actions") continue;
            var elements = block["elements"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.InRange(elements.Count, 1, 25);
            foreach (var button in elements.Where(e => e["type"]!.GetValue<string>() == "button"))
            {
                Assert.InRange(button["text"]!["text"]!.GetValue<string>().Length, 1, 75);
                Assert.InRange(button["value"]!.GetValue<string>().Length, 1, 2000);
                Assert.StartsWith("sb_act_", button["action_id"]!.GetValue<string>());
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}

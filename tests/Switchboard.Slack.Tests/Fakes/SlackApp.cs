using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Core.Requests;
using Switchboard.Core.Storage;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>
/// The whole Switchboard host (<see cref="WebApplicationFactory{Program}"/>) with Slack pointed at a
/// <see cref="FakeSlackApi"/>, plus helpers that act as Slack users: DM the bot, click card buttons, submit modals.
/// </summary>
public sealed partial class SlackApp : IAsyncDisposable
{
    public const string ItChannel = "C0ITDESK";
    public const string RequesterDm = "D0MAYADM";

    private readonly SwitchboardFactory _factory;
    private readonly bool _ownsApi;

    private SlackApp(FakeSlackApi api, SwitchboardFactory factory, bool ownsApi)
    {
        Api = api;
        _factory = factory;
        _ownsApi = ownsApi;
        Client = factory.CreateClient();
    }

    public FakeSlackApi Api { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public ITicketStore Tickets => Services.GetRequiredService<ITicketStore>();

    /// <summary>
    /// Starts the host; with <paramref name="sharedApi"/>, on a fake Slack another host uses too (the caller disposes it);
    /// <paramref name="services"/> replaces services after the host's own (a store that fails on cue).
    /// </summary>
    public static async Task<SlackApp> StartAsync(IDictionary<string, string?>? extra = null, FakeSlackApi? sharedApi = null, Action<IServiceCollection>? services = null)
    {
        var api = sharedApi ?? await FakeSlackApi.StartAsync();
        api.Users["U0REQUESTER"] = ("Maya Patel", "maya.patel@contoso.example");
        api.Users["UAGENT"] = ("Alex K.", null);
        api.Users["UADMIN"] = ("Alex Kim", "alex.kim@contoso.example");
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackSigner.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = api.BaseUrl,
            ["Slack:ChannelBurst"] = "10",
            ["Slack:ServiceTeamChannels:it:ChannelId"] = ItChannel,
            ["Slack:ServiceTeamChannels:it:WorkspaceId"] = "T0CONTOSO",
            ["ServiceTeams:it:Agents:0:Ids:0"] = "slack:UAGENT",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var factory = new SwitchboardFactory(settings, services);
        return new SlackApp(api, factory, ownsApi: sharedApi is null);
    }

    public Task<HttpResponseMessage> DirectMessageAsync(string text, string eventId, string user = "U0REQUESTER", int? retry = null) =>
        Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-dm-message.json", ("user", user), ("text", text), ("event_id", eventId)), DateTimeOffset.UtcNow, retry));

    public Task<HttpResponseMessage> MentionAsync(string text, string channel, string eventId, string user) =>
        Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-app-mention.json", ("user", user), ("text", text), ("channel", channel), ("event_id", eventId)), DateTimeOffset.UtcNow));

    public Task<HttpResponseMessage> ThreadMentionAsync(string text, string channel, string threadTs, string eventId, string user) =>
        Client.SendAsync(SlackSigner.Json("/api/slack/events",
            Payload.Load("event-app-mention-in-thread.json", ("user", user), ("text", text), ("channel", channel), ("thread_ts", threadTs), ("event_id", eventId)), DateTimeOffset.UtcNow));

    public Task<HttpResponseMessage> CommandAsync(string command, string text, string triggerId, string user = "U0REQUESTER") =>
        Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("token", "Jhj5dZrVaK7ZwHHjRyZWjbDl"), new("team_id", "T0CONTOSO"), new("team_domain", "contoso"),
            new("channel_id", "C0GENERAL"), new("channel_name", "general"), new("user_id", user), new("user_name", "someone"),
            new("command", command), new("text", text), new("api_app_id", "A0SWITCHBD"),
            new("response_url", "https://hooks.slack.com/commands/T0CONTOSO/1/x"), new("trigger_id", triggerId),
        ], DateTimeOffset.UtcNow));

    /// <summary>The newest version (posted or updated) of the message in <paramref name="channel"/> that has a button with <paramref name="verb"/>.</summary>
    public Task<SlackCard> WaitForCardAsync(string channel, string verb, Func<SlackCard, bool>? match = null) =>
        WaitForCardAsync(channel, c => c.HasVerb(verb) && (match?.Invoke(c) ?? true), $"a card with {verb} in {channel}");

    public async Task<SlackCard> WaitForCardAsync(string channel, Func<SlackCard, bool> match, string what)
    {
        SlackCard? found = null;
        await Api.WaitForAsync(calls =>
        {
            found = Cards(calls, channel).LastOrDefault(match);
            return found is not null;
        }, what);
        return found!;
    }

    /// <summary>
    /// The confirmation card of a request typed in <paramref name="channel"/>; when the router was unsure and
    /// asked for the team instead, picks <paramref name="team"/> on that card first, as the person would.
    /// </summary>
    public async Task<SlackCard> WaitForConfirmationAsync(string channel, string user, string team = "it")
    {
        var card = await WaitForCardAsync(channel, c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team"), $"an intake card in {channel}");
        if (!card.HasVerb("intake.set-team")) return card;
        await ClickAsync(card, "intake.set-team", user, WithSelect([], "team", team).ToJsonString());
        var ts = card.Ts;
        return await WaitForCardAsync(channel, "intake.submit", c => c.Ts == ts);
    }

    /// <summary>Every card message in a channel, in the order Slack saw them (posts and updates).</summary>
    public static IEnumerable<SlackCard> Cards(IReadOnlyList<SlackApiCall> calls, string channel)
    {
        foreach (var call in calls)
        {
            if (call.Body["blocks"] is not JsonArray blocks || call.Str("channel") != channel) continue;
            var ts = call.Method switch
            {
                "chat.update" => call.Str("ts"),
                "chat.postMessage" => call.Answer?["ts"]?.GetValue<string>(),
                _ => null,
            };
            if (ts is not null) yield return new SlackCard(channel, ts, blocks, call);
        }
    }

    /// <summary>Clicks the card's button for <paramref name="verb"/>, or chooses its entry in the card's "More" menu.</summary>
    public Task<HttpResponseMessage> ClickAsync(SlackCard card, string verb, string user, string state = "{}") =>
        Client.SendAsync(SlackSigner.Interaction(ClickPayload(card, verb, user, state), DateTimeOffset.UtcNow));

    /// <summary>The <c>block_actions</c> payload of that click (posted over HTTP, or sent in a Socket Mode envelope).</summary>
    public static string ClickPayload(SlackCard card, string verb, string user, string state = "{}")
    {
        var (element, entry) = card.Control(verb);
        var actions = card.Blocks.OfType<JsonObject>().First(b => b["type"]!.GetValue<string>() == "actions");
        return Payload.Load(entry is null ? "block-actions.json" : "block-actions-overflow.json",
            ("user", user), ("channel", card.Channel), ("message_ts", card.Ts), ("blocks", card.Blocks.ToJsonString()), ("state", state),
            ("action_id", element["action_id"]!.GetValue<string>()), ("block_id", actions["block_id"]!.GetValue<string>()),
            ("title", (entry ?? element)["text"]!["text"]!.GetValue<string>()), ("value", JsonSerializer.Serialize((entry ?? element)["value"]!.GetValue<string>())),
            ("action_ts", $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Random.Shared.Next(100000, 999999)}"));
    }

    public Task<HttpResponseMessage> SubmitViewAsync(JsonNode view, string user, JsonObject state, string viewId) =>
        Client.SendAsync(SlackSigner.Interaction(SubmissionPayload(view, user, state, viewId), DateTimeOffset.UtcNow));

    /// <summary>The <c>view_submission</c> payload of the modal <paramref name="view"/> filled in with <paramref name="state"/>.</summary>
    public static string SubmissionPayload(JsonNode view, string user, JsonObject state, string viewId) =>
        Payload.Load("view-submission.json", ("user", user), ("view_id", viewId),
            ("callback_id", view["callback_id"]!.GetValue<string>()),
            ("private_metadata", JsonSerializer.Serialize(view["private_metadata"]?.GetValue<string>() ?? "")),
            ("state", state.ToJsonString()));

    public static JsonObject TextState(params (string Id, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Id, (JsonNode?)new JsonObject
        {
            [v.Id] = new JsonObject { ["type"] = "plain_text_input", ["value"] = v.Value },
        })));

    public static JsonObject WithSelect(JsonObject state, string id, string value)
    {
        state[id] = new JsonObject { [id] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };
        return state;
    }

    public async Task<IReadOnlyList<Ticket>> WaitForTicketsAsync(string requesterKey, Func<IReadOnlyList<Ticket>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<Ticket> tickets = [];
        while (DateTime.UtcNow < deadline)
        {
            tickets = await Tickets.ListByRequesterAsync(requesterKey, CancellationToken.None);
            if (done(tickets)) return tickets;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Timed out waiting for {what}; tickets: {string.Join(", ", tickets.Select(t => $"{t.Number} {t.Status}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_ownsApi) await Api.DisposeAsync();
        if (_teams is not null) await _teams.DisposeAsync();
    }

    private sealed class SwitchboardFactory(IDictionary<string, string?> settings, Action<IServiceCollection>? services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.ClearProviders());
            if (services is not null) builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>A card message as Slack has it: where it is and its blocks.</summary>
public sealed record SlackCard(string Channel, string Ts, JsonArray Blocks, SlackApiCall Call)
{
    public string Text => Blocks.ToJsonString();

    public bool HasVerb(string verb) => Verbs.Contains(verb);

    /// <summary>The verbs of the card's buttons and of its "More" menu's entries.</summary>
    public IEnumerable<string> Verbs => Controls.Select(c => VerbOf(c.Entry ?? c.Element));

    /// <summary>The button for <paramref name="verb"/>, or the menu holding it and the entry.</summary>
    public (JsonObject Element, JsonObject? Entry) Control(string verb) => Controls.First(c => VerbOf(c.Entry ?? c.Element) == verb);

    private static string VerbOf(JsonObject valued) => JsonNode.Parse(valued["value"]!.GetValue<string>())!["v"]!.GetValue<string>();

    private IEnumerable<(JsonObject Element, JsonObject? Entry)> Controls =>
        Blocks.OfType<JsonObject>()
            .Where(b => b["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())
            .SelectMany(e => e["options"] is JsonArray options
                ? options.OfType<JsonObject>().Select(o => (e, (JsonObject?)o))
                : [(e, null)]);
}

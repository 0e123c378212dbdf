using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Giving kudos through Slack's modal: <c>/kudos</c> alone and the "Thank the author" message shortcut open it, its
/// submission gives through the same rules as a typed kudos, and a rule that bites is shown on the field it concerns.
/// </summary>
public sealed class SlackKudosFormTests : IAsyncLifetime
{
    private const string KudosChannel = "C0KUDOS";
    private const string Maya = "U0REQUESTER";
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SlackApp.StartAsync(new Dictionary<string, string?>
        {
            ["Kudos:Channels:slack:ConversationId"] = KudosChannel,
            ["Kudos:Values:0:Name"] = "ownership",
            ["Kudos:Values:0:Emoji"] = "🚀",
            ["Kudos:Values:1:Name"] = "teamwork",
            ["Kudos:ValueRequirement"] = "Required",
            ["Kudos:MinimumReasonLength"] = "12",
            ["Kudos:Allowance"] = "2",
        });
        _app.Api.Users["U0COLLEAGUE"] = ("Sam Rivera", "sam.rivera@contoso.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KudosCommand_WithoutText_OpensTheModalWithAPeoplePickerTheValuesAndTheMessage()
    {
        var response = await _app.CommandAsync("/kudos", "", "trigger.kudos.form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_app.Api.CallsTo("views.open"));
        Assert.Equal("trigger.kudos.form", call.Str("trigger_id"));
        var blocks = call.Body["view"]!["blocks"]!.AsArray();
        var people = Element(blocks, KudosForm.PeopleInput);
        Assert.Equal("multi_users_select", people["type"]!.GetValue<string>());
        Assert.Null(people["initial_users"]);
        var value = Element(blocks, KudosForm.ValueInput);
        Assert.Equal("static_select", value["type"]!.GetValue<string>());
        Assert.Equal(["ownership", "teamwork"], value["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()).Take(2));
        Assert.False(Block(blocks, KudosForm.ValueInput)["optional"]!.GetValue<bool>());
        var message = Element(blocks, KudosForm.MessageInput);
        Assert.True(message["multiline"]!.GetValue<bool>());
        Assert.Equal(12, message["min_length"]!.GetValue<int>());
    }

    [Fact]
    public async Task KudosModal_Submitted_PostsTheCardInTheRecognitionChannelAndMessagesTheReceiver()
    {
        var view = await OpenFormAsync();

        var response = await SubmitAsync(view, "V0KUDOS1", ["UADMIN"], "ownership", "fixed my laptop in ten minutes <!here>");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        var card = await _app.WaitForCardAsync(KudosChannel, KudosVerbs.PlusOne);
        // Shown literally: plain text, which Slack never turns into a mention or a broadcast.
        Assert.Equal("plain_text", Reason(card, "fixed my laptop in ten minutes <!here>")["type"]!.GetValue<string>());
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Str("text")!.StartsWith("Maya Patel gave you kudos for 🚀 #ownership", StringComparison.Ordinal)),
            "the receiver's direct message");
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postEphemeral" && c.AllText.Contains("Kudos sent to Alex Kim")),
            "the giver's confirmation");
    }

    [Fact]
    public async Task KudosModal_SubmittedTwice_GivesOnceAndChargesOnce()
    {
        var view = await OpenFormAsync();

        await SubmitAsync(view, "V0KUDOS2", ["UADMIN"], "teamwork", "covered my on-call shift at short notice");
        await _app.WaitForCardAsync(KudosChannel, KudosVerbs.PlusOne);
        await SubmitAsync(view, "V0KUDOS2", ["UADMIN"], "teamwork", "covered my on-call shift at short notice");

        var stats = await _app.Services.GetRequiredService<KudosService>().StatsAsync(new PersonRef(SlackPlatform.Id, Maya, "Maya Patel"), CancellationToken.None);
        Assert.Equal(1, stats.Given);
        Assert.Single(SlackApp.Cards(_app.Api.Calls, KudosChannel), c => c.Call.Method == "chat.postMessage");
    }

    [Fact]
    public async Task KudosModal_AllowanceExhausted_IsRefusedOnThePeopleFieldWithTheResetTime()
    {
        var view = await OpenFormAsync();
        await SubmitAsync(view, "V0KUDOS3", ["UADMIN", "UAGENT"], "teamwork", "ran the office move without a hitch");
        await _app.WaitForCardAsync(KudosChannel, KudosVerbs.PlusOne);

        var response = await SubmitAsync(view, "V0KUDOS4", ["U0COLLEAGUE"], "teamwork", "answered every question at the all-hands");

        var errors = await ErrorsAsync(response);
        var error = Assert.Single(errors);
        Assert.Equal(KudosForm.PeopleInput, error.Key);
        Assert.Contains("You've given all 2 kudos you have this week. Your allowance resets", error.Value!.GetValue<string>());
    }

    [Fact]
    public async Task KudosModal_ShortMessage_IsRefusedOnTheMessageField()
    {
        var view = await OpenFormAsync();

        var response = await SubmitAsync(view, "V0KUDOS5", ["UADMIN"], "ownership", "thanks!");

        var error = Assert.Single(await ErrorsAsync(response));
        Assert.Equal(KudosForm.MessageInput, error.Key);
        Assert.Contains("at least 12 characters", error.Value!.GetValue<string>());
        Assert.Empty(SlackApp.Cards(_app.Api.Calls, KudosChannel));
    }

    [Fact]
    public async Task KudosModal_ToYourself_IsRefusedOnThePeopleField()
    {
        var view = await OpenFormAsync();

        var response = await SubmitAsync(view, "V0KUDOS6", [Maya], "ownership", "kept my own laptop alive all week");

        var error = Assert.Single(await ErrorsAsync(response));
        Assert.Equal(KudosForm.PeopleInput, error.Key);
        Assert.Contains("give kudos to yourself", error.Value!.GetValue<string>());
    }

    [Fact]
    public async Task ThankTheAuthor_OnAColleaguesMessage_OpensTheModalWithTheAuthorPickedAndTheMessageQuoted()
    {
        await MessageShortcutAsync("Restarted the build server, <!channel> it's back", author: "U0COLLEAGUE");

        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var blocks = view["blocks"]!.AsArray();
        Assert.Equal(["U0COLLEAGUE"], Element(blocks, KudosForm.PeopleInput)["initial_users"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("\"Restarted the build server, <!channel> it's back\"\n", Element(blocks, KudosForm.MessageInput)["initial_value"]!.GetValue<string>());

        // The quote alone is no reason; with the giver's own words it goes, quote and all, shown literally.
        var quoted = "\"Restarted the build server, <!channel> it's back\"\n";
        var refused = await SubmitAsync(view, "V0THANK1", ["U0COLLEAGUE"], "ownership", quoted);
        Assert.Equal(KudosForm.MessageInput, Assert.Single(await ErrorsAsync(refused)).Key);
        await SubmitAsync(view, "V0THANK1", ["U0COLLEAGUE"], "ownership", quoted + "Saved our release day.");
        var card = await _app.WaitForCardAsync(KudosChannel, KudosVerbs.PlusOne);
        Assert.Contains("Sam Rivera", card.Text);
        Assert.Equal("plain_text", Reason(card, "\"Restarted the build server, <!channel> it's back\"\nSaved our release day.")["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThankTheAuthor_OnABotsMessage_OpensTheModalExplainingThatKudosAreForPeople()
    {
        await MessageShortcutAsync("Build 4512 passed", author: null, botId: "B0CIBOT");

        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var blocks = view["blocks"]!.AsArray();
        Assert.Contains("kudos are for people", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Null(Element(blocks, KudosForm.PeopleInput)["initial_users"]);
    }

    [Fact]
    public async Task ThankTheAuthor_OnYourOwnMessage_OpensTheModalExplainingIt()
    {
        await MessageShortcutAsync("I fixed the printer myself", author: Maya);

        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var blocks = view["blocks"]!.AsArray();
        Assert.Contains("your own message", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Null(Element(blocks, KudosForm.PeopleInput)["initial_users"]);
    }

    private async Task<JsonNode> OpenFormAsync()
    {
        await _app.CommandAsync("/kudos", "", $"trigger.{Guid.NewGuid():N}");
        return (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
    }

    private Task<HttpResponseMessage> SubmitAsync(JsonNode view, string viewId, string[] people, string value, string message)
    {
        var state = SlackApp.TextState((KudosForm.MessageInput, message));
        SlackApp.WithSelect(state, KudosForm.ValueInput, value);
        state[KudosForm.PeopleInput] = new JsonObject
        {
            [KudosForm.PeopleInput] = new JsonObject
            {
                ["type"] = "multi_users_select",
                ["selected_users"] = new JsonArray(people.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            },
        };
        // Slack lists the state in the view's block order: the picker first.
        var ordered = new JsonObject();
        foreach (var id in new[] { KudosForm.PeopleInput, KudosForm.ValueInput, KudosForm.MessageInput })
            ordered[id] = state[id]!.DeepClone();
        return _app.SubmitViewAsync(view, Maya, ordered, viewId);
    }

    private Task<HttpResponseMessage> MessageShortcutAsync(string text, string? author, string? botId = null)
    {
        var payload = JsonNode.Parse(Payload.Load("message-action.json", ("user", Maya), ("text", text)))!.AsObject();
        payload["callback_id"] = KudosForm.ThankAuthorEntryPoint;
        var message = payload["message"]!.AsObject();
        message.Remove("user");
        if (author is not null) message["user"] = author;
        if (botId is not null)
        {
            message["bot_id"] = botId;
            message["subtype"] = "bot_message";
        }
        return _app.Client.SendAsync(SlackSigner.Interaction(payload.ToJsonString(), DateTimeOffset.UtcNow));
    }

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", body["response_action"]!.GetValue<string>());
        return body["errors"]!.AsObject();
    }

    /// <summary>The text element of the card that holds <paramref name="reason"/>, exactly.</summary>
    private static JsonObject Reason(SlackCard card, string reason) =>
        card.Blocks.OfType<JsonObject>().Select(b => b["text"] as JsonObject).OfType<JsonObject>()
            .Single(t => t["text"]?.GetValue<string>() == reason);

    private static JsonObject Block(JsonArray blocks, string id) =>
        blocks.OfType<JsonObject>().Single(b => b["block_id"]?.GetValue<string>() == id);

    private static JsonObject Element(JsonArray blocks, string id) => Block(blocks, id)["element"]!.AsObject();
}

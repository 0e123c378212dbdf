using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Switchboard.Core.Kudos;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// The "Give kudos" message extension through the real host and engine: <c>composeExtension/fetchTask</c> opens the
/// form in a dialog (from a message's menu, prefilled with its author and a quote), <c>composeExtension/submitAction</c>
/// gives the kudos, and a rule that bites brings the form back with the reason.
/// </summary>
public sealed class TeamsKudosExtensionTests : IAsyncLifetime
{
    private const string KudosChannelId = "19:kudos@thread.tacv2";
    private const string ChannelId = "19:design-team@thread.tacv2";
    private const string MayaObjectId = "5a6b7c8d-0000-4000-8000-000000000001";
    private const string AlexId = "29:1alex-kim";
    private const string AlexObjectId = "0b1c2d3e-0000-4000-8000-00000000a1e7";
    private const string AlexName = "Alex Kim";
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.AddMember(TeamsPayloads.RequesterId, TeamsPayloads.RequesterName, "maya.patel@contoso.example", MayaObjectId);
            fake.AddMember(AlexId, AlexName, "alex.kim@contoso.example", AlexObjectId);
            settings.KudosInTeams(fake, KudosChannelId);
            settings["Kudos:MinimumReasonLength"] = "12";
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FetchTaskFromTheComposeBox_OpensTheFormWithTheTeamsPeoplePicker()
    {
        var response = await _host.PostAsync(Invoke("composeExtension/fetchTask", new JsonObject { ["commandId"] = KudosForm.GiveEntryPoint, ["commandContext"] = "compose" }));

        var form = await DialogCardAsync(response);
        var picker = Input(form, KudosForm.PeopleInput);
        Assert.Equal("Input.ChoiceSet", picker["type"]!.GetValue<string>());
        Assert.True(picker["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal("graph.microsoft.com/users", picker["choices.data"]!["dataset"]!.GetValue<string>());
        Assert.True(picker["isRequired"]!.GetValue<bool>());
        var message = Input(form, KudosForm.MessageInput);
        Assert.True(message["isMultiline"]!.GetValue<bool>());
        Assert.Equal("^[\\s\\S]{12,}$", message["regex"]!.GetValue<string>());
        Assert.Equal(KudosForm.Verb, form["actions"]![0]!["data"]!["sbVerb"]!.GetValue<string>());
    }

    [Fact]
    public async Task FetchTaskFromAMessage_PrefillsItsAuthorAndAQuoteOfIt()
    {
        var response = await _host.PostAsync(Invoke("composeExtension/fetchTask", FromMessage(
            new JsonObject { ["user"] = new JsonObject { ["id"] = AlexObjectId, ["displayName"] = AlexName, ["userIdentityType"] = "aadUser" } },
            "<p>I moved the <b>standup</b> to 10:00 &amp; booked the room</p>")));

        var form = await DialogCardAsync(response);
        var picker = Input(form, KudosForm.PeopleInput);
        Assert.Equal(AlexObjectId, picker["value"]!.GetValue<string>());
        Assert.Equal(AlexName, picker["choices"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("\"I moved the standup to 10:00 & booked the room\"\n", Input(form, KudosForm.MessageInput)["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task FetchTaskFromABotsMessage_ExplainsThatKudosAreForPeople()
    {
        var response = await _host.PostAsync(Invoke("composeExtension/fetchTask", FromMessage(
            new JsonObject { ["application"] = new JsonObject { ["id"] = "28:ci-bot", ["displayName"] = "Build Bot", ["applicationIdentityType"] = "bot" } },
            "<p>Build 4512 passed</p>")));

        var form = await DialogCardAsync(response);
        Assert.Equal("That message is from Build Bot, a bot, and kudos are for people. Pick who you want to thank.", form["body"]![0]!["text"]!.GetValue<string>());
        Assert.Null(Input(form, KudosForm.PeopleInput)["value"]);
    }

    [Fact]
    public async Task SubmitActionFromTheComposeBox_GivesTheKudosAndInsertsTheCard()
    {
        var form = await DialogCardAsync(await _host.PostAsync(Invoke("composeExtension/fetchTask",
            new JsonObject { ["commandId"] = KudosForm.GiveEntryPoint, ["commandContext"] = "compose" })));

        var response = await _host.PostAsync(Invoke("composeExtension/submitAction", Submission(form, "compose", AlexObjectId, "redesigned the onboarding flow in a week")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["composeExtension"]!;
        Assert.Equal(("result", "list"), (result["type"]!.GetValue<string>(), result["attachmentLayout"]!.GetValue<string>()));
        var inserted = result["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", inserted["contentType"]!.GetValue<string>());
        Assert.Contains("redesigned the onboarding flow in a week", CardReader.Text(inserted["content"]));
        await _host.Services.WaitForOutboxAsync();
        await WaitForAsync(() => _host.Fake.ConnectorWrites.Any(IsChannelPost), "the card in the recognition channel");
        await WaitForAsync(() => DirectMessageTo(AlexId)?.Contains("Maya Patel gave you kudos") == true, "Alex's direct message");
    }

    [Fact]
    public async Task SubmitActionFromAMessage_WhenARuleBites_ShowsTheFormAgainWithTheReason()
    {
        var form = await DialogCardAsync(await _host.PostAsync(Invoke("composeExtension/fetchTask", FromMessage(
            new JsonObject { ["user"] = new JsonObject { ["id"] = AlexObjectId, ["displayName"] = AlexName } }, "<p>Fixed it</p>"))));

        var response = await _host.PostAsync(Invoke("composeExtension/submitAction", Submission(form, "message", AlexObjectId, "\"Fixed it\"\nthanks!")));

        var again = await DialogCardAsync(response);
        Assert.Contains("at least 12 characters", again["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("\"Fixed it\"\nthanks!", Input(again, KudosForm.MessageInput)["value"]!.GetValue<string>());
        Assert.Equal(AlexObjectId, Input(again, KudosForm.PeopleInput)["value"]!.GetValue<string>());
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, IsChannelPost);

        var fixedUp = await _host.PostAsync(Invoke("composeExtension/submitAction", Submission(again, "message", AlexObjectId, "\"Fixed it\"\nYou saved our demo this morning.")));

        var task = JsonNode.Parse(await fixedUp.Content.ReadAsStringAsync())!["task"]!;
        Assert.Equal("message", task["type"]!.GetValue<string>());
        Assert.StartsWith($"Kudos sent to {AlexName}.", task["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAction_ToYourself_ShowsTheFormAgainAndGivesNothing()
    {
        var form = await DialogCardAsync(await _host.PostAsync(Invoke("composeExtension/fetchTask",
            new JsonObject { ["commandId"] = KudosForm.GiveEntryPoint, ["commandContext"] = "compose" })));

        var again = await DialogCardAsync(await _host.PostAsync(Invoke("composeExtension/submitAction", Submission(form, "compose", MayaObjectId, "for being a star all week long"))));

        Assert.Contains("give kudos to yourself", again["body"]![0]!["text"]!.GetValue<string>());
        await _host.Services.WaitForOutboxAsync();
        Assert.DoesNotContain(_host.Fake.ConnectorWrites, IsChannelPost);
    }

    [Fact]
    public async Task DialogCard_IsValidAdaptiveCard15_ApartFromTeamsPeoplePickerDataset()
    {
        var form = await DialogCardAsync(await _host.PostAsync(Invoke("composeExtension/fetchTask", FromMessage(
            new JsonObject { ["user"] = new JsonObject { ["id"] = AlexObjectId, ["displayName"] = AlexName } }, "<p>Fixed it</p>"))));

        // "choices.data" is Teams' extension of Input.ChoiceSet (its people picker); the 1.5 schema does not know it.
        Input(form, KudosForm.PeopleInput).Remove("choices.data");
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "adaptive-card-1.5.json")));
        using var document = JsonDocument.Parse(form.ToJsonString());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    /// <summary>The dialog's submission as Teams sends it: the submit button's data with the inputs' values.</summary>
    private static JsonObject Submission(JsonNode form, string context, string people, string message)
    {
        var data = form["actions"]![0]!["data"]!.AsObject().DeepClone().AsObject();
        data[KudosForm.PeopleInput] = people;
        data[KudosForm.MessageInput] = message;
        return new JsonObject { ["commandId"] = KudosForm.GiveEntryPoint, ["commandContext"] = context, ["data"] = data };
    }

    private static JsonObject FromMessage(JsonObject from, string html) => new()
    {
        ["commandId"] = KudosForm.GiveEntryPoint,
        ["commandContext"] = "message",
        ["messagePayload"] = new JsonObject
        {
            ["id"] = "1700000000456",
            ["replyToId"] = null,
            ["createdDateTime"] = "2026-11-27T09:12:00.000Z",
            ["messageType"] = "message",
            ["importance"] = "normal",
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html },
            ["from"] = from,
            ["linkToMessage"] = "https://teams.microsoft.com/l/message/19:design-team@thread.tacv2/1700000000456",
        },
    };

    /// <summary>A message-extension invoke from Maya in a team channel (where the bot is installed), as Teams sends it.</summary>
    private string Invoke(string name, JsonObject value) => $$"""
        {
          "name": "{{name}}",
          "type": "invoke",
          "timestamp": "{{DateTimeOffset.UtcNow:O}}",
          "localTimestamp": "{{DateTimeOffset.UtcNow:O}}",
          "id": "f:{{TeamsPayloads.NewId()}}",
          "channelId": "msteams",
          "serviceUrl": "{{_host.Fake.ServiceUrl}}",
          "from": { "id": "{{TeamsPayloads.RequesterId}}", "name": "{{TeamsPayloads.RequesterName}}", "aadObjectId": "{{MayaObjectId}}" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{{TeamsPayloads.TenantId}}", "id": "{{ChannelId}}" },
          "recipient": { "id": "{{TeamsPayloads.BotId}}", "name": "{{TeamsPayloads.BotName}}" },
          "entities": [ { "locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Berlin", "type": "clientInfo" } ],
          "channelData": {
            "channel": { "id": "{{ChannelId}}" },
            "team": { "id": "{{TeamsPayloads.TeamId}}" },
            "tenant": { "id": "{{TeamsPayloads.TenantId}}" },
            "source": { "name": "compose" }
          },
          "value": {{value.ToJsonString()}},
          "locale": "en-US"
        }
        """;

    private static async Task<JsonNode> DialogCardAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["task"]!;
        Assert.Equal("continue", task["type"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", task["value"]!["card"]!["contentType"]!.GetValue<string>());
        return task["value"]!["card"]!["content"]!;
    }

    private static JsonObject Input(JsonNode form, string id) =>
        form["body"]!.AsArray().OfType<JsonObject>().Single(i => i["id"]?.GetValue<string>() == id);

    private static bool IsChannelPost(RecordedRequest r) =>
        r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
        r.Json?["channelData"]?["channel"]?["id"]?.GetValue<string>() == KudosChannelId;

    /// <summary>The text of the last direct message the bot posted to a chat it opened with <paramref name="memberId"/>.</summary>
    private string? DirectMessageTo(string memberId)
    {
        var opened = _host.Fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) &&
                                                              r.Json?["members"]?[0]?["id"]?.GetValue<string>() == memberId);
        if (opened?.Response?["id"]?.GetValue<string>() is not { } chat) return null;
        return _host.Fake.ConnectorWrites.LastOrDefault(r => r.Path.EndsWith($"/v3/conversations/{chat}/activities", StringComparison.Ordinal)) is { } sent
            ? sent.Json?["text"]?.GetValue<string>()
            : null;
    }

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

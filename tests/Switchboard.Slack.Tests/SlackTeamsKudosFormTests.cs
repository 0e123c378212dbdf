using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// The kudos form across platforms: a Slack user picks, in Slack's modal, someone who uses Switchboard on Teams, and a
/// Teams user picks, in the message extension, someone who uses it on Slack; each receiver is told on their own
/// platform. Whole host, both fakes; Teams without an app id.
/// </summary>
public sealed class SlackTeamsKudosFormTests : IAsyncLifetime
{
    private const string AlexEmail = "alex.kim@contoso.example";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string TeamsAlex = "29:1alex-kim";
    private const string TeamsAlexObjectId = "5a6b7c8d-0000-4000-8000-000000000002";
    private const string TeamsAlexChat = "a:1personal-alex";
    private const string TeamsMaya = "29:1maya-patel";
    private const string TeamsMayaChat = "a:1personal-maya";
    private const string KudosChannel = "C0KUDOS";

    private FakeBotFramework _connector = null!;
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotFramework.StartAsync();
        _connector.AddMember(TeamsAlex, "Alex Kim", AlexEmail, TeamsAlexObjectId);
        _connector.AddMember(TeamsMaya, "Maya Patel", "maya.patel@contoso.example", "5a6b7c8d-0000-4000-8000-000000000001");
        _app = await SlackApp.StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "",
            ["Teams:TrustedServiceHosts:0"] = _connector.BaseUrl,
            ["Kudos:Channels:slack:ConversationId"] = KudosChannel,
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task SlackUserPicksATeamsUserInTheModal_TheDirectMessageReachesThemInTeams()
    {
        // Alex uses Switchboard on Teams: the directory knows his Teams chat and his e-mail.
        await PostTeamsAsync(Activity("message", TeamsAlex, "Alex Kim", TeamsAlexObjectId, TeamsAlexChat, "\"text\": \"help\","));
        await WaitForDirectoryAsync(p => p.Identities.Any(i => i.DirectChat?.ConversationId == TeamsAlexChat));

        // Maya, on Slack, picks Alex's Slack account in the modal (users.info gives the same e-mail).
        await _app.CommandAsync("/kudos", "", "trigger.kudos.cross.form");
        var view = (await _app.Api.WaitForCallAsync("views.open")).Body["view"]!;
        var state = SlackApp.TextState((KudosForm.MessageInput, "got my laptop back the same day"));
        state[KudosForm.PeopleInput] = new JsonObject
        {
            [KudosForm.PeopleInput] = new JsonObject { ["type"] = "multi_users_select", ["selected_users"] = new JsonArray("UADMIN") },
        };
        Assert.Equal(HttpStatusCode.OK, (await _app.SubmitViewAsync(view, "U0REQUESTER", state, "V0CROSS1")).StatusCode);

        await _app.WaitForCardAsync(KudosChannel, KudosVerbs.PlusOne);
        await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal)
                                           && c.Body.Contains("Maya Patel gave you kudos"), "the kudos in Alex's Teams chat");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("gave you kudos"));
    }

    [Fact]
    public async Task TeamsUserPicksASlackUserInTheMessageExtension_TheDirectMessageReachesThemInSlack()
    {
        // Alex uses Switchboard on Slack: his DM there, and his e-mail, are in the directory.
        await _app.DirectMessageAsync("help", "Ev0ALEXHELP", user: "UADMIN");
        await WaitForDirectoryAsync(p => p.Identities.Any(i => i.Key == "slack:UADMIN" && i.DirectChat is not null));

        // Maya, on Teams, picks Alex in the dialog: Teams gives his Entra object id, the roster his Teams account and e-mail.
        var submit = Activity("invoke", TeamsMaya, "Maya Patel", "5a6b7c8d-0000-4000-8000-000000000001", TeamsMayaChat, $$"""
            "name": "composeExtension/submitAction",
            "value": {
              "commandId": "{{KudosForm.GiveEntryPoint}}",
              "commandContext": "compose",
              "data": { "sbVerb": "{{KudosForm.Verb}}", "sbPeople": "people", "people": "{{TeamsAlexObjectId}}", "message": "walked me through the new expense tool" }
            },
            """);
        var response = await PostTeamsAsync(submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("result", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["composeExtension"]!["type"]!.GetValue<string>());
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.AllText.Contains("Maya Patel gave you kudos")),
            "the kudos in Alex's Slack DM");
        Assert.DoesNotContain(_connector.Requests, r => r.Method == "POST" && r.Body.Contains("gave you kudos"));
    }

    private async Task WaitForDirectoryAsync(Func<Person, bool> done)
    {
        var people = _app.Services.GetRequiredService<PeopleDirectory>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await people.FindByEmailAsync(AlexEmail, CancellationToken.None) is { } alex && done(alex)) return;
            await Task.Delay(25);
        }
        throw new TimeoutException("Alex never reached the people directory as expected.");
    }

    /// <summary>A Teams activity from a personal chat, as Teams posts it; <paramref name="fields"/> adds its kind's own fields.</summary>
    private string Activity(string type, string fromId, string fromName, string objectId, string chat, string fields) => $$"""
        {
          {{fields}}
          "type": "{{type}}",
          "textFormat": "plain",
          "timestamp": "{{DateTimeOffset.UtcNow:O}}",
          "id": "{{Guid.NewGuid():N}}",
          "channelId": "msteams",
          "serviceUrl": "{{_connector.ServiceUrl}}",
          "from": { "id": "{{fromId}}", "name": "{{fromName}}", "aadObjectId": "{{objectId}}" },
          "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{chat}}" },
          "recipient": { "id": "28:switchboard", "name": "Switchboard" },
          "channelData": { "tenant": { "id": "{{TenantId}}" } },
          "locale": "en-US"
        }
        """;

    private Task<HttpResponseMessage> PostTeamsAsync(string activity)
    {
        var content = new StringContent(activity, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _app.Client.PostAsync("/api/messages", content);
    }
}

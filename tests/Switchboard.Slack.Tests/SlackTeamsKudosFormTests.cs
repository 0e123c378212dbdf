using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Core.Kudos;
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
    private const string TeamsAlex = "29:1alex-kim";
    private const string TeamsAlexObjectId = "5a6b7c8d-0000-4000-8000-000000000002";
    private const string TeamsAlexChat = "a:1personal-alex";
    private const string KudosChannel = "C0KUDOS";

    private SlackApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await SlackApp.StartWithTeamsAsync(teams =>
            {
                teams.AddMember(TeamsAlex, "Alex Kim", AlexEmail, TeamsAlexObjectId);
                teams.AddMember(TeamsPayloads.RequesterId, "Maya Patel", "maya.patel@contoso.example", TeamsPayloads.RequesterObjectId);
            },
            (settings, _) => settings["Kudos:Channels:slack:ConversationId"] = KudosChannel);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SlackUserPicksATeamsUserInTheModal_TheDirectMessageReachesThemInTeams()
    {
        // Alex uses Switchboard on Teams: the directory knows his Teams chat and his e-mail.
        await _app.PostTeamsAsync(TeamsPayloads.PersonalMessage(_app.Teams.ServiceUrl, "help",
            fromId: TeamsAlex, fromName: "Alex Kim", conversationId: TeamsAlexChat, fromObjectId: TeamsAlexObjectId));
        await _app.People.WaitForPersonAsync(AlexEmail, p => p.Identities.Any(i => i.DirectChat?.ConversationId == TeamsAlexChat), "Alex's Teams chat in the people directory");

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
        await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal)
                                           && c.Body.Contains("Maya Patel gave you kudos"), "the kudos in Alex's Teams chat");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("gave you kudos"));
    }

    [Fact]
    public async Task TeamsUserPicksASlackUserInTheMessageExtension_TheDirectMessageReachesThemInSlack()
    {
        // Alex uses Switchboard on Slack: his DM there, and his e-mail, are in the directory.
        await _app.DirectMessageAsync("help", "Ev0ALEXHELP", user: "UADMIN");
        await _app.People.WaitForPersonAsync(AlexEmail, p => p.Identities.Any(i => i.Key == "slack:UADMIN" && i.DirectChat is not null), "Alex's Slack DM in the people directory");

        // Maya, on Teams, picks Alex in the dialog: Teams gives his Entra object id, the roster his Teams account and e-mail.
        var submit = TeamsPayloads.ExtensionInvoke(_app.Teams.ServiceUrl, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = KudosForm.GiveEntryPoint,
            ["commandContext"] = "compose",
            ["data"] = new JsonObject { ["sbVerb"] = KudosForm.Verb, ["sbPeople"] = "people", ["people"] = TeamsAlexObjectId, ["message"] = "walked me through the new expense tool" },
        });
        var response = await _app.PostTeamsAsync(submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("result", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["composeExtension"]!["type"]!.GetValue<string>());
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.AllText.Contains("Maya Patel gave you kudos")),
            "the kudos in Alex's Slack DM");
        Assert.DoesNotContain(_app.Teams.Requests, r => r.Method == "POST" && r.Body.Contains("gave you kudos"));
    }
}

using System.Net;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Kudos across platforms: a Slack user thanks someone who uses Switchboard on Teams (the same e-mail in the people
/// directory), and the thanks reach them in their Teams chat. Whole host, both fakes; Teams without an app id.
/// </summary>
public sealed class SlackTeamsKudosTests : IAsyncLifetime
{
    private const string AlexEmail = "alex.kim@contoso.example";
    private const string TeamsAlex = "29:1alex-kim";
    private const string TeamsAlexChat = "a:1personal-alex";
    private const string KudosChannel = "C0KUDOS";

    private SlackApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await SlackApp.StartWithTeamsAsync(teams => teams.AddMember(TeamsAlex, "Alex Kim", AlexEmail),
            (settings, _) => settings["Kudos:Channels:slack:ConversationId"] = KudosChannel);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SlackUserThanksATeamsUser_TheCardIsInSlackAndTheDirectMessageReachesThemInTeams()
    {
        // Alex uses Switchboard on Teams: the directory knows his Teams chat and his e-mail.
        Assert.Equal(HttpStatusCode.OK, (await PostTeamsMessageAsync("help")).StatusCode);
        await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal), "the help answer in Teams");
        await _app.People.WaitForPersonAsync(AlexEmail, p => p.Identities.Any(i => i.DirectChat is not null), "Alex's Teams chat in the people directory");

        // Maya, on Slack, mentions Alex's Slack account (users.info gives the same e-mail).
        await _app.CommandAsync("/kudos", "<@UADMIN|alex.kim> for getting my laptop back the same day", "trigger.kudos.cross");

        await _app.WaitForCardAsync(KudosChannel, "kudos.plus-one");
        await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal)
                                           && c.Body.Contains("Maya Patel gave you kudos"), "the kudos in Alex's Teams chat");
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.AllText.Contains("Kudos sent to Alex Kim")), "Maya's confirmation");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("gave you kudos"));
    }

    private Task<HttpResponseMessage> PostTeamsMessageAsync(string text) => _app.PostTeamsAsync(TeamsPayloads.PersonalMessage(_app.Teams.ServiceUrl, text,
        fromId: TeamsAlex, fromName: "Alex Kim", conversationId: TeamsAlexChat, fromObjectId: "5a6b7c8d-0000-4000-8000-000000000002"));
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Slack.Tests.Fakes;
using Switchboard.Teams;

namespace Switchboard.Slack.Tests;

/// <summary>
/// One person on Slack and Teams: the same e-mail is one person in the directory, and a direct message finds
/// them on the platform they used last (whole host, both fakes; Teams without an app id, as in Development).
/// </summary>
public sealed class PeopleCrossPlatformTests : IAsyncLifetime
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private const string TeamsMaya = TeamsPayloads.RequesterId;
    private const string TeamsPersonalChat = TeamsPayloads.PersonalConversationId;
    private static readonly CancellationToken None = CancellationToken.None;

    private SlackApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await SlackApp.StartWithTeamsAsync(teams => teams.AddMember(TeamsMaya, "Maya Patel", MayaEmail));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private PeopleDirectory People => _app.People;

    private DirectMessenger Messenger => _app.Services.GetRequiredService<DirectMessenger>();

    [Fact]
    public async Task SameEmailOnSlackAndTeams_IsOnePersonReachedWhereTheyWroteLast()
    {
        await _app.DirectMessageAsync("help", "Ev0CROSS1");
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.RequesterDm);
        await WaitForIdentitiesAsync(1);

        Assert.Equal(HttpStatusCode.OK, (await _app.PostTeamsAsync(TeamsPayloads.PersonalMessage(_app.Teams.ServiceUrl, "help"))).StatusCode);

        var maya = await WaitForIdentitiesAsync(2);
        Assert.Equal(PersonId.ForEmail(MayaEmail), maya.Id);
        Assert.Equal(maya.Id, (await People.FindAsync(new PersonRef(TeamsPlatform.Id, TeamsMaya, ""), None))?.Id);
        Assert.Equal(maya.Id, (await People.FindAsync(new PersonRef(SlackPlatform.Id, "U0REQUESTER", ""), None))?.Id);

        var toTeams = await Messenger.SendAsync(maya.Id, "Tom sent you kudos!", null, None);

        Assert.Equal(TeamsPlatform.Id, toTeams.Platform);
        await _app.Teams.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsPersonalChat}/activities", StringComparison.Ordinal)
                                           && c.Body.Contains("Tom sent you kudos!"), "the kudos in Maya's Teams chat");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("Tom sent you kudos"));

        // Back on Slack: the next message follows her there.
        var slackReplies = _app.Api.CallsTo("chat.postMessage").Count();
        await _app.DirectMessageAsync("help", "Ev0CROSS2");
        await _app.Api.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") > slackReplies, "the second help reply");
        await WaitForLastUsedAsync(SlackPlatform.Id);

        var toSlack = await Messenger.SendAsync(new PersonRef(TeamsPlatform.Id, TeamsMaya, "Maya Patel"), "Survey: how did we do?", null, None);

        Assert.Equal(SlackPlatform.Id, toSlack.Platform);
        var survey = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.AllText.Contains("Survey"));
        Assert.Equal(SlackApp.RequesterDm, survey.Str("channel"));
    }

    private Task<Person> WaitForIdentitiesAsync(int count) =>
        People.WaitForPersonAsync(MayaEmail, p => p.Identities.Count >= count, $"Maya's {count} accounts in the directory");

    private Task WaitForLastUsedAsync(Platform platform) =>
        People.WaitForPersonAsync(MayaEmail, p => p.LastUsed?.Platform == platform, $"Maya's last platform to become {platform}");
}

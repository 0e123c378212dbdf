using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string TeamsMaya = "29:1requester-maya";
    private const string TeamsPersonalChat = "a:1personal-maya";
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBotFramework _connector = null!;
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotFramework.StartAsync();
        _connector.AddMember(TeamsMaya, "Maya Patel", MayaEmail);
        _app = await SlackApp.StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "",
            ["Teams:TrustedServiceHosts:0"] = _connector.BaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private PeopleDirectory People => _app.Services.GetRequiredService<PeopleDirectory>();

    private DirectMessenger Messenger => _app.Services.GetRequiredService<DirectMessenger>();

    [Fact]
    public async Task SameEmailOnSlackAndTeams_IsOnePersonReachedWhereTheyWroteLast()
    {
        await _app.DirectMessageAsync("help", "Ev0CROSS1");
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("channel") == SlackApp.RequesterDm);
        await WaitForIdentitiesAsync(1);

        Assert.Equal(HttpStatusCode.OK, (await PostTeamsMessageAsync("help")).StatusCode);

        var maya = await WaitForIdentitiesAsync(2);
        Assert.Equal(PersonId.ForEmail(MayaEmail), maya.Id);
        Assert.Equal(maya.Id, (await People.FindAsync(new PersonRef(TeamsPlatform.Id, TeamsMaya, ""), None))?.Id);
        Assert.Equal(maya.Id, (await People.FindAsync(new PersonRef(SlackPlatform.Id, "U0REQUESTER", ""), None))?.Id);

        var toTeams = await Messenger.SendAsync(maya.Id, "Tom sent you kudos!", null, None);

        Assert.Equal(TeamsPlatform.Id, toTeams.Platform);
        await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsPersonalChat}/activities", StringComparison.Ordinal)
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

    private async Task<Person> WaitForIdentitiesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Person? maya = null;
        while (DateTime.UtcNow < deadline)
        {
            maya = await People.FindByEmailAsync(MayaEmail, None);
            if (maya?.Identities.Count >= count) return maya;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Maya has {maya?.Identities.Count ?? 0} accounts in the directory, expected {count}.");
    }

    private async Task WaitForLastUsedAsync(Platform platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if ((await People.FindByEmailAsync(MayaEmail, None))?.LastUsed?.Platform == platform) return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Maya's last platform never became {platform}.");
    }

    private Task<HttpResponseMessage> PostTeamsMessageAsync(string text)
    {
        var activity = $$"""
            {
              "text": "{{text}}",
              "textFormat": "plain",
              "type": "message",
              "timestamp": "{{DateTimeOffset.UtcNow:O}}",
              "id": "{{Guid.NewGuid():N}}",
              "channelId": "msteams",
              "serviceUrl": "{{_connector.ServiceUrl}}",
              "from": { "id": "{{TeamsMaya}}", "name": "Maya Patel", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000001" },
              "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{TeamsPersonalChat}}" },
              "recipient": { "id": "28:switchboard", "name": "Switchboard" },
              "channelData": { "tenant": { "id": "{{TenantId}}" } },
              "locale": "en-US"
            }
            """;
        var content = new StringContent(activity, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _app.Client.PostAsync("/api/messages", content);
    }
}

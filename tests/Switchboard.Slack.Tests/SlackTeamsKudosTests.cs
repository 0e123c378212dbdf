using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.People;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// Kudos across platforms: a Slack user thanks someone who uses Switchboard on Teams (the same e-mail in the people
/// directory), and the thanks reach them in their Teams chat. Whole host, both fakes; Teams without an app id.
/// </summary>
public sealed class SlackTeamsKudosTests : IAsyncLifetime
{
    private const string AlexEmail = "alex.kim@contoso.example";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string TeamsAlex = "29:1alex-kim";
    private const string TeamsAlexChat = "a:1personal-alex";
    private const string KudosChannel = "C0KUDOS";

    private FakeBotFramework _connector = null!;
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeBotFramework.StartAsync();
        _connector.AddMember(TeamsAlex, "Alex Kim", AlexEmail);
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
    public async Task SlackUserThanksATeamsUser_TheCardIsInSlackAndTheDirectMessageReachesThemInTeams()
    {
        // Alex uses Switchboard on Teams: the directory knows his Teams chat and his e-mail.
        Assert.Equal(HttpStatusCode.OK, (await PostTeamsMessageAsync("help")).StatusCode);
        await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal), "the help answer in Teams");
        await WaitForAlexAsync();

        // Maya, on Slack, mentions Alex's Slack account (users.info gives the same e-mail).
        await _app.CommandAsync("/kudos", "<@UADMIN|alex.kim> for getting my laptop back the same day", "trigger.kudos.cross");

        await _app.WaitForCardAsync(KudosChannel, "kudos.plus-one");
        await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{TeamsAlexChat}/activities", StringComparison.Ordinal)
                                           && c.Body.Contains("Maya Patel gave you kudos"), "the kudos in Alex's Teams chat");
        await _app.Api.WaitForAsync(calls => calls.Any(c => c.AllText.Contains("Kudos sent to Alex Kim")), "Maya's confirmation");
        Assert.DoesNotContain(_app.Api.CallsTo("chat.postMessage"), c => c.AllText.Contains("gave you kudos"));
    }

    private async Task WaitForAlexAsync()
    {
        var people = _app.Services.GetRequiredService<PeopleDirectory>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if ((await people.FindByEmailAsync(AlexEmail, CancellationToken.None))?.Identities.Any(i => i.DirectChat is not null) == true) return;
            await Task.Delay(25);
        }
        throw new TimeoutException("Alex's Teams chat never reached the people directory.");
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
              "from": { "id": "{{TeamsAlex}}", "name": "Alex Kim", "aadObjectId": "5a6b7c8d-0000-4000-8000-000000000002" },
              "conversation": { "conversationType": "personal", "tenantId": "{{TenantId}}", "id": "{{TeamsAlexChat}}" },
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

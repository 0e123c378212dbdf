using System.Text.Json.Nodes;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// The handshake thank-you end to end on Teams: a request resolved from the channel card, "Yes, it's fixed" on the
/// survey card, one click on "Thank …" posts the kudos in the recognition channel and thanks the agent in their chat;
/// a colleague's "+1" updates that card in place.
/// </summary>
public sealed class TeamsKudosHandshakeTests : IAsyncLifetime
{
    private const string KudosChannelId = "19:kudos@thread.tacv2";
    private const string LenaId = "29:1lena-fischer";
    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
            fake.MemberEmails[TeamsPayloads.AgentId] = "alex.kim@contoso.example";
            settings.ItWorksInTeams(fake).KudosInTeams(fake, KudosChannelId);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task YesFixed_ThankClick_PostsTheKudosAndThanksTheAgent_AndAPlusOneUpdatesTheCardInPlace()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "My VPN drops every call since this morning"));
        var confirmation = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == TeamsHost.PersonalActivities && CardReader.CardOf(r.Json) is not null);
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "intake.submit", CardReader.ClickData(CardReader.CardOf(confirmation.Json)!, "intake.submit"), confirmation.ResponseId!));
        await _host.Services.WaitForOutboxAsync();
        var thread = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == "/amer/v3/conversations");
        var rootId = thread.ResponseId!;
        var resolve = CardReader.ClickData(CardReader.CardOf(thread.Json)!, "ticket.resolve", new Dictionary<string, string> { ["note"] = "Replaced the VPN profile" });
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "ticket.resolve", resolve, rootId, conversationId: $"{TeamsPayloads.ItChannelId};messageid={rootId}",
            conversationType: "channel", fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, id: "f:hand-resolve"));
        await _host.Services.WaitForOutboxAsync();
        var told = Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path == TeamsHost.PersonalActivities && r.Json!["text"]?.GetValue<string>() == "IT-1001 is resolved. Did this fix it?");

        // "Yes, it's fixed": the answered card offers "Thank Alex Kim".
        var answer = CardReader.ClickData(CardReader.CardOf(told.Json)!, "survey.fixed", new Dictionary<string, string> { ["rating"] = "5" });
        var answered = JsonNode.Parse(await (await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "survey.fixed", answer, told.ResponseId!, id: "f:hand-fixed"))).Content.ReadAsStringAsync())!["value"]!;
        Assert.Contains("Thank Alex Kim", CardReader.Text(answered));
        var thanked = await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "kudos.thank-ticket", CardReader.ClickData(answered, "kudos.thank-ticket"), told.ResponseId!, id: "f:hand-thank"));
        await _host.Services.WaitForOutboxAsync();

        Assert.Contains("Thanks sent to Alex Kim.", CardReader.Text(JsonNode.Parse(await thanked.Content.ReadAsStringAsync())!["value"]));
        var post = await WaitForAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                                           && r.Json?["channelData"]?["channel"]?["id"]?.GetValue<string>() == KudosChannelId, "the kudos card in the recognition channel");
        var card = CardReader.CardOf(post.Json)!;
        Assert.Contains("Replaced the VPN profile", CardReader.Text(card));
        await WaitForAsync(r => r.Json?["text"]?.GetValue<string>().StartsWith("Maya Patel thanks you for resolving their request", StringComparison.Ordinal) == true,
            "the agent's thank-you");

        // Lena adds her thanks on the channel card: the same activity is replaced, with her name on it.
        var kudosRoot = post.ResponseId!;
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "kudos.plus-one", CardReader.ClickData(card, "kudos.plus-one"), kudosRoot,
            conversationId: $"{KudosChannelId};messageid={kudosRoot}", conversationType: "channel", fromId: LenaId, fromName: "Lena Fischer", id: "f:hand-plus-one"));
        await _host.Services.WaitForOutboxAsync();
        var update = await WaitForAsync(r => r.Method == "PUT" && r.Path.EndsWith($"/activities/{kudosRoot}", StringComparison.Ordinal) && r.Body.Contains("Thanks also from"),
            "the kudos card updated with Lena's thanks");
        Assert.Contains("Lena Fischer", CardReader.Text(CardReader.CardOf(update.Json)));
        Assert.Single(_host.Fake.ConnectorWrites, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                                                  && r.Json?["channelData"]?["channel"]?["id"]?.GetValue<string>() == KudosChannelId);
    }

    private async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        RecordedRequest? found;
        while ((found = _host.Fake.ConnectorWrites.FirstOrDefault(match)) is null)
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"Waited 10 s for {what}. The Connector got:\n" +
                string.Join("\n", _host.Fake.ConnectorWrites.Select(r => $"{r.Method} {r.Path} {r.Body}")));
            await Task.Delay(20, CancellationToken.None);
        }
        return found;
    }
}

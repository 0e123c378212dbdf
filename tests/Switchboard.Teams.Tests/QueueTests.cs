using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Storage;
using Switchboard.Teams.Tests.Infrastructure;

namespace Switchboard.Teams.Tests;

/// <summary>
/// "queue" on Teams through the real host and engine: the list card is a valid Adaptive Card with a row per ticket,
/// and "Assign to me" on a row assigns the ticket and answers the click with the list brought up to date. (Teams has
/// no home tab; a personal tab is not built, so the chat commands are the way in.)
/// </summary>
public sealed class QueueTests : IAsyncLifetime
{
    private const string AlexChat = "a:1personal-alex";
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "adaptive-card-1.5.json")));

    private TeamsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsHost.StartAsync((fake, settings) =>
        {
            fake.MemberEmails[TeamsPayloads.RequesterId] = "maya.patel@contoso.example";
            settings.ItWorksInTeams(fake);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Queue_InAnAgentsPersonalChat_IsAListCardWhoseAssignToMeTakesTheTicket()
    {
        await FileAsync("My VPN drops every call since this morning");
        _host.Fake.ClearRequests();

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "queue",
            fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, conversationId: AlexChat))).StatusCode);

        var sent = Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == $"/amer/v3/conversations/{AlexChat}/activities" && CardReader.CardOf(r.Json) is not null);
        var list = CardReader.CardOf(sent.Json)!;
        Assert.Empty(SchemaErrors(list));
        var text = CardReader.Text(list);
        Assert.Contains("Your queue (1 open)", text);
        Assert.Contains("IT-1001 · My VPN drops every call since this morning", text);
        var assign = RowAction(list, "queue.assign-me")!;
        Assert.NotNull(RowAction(list, "queue.open"));

        var clicked = await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "queue.assign-me", assign["data"]!.DeepClone().AsObject(), sent.ResponseId!,
            conversationId: AlexChat, fromId: TeamsPayloads.AgentId, fromName: TeamsPayloads.AgentName, title: "Assign to me"));

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        var answer = JsonNode.Parse(await clicked.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.Contains("with Alex Kim", CardReader.Text(answer["value"]));
        Assert.Null(RowAction(answer["value"]!, "queue.assign-me"));
        var ticket = await _host.Services.GetRequiredService<ITicketStore>().GetAsync(new Core.Requests.TicketNumber("IT", 1001), CancellationToken.None);
        Assert.Equal("teams:" + TeamsPayloads.AgentId, ticket!.Assignee!.Key);
    }

    [Fact]
    public async Task Queue_FromSomeoneWhoIsNoAgent_IsRefusedInChat()
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, "queue"));

        Assert.Single(_host.Fake.ConnectorWrites, r => r.Path == $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities" &&
                                                  r.Json!["text"]?.GetValue<string>() == "Only service team agents can do that.");
    }

    private async Task FileAsync(string text)
    {
        await _host.PostAsync(TeamsPayloads.PersonalMessage(_host.Fake.ServiceUrl, text));
        var confirmation = _host.Fake.ConnectorWrites.Last(r => r.Path == $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities" && CardReader.CardOf(r.Json) is not null);
        var card = CardReader.CardOf(confirmation.Json)!;
        await _host.PostAsync(TeamsPayloads.CardAction(_host.Fake.ServiceUrl, "intake.submit", CardReader.ClickData(card, "intake.submit"), confirmation.ResponseId!));
        await _host.Services.WaitForOutboxAsync();
    }

    /// <summary>The <c>Action.Execute</c> with <paramref name="verb"/> in a row's action set.</summary>
    private static JsonObject? RowAction(JsonNode card, string verb) =>
        Descendants(card).FirstOrDefault(o => o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"]?.GetValue<string>() == verb);

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, child) in obj)
                    foreach (var inner in Descendants(child)) yield return inner;
                break;
            case JsonArray array:
                foreach (var child in array)
                    foreach (var inner in Descendants(child)) yield return inner;
                break;
        }
    }

    private static List<string> SchemaErrors(JsonNode card)
    {
        using var document = JsonDocument.Parse(card.ToJsonString());
        var results = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
    }
}

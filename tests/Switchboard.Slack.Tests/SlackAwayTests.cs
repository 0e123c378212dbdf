using Switchboard.Core.Answers;
using Switchboard.Core.Queues;
using Switchboard.Slack.Processing;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>
/// An agent goes away with a ticket overdue: the team's lead is told by direct message through the work queue, through
/// the whole host and a fake Slack. Security works around the clock; its targets are cut to a millisecond here, so the
/// ticket is overdue as soon as it is taken.
/// </summary>
public sealed class SlackAwayTests : IAsyncLifetime
{
    private const string SecurityChannel = "C0SECDESK";
    private SlackApp _app = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Work:Queue:FirstRetryDelay"] = "00:00:00.050",
            ["Slack:ServiceTeamChannels:security:ChannelId"] = SecurityChannel,
            ["Slack:ServiceTeamChannels:security:WorkspaceId"] = "T0CONTOSO",
            ["ServiceTeams:security:Agents:0:Ids:0"] = "slack:UAGENT",
        };
        foreach (var priority in new[] { "Low", "Normal", "High", "Urgent" })
        {
            settings[$"ServiceTeams:security:Sla:FirstResponse:{priority}"] = "00:00:00.001";
            settings[$"ServiceTeams:security:Sla:Resolution:{priority}"] = "00:00:00.001";
        }
        _app = await SlackApp.StartAsync(settings);
        _app.Api.Users["ULEAD"] = ("Victor Lindqvist", "victor.lindqvist@contoso.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GoingAway_WhenSlackFailsTheLeadsMessageOnce_TellsTheLeadOnceAfterTheRetry()
    {
        // The lead has used Switchboard, so the directory knows where to write to him.
        await _app.DirectMessageAsync("hi", "Ev0AWAY01", user: "ULEAD");
        await _app.Api.WaitForCallAsync("chat.postMessage", c => c.AllText.Contains("Switchboard"));
        await TakeASecurityTicketAsync();
        var failed = 0;
        _app.Api.Faults = call => call.Method == "chat.postMessage" && call.AllText.Contains("is away") && Interlocked.Increment(ref failed) == 1
            ? new SlackFault(500)
            : null;

        await _app.DirectMessageAsync("away", "Ev0AWAY02", user: "UAGENT");

        var reply = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Str("text")?.StartsWith("You're away", StringComparison.Ordinal) == true);
        Assert.EndsWith("1 of your open tickets is at risk or overdue; I'm telling Victor Lindqvist so someone can take it.", reply.Str("text"));
        var told = await _app.Api.WaitForCallAsync("chat.postMessage", c => c.Answer is not null && c.AllText.Contains("is away"));
        Assert.StartsWith("Alex Kim is away. 1 of their open Security tickets is at risk or overdue", told.Str("text"));
        // The redelivered "away" (Slack's retry of the same event) queues nothing new.
        await _app.DirectMessageAsync("away", "Ev0AWAY02", user: "UAGENT", retry: 1);
        await _app.Services.WaitForQueueAsync(SlackInboundQueue.Name);
        await _app.Services.WaitForQueueAsync(AwayLeadNotices.QueueName);
        Assert.Equal(2, _app.Api.CallsTo("chat.postMessage").Count(c => c.AllText.Contains("is away")));
        Assert.Single(_app.Api.Done("chat.postMessage"), c => c.AllText.Contains("is away"));
    }

    /// <summary>Maya files a Security request and the agent takes it from the card in Security's channel.</summary>
    private async Task TakeASecurityTicketAsync()
    {
        await _app.DirectMessageAsync("I clicked a link in a suspicious email", "Ev0AWAY03");
        var first = await _app.WaitForCardAsync(SlackApp.RequesterDm,
            c => c.HasVerb("intake.submit") || c.HasVerb("intake.set-team") || c.HasVerb(AnswerVerbs.NeedHelp), "the first card");
        if (first.HasVerb(AnswerVerbs.NeedHelp)) await _app.ClickAsync(first, AnswerVerbs.NeedHelp, "U0REQUESTER");
        var confirmation = await _app.WaitForConfirmationAsync(SlackApp.RequesterDm, "U0REQUESTER", team: "security");
        await _app.ClickAsync(confirmation, "intake.submit", "U0REQUESTER");
        var teamCard = await _app.WaitForCardAsync(SecurityChannel, "ticket.assign-me");
        await _app.ClickAsync(teamCard, "ticket.assign-me", "UAGENT");
        await _app.WaitForCardAsync(SecurityChannel, c => c.Ts == teamCard.Ts && c.Text.Contains("Assigned to*\\nAlex K."), "the taken card");
    }
}
